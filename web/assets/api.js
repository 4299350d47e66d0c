// api.js - the pages talk to kesu only through /api/v1, JSON both ways.
// send() answers every call, a refusal or a lost network included; the
// workspace's api() and its shorthands throw an ApiError instead. Staff
// sign in with an HttpOnly session cookie, and their writes carry the
// session's CSRF token; the customers' pages send no cookie at all.

let csrf = null;

export function setCsrf(token) { csrf = token; }

/* A refusal: code (the kind), reason (the rule that refused), field and
 * params of the first error, and errors: every one (a form's wrong fields
 * come back together). The server's English message is kept for the
 * console only; app.js's explain() puts an error into the page's words. */
export class ApiError extends Error {
  constructor(status, body, retryAfter = 0) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.retryAfter = retryAfter; // seconds, from Retry-After
    this.code = e.code || '';
    this.field = e.field || '';
    this.reason = e.reason || '';
    this.params = e.params || {};
    const all = body && Array.isArray(body.errors) && body.errors.length ? body.errors : [e];
    this.errors = all.map((x) => ({ code: x.code || this.code, field: x.field || '',
      reason: x.reason || '', params: x.params || {} }));
  }
}

/* One call. opts: body (sent as JSON, or FormData as it is), headers,
 * credentials ('same-origin'; 'omit' for the customers' pages), keepalive
 * (true: sent even as the page goes away). Resolves
 * to {status, ok, body, headers, retryAfter}; status 0 when the network
 * failed. */
export async function send(method, path, { body, headers = {}, credentials = 'same-origin', keepalive = false } = {}) {
  const h = { Accept: 'application/json', ...headers };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrf && credentials !== 'omit') h['X-CSRF-Token'] = csrf;
  let r;
  try {
    r = await fetch(path, { method, headers: h, body: payload, credentials, cache: 'no-store', keepalive });
  } catch {
    return { status: 0, ok: false, body: null, headers: new Headers(), retryAfter: 0 };
  }
  let json = null;
  try {
    const text = await r.text();
    json = text ? JSON.parse(text) : null;
  } catch { json = null; }
  return { status: r.status, ok: r.ok, body: json, headers: r.headers,
    retryAfter: parseInt(r.headers.get('Retry-After') || '0', 10) || 0 };
}

/* The workspace's call: resolves to the JSON (with the ETag as _etag), or
 * throws an ApiError; a session that ended says so to the page. */
export async function api(method, path, body, headers = {}) {
  const r = await send(method, path, { body, headers });
  if (!r.ok) {
    if (r.status === 401 && !path.endsWith('/session')) document.dispatchEvent(new CustomEvent('kesu:signed-out'));
    throw new ApiError(r.status, r.body, r.retryAfter);
  }
  const json = r.body || {};
  if (r.body && r.headers.get('ETag')) json._etag = r.headers.get('ETag');
  return json;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body, etag) => api('PATCH', path, body, etag ? { 'If-Match': etag } : {});
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

/* A file as a Blob, or null. */
export async function download(path, headers = {}) {
  try {
    const r = await fetch(path, { headers, credentials: 'omit', cache: 'no-store' });
    return r.ok ? await r.blob() : null;
  } catch {
    return null;
  }
}

/* "?a=1&b=2" of the params that have a value; '' for none. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
