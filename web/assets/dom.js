// dom.js - builds the pages' elements from plain values, for the
// workspace and the portal alike. Text always goes in as text nodes:
// nothing the API returns is ever parsed as markup. And every text keeps
// its own direction: what a customer wrote in Arabic or Hebrew, or with a
// right-to-left override in it, is isolated (dir="auto") and cannot turn
// the words around it. Both hold for whatever goes through h(), add() and
// setText(), so a view cannot forget them.

import { t, tr, untr } from './i18n.js';

/* Marks el as holding text of its own direction. */
function isolate(el) {
  if (!el.hasAttribute('dir')) el.setAttribute('dir', 'auto');
  return el;
}

const TEXT_INPUTS = new Set(['text', 'search']);

/* An element: h('p', {class: 'x'}, child, 'text', ...). Props: class,
 * dataset, value/checked/selected (set as properties), tr (a key of the
 * words, [key, params], or a function giving words: the text, following
 * the language), onevent: fn (a listener); anything else is an attribute
 * (true: present, null or false: absent). No inline code or style: the
 * pages' policy would refuse it anyway. */
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' || k === 'checked' || k === 'selected') el[k] = v;
    else if (k === 'tr') Array.isArray(v) ? tr(el, v[0], v[1]) : tr(el, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'style' || k.startsWith('on')) throw new Error(`no inline code or style: ${k}`);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  // what people type in is theirs too
  if (tag === 'textarea' || (tag === 'input' && TEXT_INPUTS.has(el.type))) isolate(el);
  return add(el, kids);
}

/* Appends kids (nodes, texts, arrays of them; null and false skipped) to
 * el. A text that is el's only content marks el dir="auto"; a text among
 * other children goes in a <span dir="auto"> of its own. */
export function add(el, kids) {
  const list = [kids].flat(Infinity).filter((k) => k != null && k !== false && k !== '');
  const alone = list.length === 1 && !el.firstChild;
  for (const k of list) {
    if (k instanceof Node) el.append(k);
    else if (alone) isolate(el).append(String(k));
    else if (!String(k).trim()) el.append(String(k));
    else {
      const span = isolate(document.createElement('span'));
      span.append(String(k));
      el.append(span);
    }
  }
  return el;
}

/* Empties el, then add(el, kids). */
export function clear(el, ...kids) {
  el.replaceChildren();
  return add(el, kids);
}

/* el's text becomes s (isolated; no longer following the language). */
export function setText(el, s) {
  untr(el);
  el.textContent = s == null ? '' : String(s);
  return isolate(el);
}

/* The words of key with each {name} filled in by vars[name] as a text of
 * its own direction: for names, teams and other words people wrote that
 * stand inside a sentence of the page. Nodes, for h() and add(). */
export function phrase(key, vars) {
  const s = t(key);
  const out = [];
  let last = 0;
  for (const m of s.matchAll(/\{(\w+)\}/g)) {
    out.push(document.createTextNode(s.slice(last, m.index)));
    out.push(m[1] in vars ? setText(document.createElement('span'), vars[m[1]]) : document.createTextNode(m[0]));
    last = m.index + m[0].length;
  }
  out.push(document.createTextNode(s.slice(last)));
  return out;
}

/* A <select> of [value, words] options; value '' for "choose". */
export function select(props, options, chosen) {
  return h('select', props, options.map(([v, label]) =>
    h('option', { value: v, selected: v === chosen }, label)));
}

let seq = 0;
/* An id not used before on the page: prefix-1, prefix-2... */
export function uid(prefix = 'f') {
  seq += 1;
  return `${prefix}-${seq}`;
}

/* Adds or removes id in el's aria-describedby. */
function describedBy(el, id, on) {
  const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter((x) => x && x !== id);
  if (on) ids.push(id);
  if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
  else el.removeAttribute('aria-describedby');
}

/* A labelled field: the label (words or nodes), a hint (optional), the
 * control, and a place for its error (fieldError). A <fieldset> control
 * (a group of choices) is the field itself, with the label as its
 * legend. opts: hideLabel (the label for screen readers only). Returns
 * the field's box. */
export function field(label, control, hint, opts = {}) {
  const id = control.id || uid('f');
  control.id = id;
  const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null;
  const err = h('p', { class: 'field-error', id: `${id}-err`, hidden: true });
  if (hintEl) describedBy(control, hintEl.id, true);
  if (control.tagName === 'FIELDSET') {
    control.classList.add('field');
    control.prepend(h('legend', null, label), ...(hintEl ? [hintEl] : []));
    control.append(err);
    return control;
  }
  return h('div', { class: 'field' },
    h('label', { for: id, class: opts.hideLabel ? 'sr-only' : null }, label), hintEl, control, err);
}

/* Shows message (words, or a node: words bound to the language) as the
 * error of a field made by field(), beside its control, which it marks
 * invalid and describes by it; '' or null clears it. */
export function fieldError(control, message) {
  const on = message != null && message !== '';
  const id = `${control.id}-err`;
  const err = document.getElementById(id);
  if (err) {
    if (message instanceof Node) {
      untr(err);
      err.replaceChildren(message);
    } else setText(err, on ? message : '');
    err.hidden = !on;
  }
  const inputs = control.tagName === 'FIELDSET' ? control.querySelectorAll('input') : [control];
  for (const i of inputs) {
    if (on) i.setAttribute('aria-invalid', 'true');
    else i.removeAttribute('aria-invalid');
  }
  describedBy(control, id, on);
  const box = control.closest('.field');
  if (box) box.classList.toggle('invalid', on);
}

/* A short message that goes away by itself. */
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
