// app.js - what every view of the workspace may ask, below the shell
// (workspace.js) and the views alike: who is signed in and what they may
// do, the lists that change rarely (teams, causes, categories: loaded once), going to
// another view, and an API error in words. The shell fills it in; the
// views read it and never reach up to the shell.

import { t, lang, has } from './i18n.js';
import { toast, fieldError } from './dom.js';
import { label } from './fields.js';
import { get, ApiError } from './api.js';

export const app = {
  me: null,
  stage: null,
  today: null, // the business day (YYYY-MM-DD) in the server's zone, from the session
  perms: new Set(),
  can(p) { return this.perms.has(p); },
  cache: new Map(),
  async once(key, load) {
    if (!this.cache.has(key)) this.cache.set(key, load().catch((e) => { this.cache.delete(key); throw e; }));
    return this.cache.get(key);
  },
  teams() { return this.once('teams', async () => (await get('/api/v1/teams')).items || []); },
  causes() { return this.once('causes', async () => (await get('/api/v1/causes')).causes || []); },
  categories() { return this.once('categories', async () => (await get('/api/v1/categories')).categories || []); },
  // to the view at hash; the same one again is drawn anew
  go(hash) {
    if (location.hash === hash) document.dispatchEvent(new CustomEvent('kesu:route'));
    else location.hash = hash;
  },
};

/* The last n days up to the business day, as report periods take them:
 * counted from the server's day, not the browser's clock and zone. */
export function lastDays(n) {
  const p = (x) => String(x).padStart(2, '0');
  const day = (d) => `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  let end = app.today ? new Date(`${app.today}T00:00:00Z`) : null;
  if (!end || Number.isNaN(end.getTime())) {
    const now = new Date();
    end = new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }
  return { from: day(new Date(end.getTime() - (n - 1) * 86400e3)), to: day(end) };
}

/* A cause's words in the page's language (the list keeps all three). */
export function causeLabel(cause) {
  const l = cause.label || {};
  return l[lang()] || l['zh-CN'] || cause.key;
}

/* A category's words in the page's language; its name without a label. */
export function categoryLabel(category) {
  const l = category.label || {};
  return l[lang()] || category.name;
}

/* The words of one API error ({code, field, reason, params}) in the
 * page's language: by its reason, else by its code; a state in the params
 * in the state's own words. Never the server's English message. */
export function errorWords(x) {
  const params = { ...(x.params || {}) };
  for (const k of ['state', 'to']) if (params[k]) params[k] = label('status', params[k]);
  if (x.reason && has(`err_reason.${x.reason}`)) return t(`err_reason.${x.reason}`, params);
  if (x.code && has(`err_code.${x.code}`)) return t(`err_code.${x.code}`, params);
  return t('error');
}

/* The words of a field ('complainant.phone': "Phone"), or '' for a field,
 * header or parameter the pages have no words for. */
export function fieldWords(field) {
  if (!field) return '';
  if (field === 'complainant') return t('f_contact');
  const key = `f_${field.replace(/^complainant\./, '').replace('.', '_')}`;
  return has(key) ? t(key) : '';
}

/* The message an API error shows: its field and what is wrong with it. */
export function explain(e) {
  if (!(e instanceof ApiError) || !e.status) return t('error');
  const x = e.errors[0];
  const words = errorWords(x);
  const name = fieldWords(x.field);
  return name ? t('error_field', { field: name, message: words }) : words;
}

/* Marks every field error of e beside its control (controls: field name
 * -> control made by dom.js's field(); alias: other names for a control)
 * and returns the words of those that have no control ('' if none). The
 * first marked control takes the focus. */
export function showErrors(e, controls, alias = {}) {
  if (!(e instanceof ApiError) || !e.status) return t('error');
  let first = null;
  const rest = [];
  for (const x of e.errors) {
    const el = controls[x.field] || controls[alias[x.field]];
    if (el) {
      fieldError(el, errorWords(x));
      first = first || el;
    } else rest.push(x);
  }
  if (first) first.focus();
  return rest.map((x) => {
    const name = fieldWords(x.field);
    return name ? t('error_field', { field: name, message: errorWords(x) }) : errorWords(x);
  }).join(' ');
}

export function fail(e) {
  toast(explain(e), 'error');
}
