// i18n.js - the words of the pages in zh-CN (the default), zh-TW and
// English, for the workspace and the portal alike: which language is in
// use (?lang= in the address, then the one chosen before, then zh-CN),
// a page's dictionary and its lookup, and how times, durations and money
// are written in each language. A key missing from the dictionary shows
// as itself, which the browser tests look for. The server's enumerations
// have their own words (fields.js).

export const LANGS = ['zh-CN', 'zh-TW', 'en'];
export const LANG_NAMES = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

const STORE = 'kesu.lang';
const dict = Object.fromEntries(LANGS.map((l) => [l, {}]));
const bound = new WeakMap(); // element -> {key, params}: its text follows the language

/* The language tag for what an address or a person wrote; null if none fits. */
function normalizeLang(s) {
  const v = String(s || '').trim().toLowerCase().replace('_', '-');
  if (!v) return null;
  if (v === 'zh-tw' || v === 'zh-hk' || v === 'zh-mo' || v.startsWith('zh-hant')) return 'zh-TW';
  if (v === 'zh' || v === 'zh-cn' || v === 'zh-sg' || v.startsWith('zh-hans')) return 'zh-CN';
  if (v === 'en' || v.startsWith('en-')) return 'en';
  return null;
}

function pick() {
  const asked = normalizeLang(new URLSearchParams(location.search).get('lang'));
  if (asked) return asked;
  try {
    const saved = normalizeLang(localStorage.getItem(STORE));
    if (saved) return saved;
  } catch { /* storage may be off; the default will do */ }
  return 'zh-CN';
}

let current = pick();
document.documentElement.lang = current;

export function lang() { return current; }

/* Switches to language l: every text put on the page with tr() follows at
 * once, and 'kesu:lang' tells the page to draw the rest again. With
 * remember (a person's choice) the browser keeps it, and an address that
 * asked for a language asks for this one from now on. */
export function setLang(l, remember = true) {
  const next = normalizeLang(l);
  if (!next) return;
  current = next;
  document.documentElement.lang = current;
  if (remember) {
    try { localStorage.setItem(STORE, current); } catch { /* not kept, still used */ }
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', current);
      history.replaceState(history.state, '', url.href);
    }
  }
  for (const el of document.querySelectorAll('[data-tr]')) apply(el);
  document.dispatchEvent(new CustomEvent('kesu:lang'));
}

/* Adds a page's words: {key: [zh-CN, zh-TW, en]}, or one dictionary per
 * language {'zh-CN': {key: words}, 'zh-TW': {...}, en: {...}}. */
export function useWords(words) {
  const perLang = LANGS.every((l) => words[l] && typeof words[l] === 'object' && !Array.isArray(words[l]));
  if (perLang) for (const l of LANGS) Object.assign(dict[l], words[l]);
  else for (const [key, row] of Object.entries(words)) LANGS.forEach((l, i) => { dict[l][key] = row[i]; });
}

/* Every key with its words in the three languages (for the check that
 * none is missing). */
export function words() {
  const keys = new Set(LANGS.flatMap((l) => Object.keys(dict[l])));
  return Object.fromEntries([...keys].map((k) => [k, LANGS.map((l) => dict[l][k])]));
}

export function has(key) { return key in dict[current]; }

/* The words of key in the current language with each {name} filled in
 * from params (a value, or a function called now), as text, never markup. */
export function t(key, params) {
  const s = dict[current][key] ?? dict.en[key] ?? key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in params)) return m;
    const v = params[name];
    return String(typeof v === 'function' ? v() : v);
  });
}

/* Puts t(key, params) into el's text now and after every change of
 * language; key may be a function giving the words (a label of the
 * server's, fields.js). Returns el. */
export function tr(el, key, params) {
  bound.set(el, { key, params });
  el.setAttribute('data-tr', '');
  apply(el);
  return el;
}

/* el's text no longer follows the language (other text goes in). */
export function untr(el) {
  bound.delete(el);
  el.removeAttribute('data-tr');
}

function apply(el) {
  const b = bound.get(el);
  if (b) el.textContent = typeof b.key === 'function' ? b.key() : t(b.key, b.params);
}

const locale = () => (current === 'en' ? 'en-GB' : current);

/* A time of the API (RFC 3339) as the reader's local date and time, short:
 * "2026/12/02 10:00"; withDate false: the time only. */
export function fmtTime(iso, withDate = true) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const o = withDate
    ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale(), o).format(d);
}

/* The same in full words: "Wednesday 2 December 2026 at 10:00". */
/* A day ("2026/12/31"), for what falls due or took effect on a day. */
export function fmtDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

export function fmtDateTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'full', timeStyle: 'short' }).format(d);
}

/* How far iso lies from now: "in 3 hours", "2 days ago". */
export function fmtRelative(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const min = Math.round(ms / 60000);
  if (Math.abs(min) < 60) return rtf.format(min, 'minute');
  const hours = Math.round(ms / 3600000);
  if (Math.abs(hours) < 48) return rtf.format(hours, 'hour');
  return rtf.format(Math.round(ms / 86400000), 'day');
}

/* Working time left, as the clocks count it: days of 7.5 h are not
 * calendar days, so hours and minutes it is. */
export function fmtDuration(ms) {
  const m = Math.max(0, Math.round(ms / 60000));
  const h = Math.floor(m / 60), r = m % 60;
  if (current === 'en') return h ? `${h} h ${r} min` : `${r} min`;
  const unit = current === 'zh-TW' ? ['小時', '分鐘'] : ['小时', '分钟'];
  return h ? `${h} ${unit[0]} ${r} ${unit[1]}` : `${r} ${unit[1]}`;
}

/* An amount in fen as money: "¥300.00". */
export function fmtMoney(fen) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CNY' }).format((fen || 0) / 100);
}
