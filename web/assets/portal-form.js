// portal-form.js - the pieces of the portal's forms, made with dom.js:
// fields and groups of choices in the customer's words (marked where
// they must be filled), errors that follow the language, notices for a
// whole form or page, buttons that say when they are busy, and what an
// API refusal means in the customer's words.

import { h, field, fieldError, uid } from './dom.js';
import { tr, untr } from './i18n.js';

/* Only the fields a customer must fill are marked; the rest may stay empty. */
function labelled(key, required) {
  return [h('span', { tr: key }), required ? [' ', h('span', { class: 'mark req', tr: 'mark.required' })] : null];
}

/* A labelled field: {name, label, hint, required, control: 'input'|
 * 'textarea'|'select', type, options: [[value, words]], maxlength, rows,
 * autocomplete, inputmode, spellcheck, max} where label and hint are keys
 * of the words and an option's words a key or a function giving them.
 * Returns {box, input}. */
export function input(o) {
  const common = {
    name: o.name,
    'aria-required': o.required ? 'true' : null,
    maxlength: o.maxlength || null,
    autocomplete: o.autocomplete || null,
    inputmode: o.inputmode || null,
    spellcheck: o.spellcheck == null ? null : String(o.spellcheck),
  };
  let control;
  if (o.control === 'textarea') control = h('textarea', { ...common, rows: o.rows || 4 });
  else if (o.control === 'select') control = h('select', common, o.options.map(([v, words]) => h('option', { value: v, tr: words })));
  else control = h('input', { ...common, type: o.type || 'text', max: o.max || null });
  const box = field(labelled(o.label, o.required), control, o.hint ? h('span', { tr: o.hint }) : null);
  return { box, input: control };
}

/* A group of radio buttons: {name, legend, hint, options: [[value,
 * words]], checked, inline, required}. Returns {box, inputs, first}. */
export function radios(o) {
  const box = h('fieldset', { id: uid('r') });
  const inputs = [];
  const list = h('div', { class: `choices${o.inline ? ' inline' : ''}` });
  for (const [v, words] of o.options) {
    const id = `${box.id}-${v || 'none'}`;
    const one = h('input', { type: 'radio', id, name: o.name, value: v, checked: o.checked === v });
    inputs.push(one);
    list.append(h('div', { class: 'choice' }, one, h('label', { for: id, tr: words })));
  }
  box.append(list);
  field(labelled(o.legend, o.required), box, o.hint ? h('span', { tr: o.hint }) : null);
  return { box, inputs, first: inputs[0] };
}

/* Shows the words of key (with params) as the error of a field made by
 * input() or radios(); key null clears it. */
export function setError(f, key, params) {
  fieldError(f.inputs ? f.box : f.input, key ? h('span', { tr: [key, params] }) : null);
}

/* A notice box for the whole form or page: kind is 'error', 'ok' or 'info'.
 * An error takes role alert; the others are read out politely. */
export function notice(kind) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', hidden: true });
}

/* Says the words of key (with params) in box; key null empties it. */
export function say(box, key, params) {
  if (!key) {
    box.hidden = true;
    untr(box);
    box.textContent = '';
    return;
  }
  tr(box, key, params);
  box.hidden = false;
}

/* A button whose words follow the language; busy() can change them. */
export function button(key, props) {
  const b = h('button', { type: 'submit', ...props, tr: key });
  b.dataset.key = key;
  return b;
}

/* Runs work with the button marked busy (the words of busyKey); a second
 * press meanwhile does nothing. The button keeps the focus. */
export async function busy(btn, busyKey, work) {
  if (btn.getAttribute('aria-busy') === 'true') return undefined;
  btn.setAttribute('aria-busy', 'true');
  btn.setAttribute('aria-disabled', 'true');
  tr(btn, busyKey);
  try {
    return await work();
  } finally {
    btn.removeAttribute('aria-busy');
    btn.removeAttribute('aria-disabled');
    tr(btn, btn.dataset.key);
  }
}

/* The error of an answer of api.js's send(): {code, field, reason, params}. */
export function errorOf(r) {
  return (r.body && r.body.error) || { code: '', field: '', reason: '', params: {} };
}

/* Every error of an answer: a form's wrong fields come back together. */
export function errorsOf(r) {
  const all = r.body && r.body.errors;
  return Array.isArray(all) && all.length ? all : [errorOf(r)];
}

/* The words (key and params) for an API error on a field, in the
 * customer's words: from its code, reason and params, never from the
 * server's English message. */
const BY_FIELD = {
  content: 'err.content', body: 'err.message', comment: 'err.comment',
  satisfaction: 'err.satisfaction', carried_out: 'err.carried',
};
const BY_REASON = {
  not_a_phone: 'err.phone', invalid_email: 'err.email', in_future: 'err.future',
  invalid_date: 'err.date', contact_required: 'err.contact',
};
export function errorKey(err) {
  const f = err.field || '';
  const reason = err.reason || '';
  const params = err.params || {};
  if (f === 'complainant' || reason === 'contact_required') return ['err.contact'];
  if (err.code === 'missing_field') {
    if (f === 'complainant.phone' || f === 'complainant.email') return ['err.contact'];
    return [BY_FIELD[f] || 'err.required'];
  }
  if (reason === 'too_long' || err.code === 'too_long') return ['err.too_long', { max: params.max ?? '?' }];
  if (BY_REASON[reason]) return [BY_REASON[reason]];
  if (f === 'complainant.phone') return ['err.phone'];
  if (f === 'complainant.email') return ['err.email'];
  if (f === 'satisfaction') return ['err.satisfaction'];
  if (f === 'occurred_at' || f === 'purchased_at') return ['err.date'];
  return ['err.invalid'];
}

/* Whole minutes of a Retry-After, at least one. */
export const minutes = (seconds) => Math.max(1, Math.ceil((seconds || 60) / 60));
