// Building the portal's pages: elements made from data, never from markup.
// Text goes in as text nodes, so whatever a customer or the team wrote is
// shown as it was written.
import { tr, t } from './portal-i18n.js';

/* An element: h('p', {class: 'x', tr: 'key'}, child, 'text', ...).
 * Props: class, text, tr (a key, or [key, params]), trAttr ({attr: key}),
 * on ({event: fn}); anything else is an attribute (true: present). */
export function h(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'tr') Array.isArray(v) ? tr(e, v[0], v[1]) : tr(e, v);
    else if (k === 'trAttr') for (const [a, key] of Object.entries(v)) tr(e, key, null, a);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else if (k === 'style' || k.startsWith('on')) throw new Error('no inline code or style: ' + k);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  append(e, children);
  return e;
}

export function append(parent, children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return parent;
}

export function clear(e) {
  while (e.firstChild) e.firstChild.remove();
  return e;
}

/* Only the fields a customer must fill are marked; the rest may stay empty. */
function mark(required) {
  return required ? [' ', h('span', { class: 'mark req', tr: 'mark.required' })] : null;
}

let ids = 0;
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

/* A labelled field: {name, label, hint, required, control: 'input'|'textarea'|
 * 'select', type, options: [[value, key]], maxlength, rows, autocomplete}.
 * Returns {box, input, error} and links hint and error to the input. */
export function field(o) {
  const id = o.id || uid('f');
  const hintId = o.hint ? id + '-hint' : null;
  const errId = id + '-err';
  const label = h('label', { for: id }, h('span', { tr: o.label }), mark(o.required));
  let input;
  const common = {
    id,
    name: o.name,
    'aria-describedby': hintId || null,
    'aria-required': o.required ? 'true' : null,
    maxlength: o.maxlength || null,
    autocomplete: o.autocomplete || null,
    inputmode: o.inputmode || null,
    spellcheck: o.spellcheck == null ? null : String(o.spellcheck),
  };
  if (o.control === 'textarea') {
    input = h('textarea', { ...common, rows: o.rows || 4 });
  } else if (o.control === 'select') {
    input = h('select', common, o.options.map(([v, key]) => h('option', { value: v, tr: key })));
  } else {
    input = h('input', { ...common, type: o.type || 'text', max: o.max || null });
  }
  const error = h('p', { class: 'error', id: errId, hidden: true });
  const box = h('div', { class: 'field' }, label,
    o.hint ? h('p', { class: 'hint', id: hintId, tr: o.hint }) : null, input, error);
  input.dataset.errId = errId;
  return { box, input, error };
}

/* A group of radio buttons in a fieldset: {name, legend, options: [[value,
 * key]], checked}. Returns {box, inputs, error, first}. */
export function radios(o) {
  const id = o.id || uid('r');
  const errId = id + '-err';
  const hintId = o.hint ? id + '-hint' : null;
  const inputs = [];
  const list = h('div', { class: 'choices' + (o.inline ? ' inline' : '') });
  for (const [v, key] of o.options) {
    const rid = `${id}-${v || 'none'}`;
    const input = h('input', { type: 'radio', id: rid, name: o.name, value: v,
      checked: o.checked === v });
    inputs.push(input);
    list.append(h('div', { class: 'choice' }, input, h('label', { for: rid, tr: key })));
  }
  const error = h('p', { class: 'error', id: errId, hidden: true });
  const legend = h('legend', null, h('span', { tr: o.legend }), mark(o.required));
  const box = h('fieldset', { class: 'field', id, 'aria-describedby': hintId },
    legend, o.hint ? h('p', { class: 'hint', id: hintId, tr: o.hint }) : null, list, error);
  box.dataset.errId = errId;
  return { box, inputs, error, first: inputs[0] };
}

function describedBy(el, errId, on) {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== errId);
  if (on) ids.push(errId);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/* Shows the message of key (with params) under a field made by field() or
 * radios(), and marks its control invalid; key null clears it. */
export function setError(f, key, params) {
  const target = f.inputs ? f.box : f.input;
  const errId = target.dataset.errId;
  if (key) {
    tr(f.error, key, params);
    f.error.hidden = false;
    if (f.inputs) f.inputs.forEach((i) => i.setAttribute('aria-invalid', 'true'));
    else f.input.setAttribute('aria-invalid', 'true');
  } else {
    f.error.hidden = true;
    f.error.textContent = '';
    f.error.removeAttribute('data-tr');
    if (f.inputs) f.inputs.forEach((i) => i.removeAttribute('aria-invalid'));
    else f.input.removeAttribute('aria-invalid');
  }
  f.box.classList.toggle('invalid', !!key);
  describedBy(target, errId, !!key);
}

/* A notice box for the whole form or page: kind is 'error', 'ok' or 'info'.
 * An error takes role alert; the others are read out politely. */
export function notice(kind) {
  return h('div', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status', hidden: true });
}

export function say(box, key, params) {
  if (!key) {
    box.hidden = true;
    box.textContent = '';
    box.removeAttribute('data-tr');
    return;
  }
  tr(box, key, params);
  box.hidden = false;
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

/* A button whose words follow the language; busy() can change them. */
export function button(key, props) {
  const b = h('button', { type: 'submit', ...props });
  b.dataset.key = key;
  tr(b, key);
  return b;
}

export { t };
