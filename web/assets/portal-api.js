// The portal's calls to the API: the customer's side, with the portal
// token in X-Portal-Token. Every call resolves to {status, body, retryAfter};
// a network failure is status 0.
async function call(method, path, { token, json, form } = {}) {
  const headers = { Accept: 'application/json' };
  let body;
  if (token) headers['X-Portal-Token'] = token;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  let r;
  try {
    r = await fetch(path, { method, headers, body, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    return { status: 0, body: null, retryAfter: 0 };
  }
  let data = null;
  try {
    data = await r.json();
  } catch (e) {
    data = null;
  }
  return { status: r.status, body: data, retryAfter: parseInt(r.headers.get('Retry-After') || '0', 10) || 0 };
}

const base = '/api/v1/portal/complaints';
const one = (no) => `${base}/${encodeURIComponent(no)}`;

export const register = (fields) => call('POST', base, { json: fields });
export const getComplaint = (no, token) => call('GET', one(no), { token });
export const addMessage = (no, token, text) => call('POST', `${one(no)}/messages`, { token, json: { body: text } });
export const rate = (no, token, rating) => call('POST', `${one(no)}/rating`, { token, json: rating });
export const answerPlan = (no, token, id, answer) =>
  call('POST', `${one(no)}/plans/${encodeURIComponent(id)}/answer`, { token, json: answer });

export function upload(no, token, files) {
  const form = new FormData();
  for (const f of files) form.append('file', f, f.name);
  return call('POST', `${one(no)}/attachments`, { token, form });
}

/* One of the customer's files, as a Blob, or null. */
export async function download(no, token, id) {
  try {
    const r = await fetch(`${one(no)}/attachments/${encodeURIComponent(id)}`, {
      headers: { 'X-Portal-Token': token }, credentials: 'omit', cache: 'no-store',
    });
    return r.ok ? await r.blob() : null;
  } catch (e) {
    return null;
  }
}

/* The error of an answer: {code, field, message}. */
export function errorOf(r) {
  return (r.body && r.body.error) || { code: '', field: '', message: '' };
}

/* The message key for an API error on a field, in the customer's words. */
export function errorKey(err) {
  const f = err.field || '';
  const msg = err.message || '';
  if (f === 'complainant') return ['err.contact'];
  if (err.code === 'missing_field') {
    if (f === 'complainant.phone' || f === 'complainant.email') return ['err.contact'];
    if (f === 'content') return ['err.content'];
    if (f === 'body') return ['err.message'];
    if (f === 'comment') return ['err.comment'];
    if (f === 'satisfaction') return ['err.satisfaction'];
    return ['err.required'];
  }
  if (err.code === 'too_long') {
    const m = /at most (\d+)/.exec(msg);
    return ['err.too_long', { max: m ? m[1] : '?' }];
  }
  if (/future/.test(msg)) return ['err.future'];
  if (f === 'complainant.phone') return ['err.phone'];
  if (f === 'complainant.email') return ['err.email'];
  if (f === 'satisfaction') return ['err.satisfaction'];
  if (f === 'occurred_at' || f === 'purchased_at') return ['err.date'];
  return ['err.invalid'];
}

export const minutes = (seconds) => Math.max(1, Math.ceil((seconds || 60) / 60));
