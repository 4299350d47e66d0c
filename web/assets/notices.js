// notices.js - the handling notices (投诉工作部署通知, domain.md 9): the key
// matters, the agreed answers, the remedy, who does what and whom to call,
// for an incident or a standing issue. Agents read each one and confirm
// it (the header counts those still to confirm); supervisors write and
// publish them, here or on the incident's page, and see who of the teams
// has confirmed the version in force and who has not.

import { t, fmtTime, LANGS } from './i18n.js';
import { h, clear, select, field, fieldError, setText, toast, phrase, uid } from './dom.js';
import { get, post, patch, ApiError } from './api.js';
import { label } from './fields.js';
import { app, fail, showErrors } from './app.js';

const STEPS = [1, 2, 3, 4];

export function noticeBadge(n) {
  return h('span', { class: `badge hn-state hn-state-${n.state}`, dataset: { state: n.state } },
    t(n.state === 'published' ? 'hn_state.published' : 'hn_state.draft'));
}

/* The state, the version in force, who published it and its incident. */
export function noticeMeta(n) {
  return h('p', { class: 'hn-meta' }, noticeBadge(n), ' ', h('span', { class: 'badge' }, t('hn_version', { n: n.version })),
    n.published_at && [' ', h('span', { class: 'hint hn-published' }, phrase('hn_published', { time: fmtTime(n.published_at), who: n.published_by || '' }))],
    n.incident_id && [' · ', h('a', { href: `#/incident/${n.incident_id}`, class: 'hn-incident-link' }, t('hn_incident'))]);
}

/* What the notice says: its key matters, answers, remedy, duties and
 * contacts, each under a heading of level head. */
export function noticeBody(n, head = 'h3') {
  const answers = n.answers || [];
  const duties = n.duties || [];
  const contacts = n.contacts || [];
  const col = (key) => h('th', { scope: 'col' }, t(key));
  return h('div', { class: 'hn-body' },
    n.key_matters && [h(head, null, t('hn_key_matters')), h('p', { class: 'hn-text hn-key-matters' }, n.key_matters)],
    answers.length > 0 && [h(head, null, t('hn_answers')), h('ol', { class: 'hn-answers' }, answers.map((a) => h('li', null,
      h('strong', null, a.title),
      (a.language || a.step) && [' ', h('span', { class: 'hint' }, [a.language && label('language', a.language), a.step && t(`step_${a.step}`)].filter(Boolean).join(' · '))],
      h('p', { class: 'hn-text' }, a.body))))],
    n.remedy && [h(head, null, t('hn_remedy')), h('p', { class: 'hn-text hn-remedy' }, n.remedy)],
    duties.length > 0 && [h(head, null, t('hn_duties')), h('ul', { class: 'hn-duties' }, duties.map((d) => h('li', null,
      h('strong', null, d.who), ' ', h('span', { class: 'hn-text' }, d.what))))],
    contacts.length > 0 && [h(head, null, t('hn_contacts')), h('table', { class: 'queue hn-contacts' },
      h('caption', { class: 'sr-only' }, t('hn_contacts')),
      h('thead', null, h('tr', null, col('hn_c_department'), col('hn_c_person'), col('hn_c_phone'), col('hn_c_email'), col('hn_c_duty'))),
      h('tbody', null, contacts.map((c) => h('tr', null, h('td', null, c.department || ''), h('td', null, c.person || ''),
        h('td', null, c.phone ? h('a', { href: `tel:${c.phone.replace(/[^\d+]/g, '')}` }, c.phone) : ''),
        h('td', null, c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : ''), h('td', null, c.duty || '')))))]);
}

/* --- confirming ------------------------------------------------------------------- */

/* The header's link, with how many notices wait for the caller's confirmation. */
export function noticesLink(a) {
  a.id = 'nav-notices';
  recountNotices(a).catch(() => { /* the page itself says what went wrong */ });
  return a;
}

function showCount(a, n) {
  const old = a.querySelector('[data-count=notices]');
  if (old) old.remove();
  a.removeAttribute('aria-label');
  if (!n) return;
  a.setAttribute('aria-label', t('hn_nav_unread', { n }));
  a.append(h('span', { class: 'count unread', 'data-count': 'notices' }, String(n)));
}

/* The count asked for anew (a notice confirmed, another published). */
export async function recountNotices(a = document.getElementById('nav-notices')) {
  if (!a) return;
  const r = await get('/api/v1/handling-notices?unread=1');
  showCount(a, r.unread);
  const c = document.getElementById('hn-count');
  if (c) setText(c, t('hn_unread_count', { n: r.unread }));
}

/* The caller's confirmation of the version in force: a button until done,
 * for those who handle complaints (an auditor reads without confirming). */
export function confirmControl(n) {
  if (n.state !== 'published') return null;
  const done = () => h('p', { class: 'hn-read', id: `hn-read-${n.id}` }, t('hn_confirmed_mine'));
  if (n.read) return done();
  if (!app.can('complaint.edit')) return null;
  const button = h('button', {
    type: 'button', class: 'primary hn-confirm', id: `hn-confirm-${n.id}`, 'aria-label': t('hn_confirm_one', { title: n.title }),
    onclick: async () => {
      button.disabled = true;
      try {
        await post(`/api/v1/handling-notices/${n.id}/read`);
        n.read = true;
        const shown = done();
        button.replaceWith(shown);
        shown.closest('[data-read]')?.setAttribute('data-read', 'true');
        toast(t('hn_confirmed_toast'));
        recountNotices().catch(() => {});
      } catch (e) { button.disabled = false; fail(e); }
    },
  }, t('hn_confirm'));
  return button;
}

/* Who of the notice's teams confirmed the version in force (a supervisor's
 * GET of the notice), under a heading of level head. */
export function readersList(r, head = 'h3', id = 'hn-readers') {
  const list = r.readers || [];
  const col = (key) => h('th', { scope: 'col' }, t(key));
  const stateOf = (x) => (x.confirmed ? t('hn_reader_confirmed') : x.version_read ? t('hn_reader_old', { n: x.version_read }) : t('hn_reader_not'));
  return h('div', { class: 'hn-readers', id },
    h(head, { id: `${id}-h` }, t('hn_readers')),
    r.state !== 'published' ? h('p', { class: 'hint' }, t('hn_readers_draft'))
      : h('p', { id: `${id}-count` }, t('hn_readers_count', { done: r.confirmed || 0, left: r.to_confirm || 0 })),
    list.length === 0 ? h('p', { class: 'hint' }, t('hn_readers_none'))
      : h('table', { class: 'queue hn-readers-table', 'aria-labelledby': `${id}-h` },
        h('thead', null, h('tr', null, col('hn_col_person'), col('hn_col_role'), col('hn_col_confirmed'), col('hn_col_at'))),
        h('tbody', null, list.map((x) => h('tr', { dataset: { user: x.username, confirmed: String(!!x.confirmed) }, class: x.confirmed ? 'hn-yes' : 'hn-no' },
          h('td', null, x.display_name || x.username), h('td', null, label('role', x.role)),
          h('td', null, h('span', { class: `badge ${x.confirmed ? 'cs-granted' : 'hn-waiting'}` }, stateOf(x))),
          h('td', null, x.read_at ? h('time', { datetime: x.read_at }, fmtTime(x.read_at)) : '—'))))));
}

/* --- writing ------------------------------------------------------------------------ */

/* A list of like items (answers, duties, contacts) in fieldsets of their
 * own, added and removed with buttons. make(value) -> {nodes, value(),
 * controls: {member: control}, first}. */
function repeater(id, name, legendKey, itemKey, addKey, items, make) {
  const rows = [];
  const list = h('div', { class: 'hn-items', id: `${id}-${name}` });
  const renumber = () => rows.forEach((r, k) => {
    setText(r.legend, t(itemKey, { n: k + 1 }));
    r.remove.setAttribute('aria-label', t('hn_remove_n', { what: t(itemKey, { n: k + 1 }) }));
  });
  const addButton = h('button', { type: 'button', class: 'hn-add', id: `${id}-add-${name}` }, t(addKey));
  const addRow = (v, focus) => {
    const ctl = make(v || {});
    const legend = h('legend');
    const r = { legend, ...ctl };
    r.remove = h('button', {
      type: 'button', class: 'link hn-remove',
      onclick: () => { rows.splice(rows.indexOf(r), 1); r.box.remove(); renumber(); addButton.focus(); },
    }, t('hn_remove_item'));
    r.box = h('fieldset', { class: 'hn-item', dataset: { item: name } }, legend, ctl.nodes, r.remove);
    rows.push(r);
    list.append(r.box);
    renumber();
    if (focus) ctl.first.focus();
  };
  addButton.addEventListener('click', () => addRow(null, true));
  (items || []).forEach((v) => addRow(v));
  return {
    node: h('fieldset', { class: 'hn-list' }, h('legend', null, t(legendKey)), list, addButton),
    // the filled-in items, and the controls of each sent one by its index
    take(controls) {
      const out = [];
      for (const r of rows) {
        const v = r.value();
        if (!v) continue;
        for (const [m, el] of Object.entries(r.controls)) controls[`${name}[${out.length}].${m}`] = el;
        // an item's own refusal without a member lands on its first control
        controls[`${name}[${out.length}]`] = r.first;
        out.push(v);
      }
      return out;
    },
  };
}

const text = (v, max, props = {}) => h('input', { id: uid('hn'), maxlength: String(max), value: v || '', ...props });
const area = (v, max, rows = 2) => h('textarea', { id: uid('hn'), maxlength: String(max), rows: String(rows), value: v || '' });
// only the members given
const pick = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '' && v != null));

function answerItem(a) {
  const c = {
    title: text(a.title, 200),
    body: area(a.body, 4000, 3),
    language: select({ id: uid('hn') }, [['', t('hn_any_language')], ...LANGS.map((l) => [l, label('language', l)])], a.language || ''),
    step: select({ id: uid('hn') }, [['', t('hn_any_step')], ...STEPS.map((s) => [String(s), t(`step_${s}`)])], a.step ? String(a.step) : ''),
  };
  return {
    nodes: [field(t('hn_answer_title'), c.title), field(t('hn_answer_body'), c.body),
      h('div', { class: 'field-row' }, field(t('hn_answer_language'), c.language), field(t('hn_answer_step'), c.step))],
    controls: c, first: c.title,
    value: () => {
      if (!c.title.value.trim() && !c.body.value.trim()) return null;
      return pick({ title: c.title.value.trim(), body: c.body.value.trim(), language: c.language.value, step: c.step.value ? Number(c.step.value) : null });
    },
  };
}

function dutyItem(d) {
  const c = { who: text(d.who, 100), what: area(d.what, 1000) };
  return {
    nodes: [field(t('hn_duty_who'), c.who), field(t('hn_duty_what'), c.what)], controls: c, first: c.who,
    value: () => (c.who.value.trim() || c.what.value.trim() ? { who: c.who.value.trim(), what: c.what.value.trim() } : null),
  };
}

function contactItem(x) {
  const c = {
    department: text(x.department, 100), person: text(x.person, 100), phone: text(x.phone, 40, { type: 'tel' }),
    email: text(x.email, 200, { type: 'email' }), duty: text(x.duty, 200),
  };
  return {
    nodes: [h('div', { class: 'field-row' }, field(t('hn_c_department'), c.department), field(t('hn_c_person'), c.person),
      field(t('hn_c_phone'), c.phone), field(t('hn_c_email'), c.email), field(t('hn_c_duty'), c.duty))],
    controls: c, first: c.department,
    value: () => {
      const v = pick(Object.fromEntries(Object.entries(c).map(([k, el]) => [k, el.value.trim()])));
      if (x.department_id && v.department === x.department) v.department_id = x.department_id;
      return Object.keys(v).length ? v : null;
    },
  };
}

// Checkboxes of the teams or departments, in a fieldset; value(): the ids ticked.
function checks(id, legendKey, items, chosen) {
  const on = new Set(chosen || []);
  const boxes = items.map((x) => h('input', { type: 'checkbox', id: `${id}-${x.id}`, value: String(x.id), checked: on.has(x.id) }));
  const set = h('fieldset', { class: 'hn-checks', id }, h('legend', null, t(legendKey)),
    boxes.map((b, k) => h('label', { class: 'check', for: b.id }, b, ' ', items[k].name)),
    h('p', { class: 'field-error', id: `${id}-err`, hidden: true }));
  return { node: set, set, value: () => boxes.filter((b) => b.checked).map((b) => Number(b.value)) };
}

/* The form that writes notice n (null: a new one). opts: id, teams and
 * departments to choose from, save(body, publish) -> the notice saved,
 * after(notice) once saved. */
export function noticeEditor(n, { id, teams = [], departments = [], save, after }) {
  const title = h('input', { id: `${id}-title`, name: 'title', maxlength: '200', required: true, value: n ? n.title : '' });
  const matters = h('textarea', { id: `${id}-key-matters`, name: 'key_matters', rows: '4', maxlength: '4000', value: (n && n.key_matters) || '' });
  const remedy = h('textarea', { id: `${id}-remedy`, name: 'remedy', rows: '2', maxlength: '2000', value: (n && n.remedy) || '' });
  const answers = repeater(id, 'answers', 'hn_answers', 'hn_answer_n', 'hn_add_answer', n ? n.answers : [{}], answerItem);
  const duties = repeater(id, 'duties', 'hn_duties', 'hn_duty_n', 'hn_add_duty', n ? n.duties : [], dutyItem);
  const contacts = repeater(id, 'contacts', 'hn_contacts', 'hn_contact_n', 'hn_add_contact', n ? n.contacts : [], contactItem);
  const teamBoxes = checks(`${id}-teams`, 'hn_teams', teams, n ? n.teams : (app.me.teams || []));
  const depBoxes = departments.length ? checks(`${id}-departments`, 'hn_departments', departments, n ? n.departments : []) : null;
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const published = n && n.state === 'published';
  const form = h('form', { class: 'action hn-form', id, novalidate: true },
    field(t('hn_f_title'), title),
    field(t('hn_key_matters'), matters),
    answers.node,
    field(t('hn_remedy'), remedy),
    duties.node,
    contacts.node,
    teamBoxes.node,
    depBoxes && depBoxes.node,
    msg,
    published ? [h('p', { class: 'hint' }, t('hn_republish_hint')),
      h('div', { class: 'decision' }, h('button', { type: 'submit', class: 'primary', value: 'publish', id: `${id}-publish` }, t('hn_republish')))]
      : h('div', { class: 'decision' },
        h('button', { type: 'submit', value: 'draft', id: `${id}-draft` }, t('hn_save_draft')),
        h('button', { type: 'submit', class: 'primary', value: 'publish', id: `${id}-publish` }, t('hn_save_publish'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of form.querySelectorAll('[aria-invalid]')) if (el.id) fieldError(el, '');
    for (const s of [teamBoxes.set, depBoxes && depBoxes.set]) if (s) fieldError(s, '');
    const controls = { title, key_matters: matters, remedy, teams: teamBoxes.set };
    if (depBoxes) controls.departments = depBoxes.set;
    if (!title.value.trim()) { fieldError(title, t('err_reason.required')); title.focus(); return; }
    const body = {
      title: title.value.trim(), key_matters: matters.value.trim() || null, remedy: remedy.value.trim() || null,
      answers: answers.take(controls), duties: duties.take(controls), contacts: contacts.take(controls), teams: teamBoxes.value(),
    };
    if (depBoxes) body.departments = depBoxes.value();
    const publish = !!(ev.submitter && ev.submitter.value === 'publish');
    const buttons = [...form.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    try {
      const saved = await save(body, publish);
      toast(t(saved.state === 'published' ? 'hn_saved_published' : 'hn_saved_draft'));
      await after(saved);
      return;
    } catch (e) {
      setText(msg, e instanceof ApiError ? showErrors(e, controls) : t('error'));
    }
    for (const b of buttons) b.disabled = false;
  });
  return form;
}

/* The teams and departments a notice may name, for its form. */
export async function noticeChoices() {
  const [teams, deps] = await Promise.all([app.teams().catch(() => []), get('/api/v1/departments').catch(() => ({ items: [] }))]);
  return { teams, departments: deps.items || [] };
}

/* --- the pages ---------------------------------------------------------------------- */

function noticeCard(n) {
  const hid = `hn-${n.id}-h`;
  return h('article', { class: 'panel hn-notice', id: `hn-${n.id}`, 'aria-labelledby': hid,
    dataset: { notice: String(n.id), state: n.state, read: String(!!n.read) } },
  h('h2', { id: hid }, h('a', { href: `#/notice/${n.id}` }, n.title)),
  noticeMeta(n),
  noticeBody(n),
  confirmControl(n));
}

/* The notices: those waiting for the caller's confirmation, or all (a
 * supervisor's drafts among them); a supervisor writes a standing one here. */
export async function noticesView(el, which) {
  const lead = app.can('complaint.assign');
  const all = which === 'all';
  const r = await get(`/api/v1/handling-notices?${all ? (lead ? 'all=1' : '') : 'unread=1'}`);
  const tab = (href, key, on, name) => h('a', { href, 'aria-current': on ? 'page' : null, dataset: { tab: name } }, t(key));
  let writer = null;
  if (lead) {
    const choices = await noticeChoices();
    writer = h('details', { class: 'add-box', id: 'hn-new' }, h('summary', null, t('hn_new')),
      h('p', { class: 'hint' }, t('hn_new_hint')),
      noticeEditor(null, {
        id: 'hn-new-form', ...choices,
        save: (body, publish) => post('/api/v1/handling-notices', { ...body, publish }),
        after: (made) => { app.go(`#/notice/${made.id}`); },
      }));
  }
  clear(el, h('section', { class: 'notices-view', 'aria-labelledby': 'hn-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'hn-title' }, t('hn_list_title')), h('p', { id: 'hn-count', class: 'hint' }, t('hn_unread_count', { n: r.unread }))),
    h('p', { class: 'hint' }, t('hn_list_intro')),
    h('nav', { class: 'tabs', id: 'hn-tabs', 'aria-label': t('hn_tabs') },
      tab('#/notices', 'hn_tab_unread', !all, 'unread'), tab('#/notices/all', 'hn_tab_all', all, 'all')),
    writer,
    h('div', { class: 'hn-list', id: 'hn-list' }, r.items.map(noticeCard)),
    r.items.length === 0 && h('p', { class: 'empty', id: 'hn-none' }, t(all ? 'hn_list_none' : 'hn_list_none_unread'))));
  recountNotices().catch(() => {});
  return null;
}

/* One notice in full: the caller's confirmation; for a supervisor who
 * confirmed it, its form and publication. */
export async function noticeView(el, id) {
  const draw = async () => {
    const n = await get(`/api/v1/handling-notices/${encodeURIComponent(id)}`);
    const lead = app.can('complaint.assign');
    const choices = lead ? await noticeChoices() : null;
    clear(el, h('article', { class: 'notice-view', 'aria-labelledby': 'hn-head', dataset: { notice: String(n.id), state: n.state, read: String(!!n.read) } },
      h('p', null, h('a', { href: '#/notices', id: 'hn-back' }, t('hn_back'))),
      h('h1', { id: 'hn-head' }, n.title),
      noticeMeta(n),
      h('section', { class: 'panel' }, noticeBody(n, 'h2'), confirmControl(n)),
      lead && h('section', { class: 'panel', id: 'hn-readers-panel' }, readersList(n, 'h2')),
      lead && h('details', { class: 'add-box', id: 'hn-edit', open: n.state !== 'published' }, h('summary', null, t('hn_edit')),
        noticeEditor(n, {
          id: 'hn-form', ...choices,
          save: (body, publish) => patch(`/api/v1/handling-notices/${n.id}`, { ...body, publish }),
          after: draw,
        }))));
  };
  await draw();
  return null;
}
