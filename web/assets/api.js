// api.js - the workspace talks to kesu only through /api/v1. The session
// is an HttpOnly cookie; writes carry the session's CSRF token.

let csrf = null;

export function setCsrf(token) { csrf = token; }

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `HTTP ${status}`);
    this.status = status;
    this.code = e.code || '';
    this.field = e.field || '';
  }
}

export async function api(method, path, body, headers = {}) {
  const h = { Accept: 'application/json', ...headers };
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  const r = await fetch(path, { method, headers: h, body: payload, credentials: 'same-origin' });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!r.ok) {
    const err = new ApiError(r.status, json);
    if (r.status === 401 && !path.endsWith('/session')) document.dispatchEvent(new CustomEvent('kesu:signed-out'));
    throw err;
  }
  if (json && r.headers.get('ETag')) json._etag = r.headers.get('ETag');
  return json || {};
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
export const patch = (path, body, etag) => api('PATCH', path, body, etag ? { 'If-Match': etag } : {});
export const put = (path, body) => api('PUT', path, body);
export const del = (path) => api('DELETE', path);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
