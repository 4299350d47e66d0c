// app.js - what every view of the workspace may ask, below the shell
// (workspace.js) and the views alike: who is signed in and what they may
// do, the lists that change rarely (teams, causes, categories: loaded once), going to
// another view, and an API error in words. The shell fills it in; the
// views read it and never reach up to the shell.

import { t, lang } from './i18n.js';
import { toast } from './dom.js';
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

/* The message an API error shows: its field and what is wrong with it. */
export function explain(e) {
  if (!(e instanceof ApiError) || !e.status) return t('error');
  if (e.status === 403) return e.message ? `${t('forbidden')} (${e.message})` : t('forbidden');
  if (e.status === 404) return t('not_found');
  return e.field ? t('error_field', { field: e.field, message: e.message }) : e.message;
}

export function fail(e) {
  toast(explain(e), 'error');
}
