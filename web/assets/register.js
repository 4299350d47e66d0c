// register.js - registering a complaint taken by phone or in a store
// (domain.md section 1): every field, errors shown next to the field the
// API names, and an idempotency key so a double click registers it once.
// Those who only take complaints in (a cashier) then hand it to a team.

import { t } from './i18n.js';
import { h, clear, field, fieldError, select, toast, phrase, setText } from './dom.js';
import { api, post, ApiError } from './api.js';
import { options } from './fields.js';
import { app, fail, explain, categoryLabel, showErrors, errorWords } from './app.js';

// The values a caller may give, after "choose" when none is needed.
const opts = (group, blank) => [...(blank ? [['', t('choose')]] : []), ...options(group, { given: true })];

/* The configured categories' names (what a complaint's category holds),
 * as suggestions for a script's or an article's category. */
export async function categoryList(id) {
  const list = await app.categories().catch(() => []);
  return h('datalist', { id }, list.filter((c) => c.active !== false).map((c) => h('option', { value: c.name }, categoryLabel(c))));
}

// The tracking number for the customer, and the complaint handed to the
// team that will handle it, for one who may not open it afterwards.
async function handOn(root, r) {
  const teams = await app.teams();
  const team = select({ id: 'handon-team', name: 'to_team_id' }, teams.map((x) => [String(x.id), x.name]), String(r.team_id));
  const note = h('textarea', { id: 'handon-note', name: 'note', rows: '3' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const send = h('button', { type: 'submit', class: 'primary' }, t('c_handover'));
  const form = h('form', { class: 'action', id: 'handon-form', novalidate: true },
    field(t('c_handover_to'), team), field(t('c_handover_note'), note, t('c_handover_note_hint')), msg, send);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    fieldError(note, '');
    send.disabled = true;
    try {
      await post(`/api/v1/complaints/${encodeURIComponent(r.tracking_no)}/handover`, { to_team_id: Number(team.value), note: note.value.trim() });
      form.replaceWith(h('p', { class: 'verdict', id: 'handon-done', role: 'status' },
        phrase('reg_handed', { team: team.selectedOptions[0].textContent })));
    } catch (e) {
      send.disabled = false;
      if (e instanceof ApiError && e.field === 'note') { fieldError(note, errorWords(e.errors[0])); note.focus(); } else setText(msg, explain(e));
    }
  });
  clear(root, h('section', { class: 'card register', id: 'registered' },
    h('h1', { id: 'registered-no' }, t('reg_done', { tracking_no: r.tracking_no })),
    h('p', null, t('reg_tell_customer')), form,
    h('p', null, h('a', { href: `#/new?again=${Date.now()}`, id: 'register-another' }, t('reg_another')))));
  note.focus();
}

/* The category a complaint is registered under: one of the configured
 * list's active ones, shown in the page's language, sent by its name. */
async function categorySelect() {
  const list = await app.categories().catch(() => []);
  return select({ name: 'category' }, [['', t('reg_category_choose')],
    ...list.filter((x) => x.active !== false).map((x) => [x.name, categoryLabel(x)])], '');
}

export async function registerView(root) {
  const c = {
    channel: select({ name: 'channel' }, opts('channel'), 'phone'),
    'complainant.name': h('input', { name: 'complainant.name', autocomplete: 'off' }),
    'complainant.phone': h('input', { name: 'complainant.phone', type: 'tel', autocomplete: 'off' }),
    'complainant.email': h('input', { name: 'complainant.email', type: 'email', autocomplete: 'off' }),
    'complainant.contact_other': h('input', { name: 'complainant.contact_other' }),
    'object.kind': select({ name: 'object.kind' }, opts('object_kind', true), ''),
    'object.ref': h('input', { name: 'object.ref' }),
    'object.name': h('input', { name: 'object.name' }),
    content: h('textarea', { name: 'content', rows: '5', required: true }),
    occurred_at: h('input', { name: 'occurred_at', type: 'datetime-local' }),
    purchased_at: h('input', { name: 'purchased_at', type: 'date' }),
    usage: h('textarea', { name: 'usage', rows: '2' }),
    demand: h('textarea', { name: 'demand', rows: '2' }),
    desired_resolution: select({ name: 'desired_resolution' }, opts('resolution', true), ''),
    severity: select({ name: 'severity' }, opts('severity'), 'normal'),
    emotion: select({ name: 'emotion' }, opts('emotion', true), ''),
    mindset: select({ name: 'mindset' }, opts('mindset', true), ''),
    category: await categorySelect(),
    language: select({ name: 'language' }, opts('language'), 'zh-CN'),
  };
  // a text box spans the row; the short fields sit side by side
  const f = (name, key) => {
    const el = field(t(key), c[name]);
    if (c[name].tagName === 'TEXTAREA') el.classList.add('wide');
    return el;
  };
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('submit'));
  let key = crypto.randomUUID();
  const form = h('form', { class: 'card register register-form', id: 'register-form', novalidate: true },
    h('h1', null, t('reg_title')),
    h('div', { class: 'register-grid' },
    h('fieldset', null, h('legend', null, t('group_complainant')),
      f('channel', 'f_channel'), f('complainant.name', 'f_name'), f('complainant.phone', 'f_phone'),
      f('complainant.email', 'f_email'), f('complainant.contact_other', 'f_contact_other')),
    h('fieldset', null, h('legend', null, t('group_object')),
      f('object.kind', 'f_object_kind'), f('object.ref', 'f_object_ref'), f('object.name', 'f_object_name'),
      f('purchased_at', 'f_purchased_at')),
    h('fieldset', null, h('legend', null, t('group_matter')),
      f('content', 'f_content'), f('occurred_at', 'f_occurred_at'), f('usage', 'f_usage'),
      f('demand', 'f_demand'), f('desired_resolution', 'f_desired_resolution')),
    h('fieldset', null, h('legend', null, t('group_judgement')),
      f('severity', 'f_severity'), f('emotion', 'f_emotion'), f('mindset', 'f_mindset'),
      f('category', 'f_category'), f('language', 'f_language'))),
    msg, submit);

  form.addEventListener('input', () => { key = crypto.randomUUID(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of Object.values(c)) fieldError(el, '');
    const body = {};
    for (const [name, el] of Object.entries(c)) {
      let v = el.value.trim();
      if (!v) continue;
      if (name === 'occurred_at') v = new Date(v).toISOString();
      const [a, b] = name.split('.');
      if (b) (body[a] = body[a] || {})[b] = v;
      else body[a] = v;
    }
    submit.disabled = true;
    try {
      const r = await api('POST', '/api/v1/complaints', body, { 'Idempotency-Key': key });
      toast(t('reg_done', { tracking_no: r.tracking_no }));
      if (app.can('complaint.read')) app.go(`#/c/${r.tracking_no}`);
      else await handOn(root, r);
    } catch (e) {
      submit.disabled = false;
      // every wrong field at once, each beside its control
      if (e instanceof ApiError) setText(msg, showErrors(e, c, { complainant: 'complainant.phone' }));
      else fail(e);
    }
  });
  clear(root, form);
  c['complainant.name'].focus();
}
