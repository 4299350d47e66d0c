// fields.js - the server's enumerations and their words, for the
// workspace and the portal alike: read once from GET /api/v1/fields (kept
// for the browser session, asked again with its ETag), then every list a
// form offers and every label a page shows for a state, a channel, a
// queue... comes from here, in the page's language. The pages keep no
// copy of them, and read a value's properties (a state closed, a
// compensation material) instead of listing names.

import { send, ApiError } from './api.js';
import { lang } from './i18n.js';

const STORE = 'kesu.fields';
let groups = new Map(); // name -> {values: [...], by: Map(name -> value)}
let loading = null;

function use(body) {
  groups = new Map();
  const put = (name, values) => groups.set(name, { values, by: new Map(values.map((v) => [v.name, v])) });
  for (const [name, e] of Object.entries(body.enums || {})) put(name, e.values || []);
  put('role', body.roles || []);
}

/* Reads the enumerations, once for the page; rejects with an ApiError if
 * the server cannot be asked. */
export function loadFields() {
  if (!loading) loading = (async () => {
    let kept = null;
    try { kept = JSON.parse(sessionStorage.getItem(STORE) || 'null'); } catch { kept = null; }
    const r = await send('GET', '/api/v1/fields', { headers: kept && kept.etag ? { 'If-None-Match': kept.etag } : {} });
    if (r.status === 304 && kept) return use(kept.body);
    if (r.status !== 200 || !r.body) throw new ApiError(r.status, r.body);
    try {
      sessionStorage.setItem(STORE, JSON.stringify({ etag: r.headers.get('ETag'), body: r.body }));
    } catch { /* asked again next time */ }
    return use(r.body);
  })().catch((e) => { loading = null; throw e; });
  return loading;
}

/* The value name of enumeration group ('status', 'channel', 'role'...)
 * with its properties; {} if there is none. */
export function value(group, name) {
  const g = groups.get(group);
  return (g && g.by.get(name)) || {};
}

/* A state with its properties: state('closed').closed === true. */
export const state = (name) => value('status', name);

/* The words of value name of group in the page's language; the name
 * itself for a value the server did not list. */
export function label(group, name) {
  if (name == null || name === '') return '';
  const l = value(group, name).label;
  return l ? l[lang()] || l.en : String(name);
}

/* The values of group in the server's order; given: only those a caller
 * may give (not the ones kesu sets itself). */
export function values(group, { given = false } = {}) {
  const g = groups.get(group);
  return g ? g.values.filter((v) => !(given && v.system)) : [];
}

export const names = (group, opts) => values(group, opts).map((v) => v.name);

/* [name, words] of each value, for select(). */
export const options = (group, opts) => values(group, opts).map((v) => [v.name, label(group, v.name)]);
