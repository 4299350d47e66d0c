// The portal's words: the language in use (?lang=, then the one chosen
// before, then zh-CN), the strings of each, and the dates and times shown
// in them. Text that is put on the page with tr() follows a change of
// language without the page being built again.
import zhCN from './portal-zh-cn.js';
import zhTW from './portal-zh-tw.js';
import en from './portal-en.js';

const DICTS = { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
export const LANGS = [
  ['zh-CN', '简体中文'],
  ['zh-TW', '繁體中文'],
  ['en', 'English'],
];
const STORE_KEY = 'kesu.portal.lang';
let lang = 'zh-CN';
const bound = new WeakMap(); // element -> [{attr, key, params}]

/* The language tag for what a URL or a person wrote; null if none fits. */
export function normalizeLang(s) {
  const v = String(s || '').trim().toLowerCase().replace('_', '-');
  if (!v) return null;
  if (v === 'zh-tw' || v === 'zh-hk' || v === 'zh-mo' || v.startsWith('zh-hant')) return 'zh-TW';
  if (v === 'zh' || v === 'zh-cn' || v === 'zh-sg' || v.startsWith('zh-hans')) return 'zh-CN';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return null;
}

export function initialLang() {
  const asked = normalizeLang(new URLSearchParams(location.search).get('lang'));
  if (asked) return asked;
  try {
    const saved = normalizeLang(localStorage.getItem(STORE_KEY));
    if (saved) return saved;
  } catch (e) {
    /* storage may be off; the default will do */
  }
  return 'zh-CN';
}

export function currentLang() {
  return lang;
}

/* The string of key in the current language, with {name} filled from
 * params (a value, or a function called now). */
export function t(key, params) {
  const s = DICTS[lang][key] ?? DICTS.en[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    if (!params || !(name in params)) return m;
    const v = params[name];
    return String(typeof v === 'function' ? v() : v);
  });
}

/* Puts t(key, params) into el (its text, or attribute attr) now and after
 * every change of language. Returns el. */
export function tr(el, key, params, attr) {
  const list = bound.get(el) || [];
  const i = list.findIndex((b) => b.attr === (attr || null));
  const b = { attr: attr || null, key, params };
  if (i >= 0) list[i] = b;
  else list.push(b);
  bound.set(el, list);
  el.setAttribute('data-tr', '');
  apply(el, b);
  return el;
}

function apply(el, b) {
  const s = t(b.key, b.params);
  if (b.attr) el.setAttribute(b.attr, s);
  else el.textContent = s;
}

const listeners = [];
export function onLangChange(fn) {
  listeners.push(fn);
}

export function setLang(l, remember) {
  lang = DICTS[l] ? l : 'zh-CN';
  document.documentElement.lang = lang;
  if (remember) {
    try {
      localStorage.setItem(STORE_KEY, lang);
    } catch (e) {
      /* not remembered, still used */
    }
  }
  for (const el of document.querySelectorAll('[data-tr]'))
    for (const b of bound.get(el) || []) apply(el, b);
  for (const fn of listeners) fn(lang);
}

/* A date-time of the API (RFC 3339) as the reader's local date and time. */
export function formatDateTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(d);
}

/* A date (YYYY-MM-DD) or date-time, as a date. */
export function formatDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
  const d = m ? new Date(+m[1], +m[2] - 1, +m[3]) : new Date(s);
  if (isNaN(d)) return String(s);
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(d);
}

/* How far iso lies from now: "in 3 hours", "2 days ago". */
export function formatRelative(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  const min = Math.round(ms / 60000);
  if (Math.abs(min) < 60) return rtf.format(min, 'minute');
  const hours = Math.round(ms / 3600000);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(ms / 86400000), 'day');
}

/* "Tuesday 2 December 2026 at 10:00 (tomorrow)"-like words for a due time. */
export function formatDue(iso) {
  return t('time.at', { date: formatDateTime(iso), rel: formatRelative(iso) });
}
