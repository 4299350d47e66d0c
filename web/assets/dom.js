// dom.js - builds elements from plain values. Text always goes in as text
// nodes: nothing the API returns is ever parsed as markup.

export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  add(el, kids);
  return el;
}

export function add(el, kids) {
  for (const k of [kids].flat(Infinity)) {
    if (k == null || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}

export function clear(el, ...kids) {
  el.replaceChildren();
  return add(el, kids);
}

// A <select> of values with their words; value '' for "choose".
export function select(props, options, chosen) {
  return h('select', props, options.map(([v, label]) =>
    h('option', { value: v, selected: v === chosen }, label)));
}

let seq = 0;
// A labelled field: label, control, and a place for its error.
export function field(label, control, hint, hideLabel) {
  const id = control.id || `f${++seq}`;
  control.id = id;
  const err = h('p', { class: 'field-error', id: `${id}-err`, role: 'alert' });
  const kids = [h('label', { for: id, class: hideLabel ? 'sr-only' : null }, label), control];
  if (hint) {
    const hid = `${id}-hint`;
    kids.push(h('p', { class: 'hint', id: hid }, hint));
    control.setAttribute('aria-describedby', `${hid} ${id}-err`);
  } else {
    control.setAttribute('aria-describedby', `${id}-err`);
  }
  kids.push(err);
  return h('div', { class: 'field' }, kids);
}

export function fieldError(control, message) {
  const err = document.getElementById(`${control.id}-err`);
  if (err) err.textContent = message || '';
  if (message) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}

// A short message that goes away by itself.
export function toast(text, kind = 'info') {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div', { id: 'toasts', 'aria-live': 'polite' });
    document.body.append(box);
  }
  const el = h('div', { class: `toast toast-${kind}` }, text);
  box.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 3000);
}
