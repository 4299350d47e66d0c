// actions.js - what the complaint page's panels are made of: a panel with
// its heading, a badge, a form whose submit calls the API and then draws
// the page again (an error naming a field lands beside that field), and
// the edit of a complaint's own fields under its ETag.

import { t } from './i18n.js';
import { h, field, fieldError, toast, setText } from './dom.js';
import { get, patch, query, ApiError } from './api.js';
import { explain, errorWords } from './app.js';

export function panel(id, titleKey, ...kids) {
  return h('section', { class: 'panel', id, 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, t(titleKey)), kids);
}

export function badge(cls, text) { return h('span', { class: `badge ${cls}` }, text); }

export function checkbox(id, labelKey, checked) {
  const box = h('input', { type: 'checkbox', id, checked: !!checked });
  return [box, h('label', { class: 'check' }, box, ' ', t(labelKey))];
}

// controls: [name, label, element, hint, hideLabel]; a control without a
// label goes in as it is (a checkbox in its label, a hint). fn does the
// work; reload draws the page again once it succeeded.
export function actionForm(id, controls, buttonKey, fn, reload) {
  const button = h('button', { type: 'submit' }, t(buttonKey));
  const msg = h('p', { class: 'form-error', role: 'alert' });
  // a control already placed (inside a group of the form's) is named here
  // only for its errors
  const form = h('form', { class: 'action', id }, controls.map(([, label, el, hint, hideLabel]) => {
    if (label) return field(label, el, hint, { hideLabel });
    return el.parentNode ? null : el;
  }), msg, button);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const [, , el] of controls) if (el.id) fieldError(el, '');
    button.disabled = true;
    try {
      await fn();
      await reload();
    } catch (e) {
      button.disabled = false;
      const hit = e instanceof ApiError && controls.find(([name]) => name === e.field);
      if (hit) { fieldError(hit[2], errorWords(e.errors[0])); hit[2].focus(); } else setText(msg, explain(e));
    }
  });
  return form;
}

// Every item of a cursor-paged list.
export async function all(path) {
  const items = [];
  let cursor = null;
  do {
    const r = await get(`${path}${query({ limit: 200, cursor })}`);
    items.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor);
  return items;
}

// PATCH of the complaint's fields against the version on screen. When
// someone changed it meanwhile the page says so and shows theirs: the
// caller's reload follows.
export async function saveFields(c, body) {
  try {
    await patch(`/api/v1/complaints/${c.id}`, body, c._etag);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 412) throw e;
    toast(t('conflict_changed'), 'error');
  }
}

// "YYYY-MM-DDTHH:MM" of ms in the browser's zone, for a datetime-local
// input; the minutes cut off, so never later than ms.
const localInput = (ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);

// What the customer is told is being done and by when they hear from us
// again, for the acts that tell them (work starts, a department is asked,
// a plan is proposed). The line follows 我们正在 in the notice; the time is
// prefilled with the soonest deadline the customer waits on, as the
// server would take it.
export function progressControls(c, id) {
  const line = h('input', { id: `${id}-line`, name: 'progress_line', maxlength: '200', placeholder: t('c_progress_line_eg') });
  const soonest = (c.clocks || [])
    .filter((k) => k.state === 'running' && ['first_response', 'resolution', 'negotiation'].includes(k.kind) && k.due_at && Date.parse(k.due_at) > Date.now())
    .map((k) => Date.parse(k.due_at)).sort((a, b) => a - b)[0];
  const next = h('input', { id: `${id}-next`, name: 'next_contact_at', type: 'datetime-local', value: soonest ? localInput(soonest) : '' });
  return {
    line,
    next,
    controls: [['progress.line', t('c_progress_line'), line, t('c_progress_line_hint')],
      ['progress.next_contact_at', t('c_progress_next'), next, t('c_progress_next_hint')]],
    // null without a line: the server names what is missing
    value: () => (line.value.trim()
      ? { line: line.value.trim(), ...(next.value ? { next_contact_at: new Date(next.value).toISOString() } : {}) }
      : null),
  };
}
