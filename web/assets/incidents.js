// incidents.js - many complaints, one cause (domain.md 9): the incidents
// by state with their counts; the proposals kesu makes when complaints
// about one thing arrive together, each with its complaints and why, for a
// supervisor to confirm or dismiss with a reason; and a new incident
// opened by hand. The words of an incident's state, of what it affects
// and of why it was proposed, which the incident's page shares.

import { t, fmtTime } from './i18n.js';
import { h, add, clear, select, field, fieldError, setText, toast, phrase } from './dom.js';
import { get, post, query, ApiError } from './api.js';
import { label, options } from './fields.js';
import { app, causeLabel, fail, showErrors } from './app.js';

// the states one works in, in their order; a proposal and a dismissed one
// are asked for by name
export const LIVE = ['open', 'told', 'remedied', 'closed'];

export function stateBadge(s, id) {
  return h('span', { class: `badge ic-state ic-state-${s}`, id }, label('incident_state', s));
}

export function excerpt(s, n = 40) {
  const chars = Array.from(s || '');
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}

/* What an incident affects in a line: "Flight · CA1234 · from – to". */
export function affectedText(a) {
  if (!a) return '';
  const ref = a.ref_to ? `${a.ref || ''} – ${a.ref_to}` : a.ref || '';
  const when = a.from || a.to ? `${a.from ? fmtTime(a.from) : '…'} – ${a.to ? fmtTime(a.to) : '…'}` : '';
  return [a.kind && label('affected_kind', a.kind), ref, when].filter(Boolean).join(' · ');
}

/* Why kesu proposed it, in words (nodes: the object's key is what people wrote). */
export function whyProposed(p) {
  if (!p) return '';
  const n = { n: p.complaints, window: p.window_minutes, min: p.min_complaints };
  if (p.by === 'object') return phrase('ic_why_object', { ...n, key: p.key || '' });
  return t('ic_why_text', { ...n, p: Math.round((p.similarity || 0) * 100) });
}

/* "12" or "200+" for a list read up to its limit. */
function countOf(r) {
  if (!r) return null;
  const n = r.items.length;
  return r.next_cursor ? t('ic_count_more', { n }) : String(n);
}

/* The tabs of the states, each with its count (up to 200), the proposals
 * and the dismissed ones for those who decide them. current: a state, or
 * null for every current incident. */
async function stateTabs(current) {
  const lead = app.can('complaint.assign');
  const tabs = [[null, '#/incidents', t('ic_tab_live')], ...LIVE.map((s) => [s, `#/incidents/${s}`, label('incident_state', s)])];
  if (lead) tabs.push(['proposed', '#/incidents/proposals', label('incident_state', 'proposed')], ['dismissed', '#/incidents/dismissed', label('incident_state', 'dismissed')]);
  const counts = await Promise.all(tabs.map(([s]) => get(`/api/v1/incidents${query({ state: s, limit: 200 })}`).catch(() => null)));
  return h('nav', { class: 'tabs ic-tabs', id: 'ic-tabs', 'aria-label': t('ic_states') }, tabs.map(([s, href, words], k) => {
    const n = countOf(counts[k]);
    return h('a', { href, 'aria-current': s === current ? 'page' : null, dataset: { state: s || 'live' } },
      words, n !== null && [' ', h('span', { class: `count${n === '0' ? ' zero' : ''}`, 'data-count': s || 'live' }, n)]);
  }));
}

function toolbar(titleKey) {
  return h('div', { class: 'toolbar' }, h('h1', { id: 'ic-title' }, t(titleKey)),
    app.can('complaint.assign') && h('a', { href: '#/incidents/new', id: 'ic-new-link', class: 'button-link' }, t('ic_new')));
}

function row(i) {
  const href = `#/incident/${i.id}`;
  return h('tr', { dataset: { incident: String(i.id), state: i.state }, onclick: (ev) => { if (!ev.target.closest('a')) app.go(href); } },
    h('td', { class: 'title' }, h('a', { href }, i.title)),
    h('td', null, stateBadge(i.state)),
    h('td', { class: 'num' }, String(i.complaints)),
    h('td', null, affectedText(i.affected) || '—'),
    h('td', null, i.owner ? i.owner.name : '—'),
    h('td', null, h('time', { datetime: i.started_at }, fmtTime(i.started_at))));
}

/* The list: tab a state of LIVE or 'dismissed', none for every current
 * one; 'proposals' and 'new' are views of their own. */
export async function incidentsView(root, tab) {
  if (tab === 'proposals') return proposalsView(root);
  if (tab === 'new') return newView(root);
  const state = [...LIVE, 'dismissed'].includes(tab) ? tab : null;
  const page = (cursor) => get(`/api/v1/incidents${query({ state, cursor })}`);
  const [first, tabs] = await Promise.all([page(), stateTabs(state)]);
  const tbody = h('tbody', null, first.items.map(row));
  const col = (key) => h('th', { scope: 'col' }, t(key));
  let cursor = first.next_cursor;
  const more = h('button', { type: 'button', class: 'more', id: 'ic-more', hidden: !cursor }, t('load_more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const r = await page(cursor);
      add(tbody, r.items.map(row));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (e) { fail(e); }
    more.disabled = false;
  });
  clear(root, h('section', { class: 'incidents-view', 'aria-labelledby': 'ic-title' },
    toolbar('ic_title'),
    h('p', { class: 'hint' }, t('ic_intro')),
    tabs,
    h('table', { class: 'queue ic-table', id: 'ic-table' },
      h('caption', { class: 'sr-only' }, state ? label('incident_state', state) : t('ic_tab_live')),
      h('thead', null, h('tr', null, col('ic_col_title'), col('ic_col_state'), col('ic_col_complaints'), col('ic_col_affected'),
        col('ic_col_owner'), col('ic_col_started'))),
      tbody),
    h('p', { class: 'empty', id: 'ic-none', hidden: first.items.length > 0 }, t('ic_none')),
    more));
  return null;
}

/* --- the proposals ---------------------------------------------------------------- */

/* Confirm, or dismiss with a reason, a proposed incident; done(action) once
 * it is decided. For those who may (complaint.assign). */
export function decideControls(i, done) {
  const reason = h('input', { id: `ic-dismiss-reason-${i.id}`, name: 'reason', maxlength: '2000', class: 'ic-dismiss-reason' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const busy = (on) => { for (const b of box.querySelectorAll('button')) b.disabled = on; };
  const confirmBtn = h('button', {
    type: 'button', class: 'primary ic-confirm', id: `ic-confirm-${i.id}`,
    onclick: async () => {
      setText(msg, '');
      busy(true);
      try {
        await post(`/api/v1/incidents/${i.id}/confirm`);
        toast(t('ic_confirmed'));
        await done('confirm');
      } catch (e) { busy(false); setText(msg, showErrors(e, {})); }
    },
  }, t('ic_confirm'));
  const form = h('form', { class: 'action ic-dismiss', id: `ic-dismiss-${i.id}`, novalidate: true },
    field(t('ic_dismiss_reason'), reason, t('ic_dismiss_reason_hint')),
    h('button', { type: 'submit' }, t('ic_dismiss')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    fieldError(reason, '');
    if (!reason.value.trim()) { fieldError(reason, t('err_reason.required')); reason.focus(); return; }
    busy(true);
    try {
      await post(`/api/v1/incidents/${i.id}/dismiss`, { reason: reason.value.trim() });
      toast(t('ic_dismissed'));
      await done('dismiss');
    } catch (e) { busy(false); setText(msg, showErrors(e, { reason })); }
  });
  const box = h('div', { class: 'ic-decide' }, h('div', { class: 'decision' }, confirmBtn), form, msg);
  return box;
}

function proposalCard(p, reload) {
  const items = p.complaints || [];
  const hid = `ic-p-${p.id}-h`;
  return h('article', { class: 'panel ic-proposal', id: `ic-proposal-${p.id}`, 'aria-labelledby': hid, dataset: { incident: String(p.id) } },
    h('h2', { id: hid }, h('a', { href: `#/incident/${p.id}` }, p.title)),
    h('p', { class: 'ic-why' }, h('strong', null, `${t('ic_why')}：`), h('span', { class: 'ic-why-text' }, whyProposed(p.proposal))),
    h('p', { class: 'hint' }, t('ic_proposed_at', { time: fmtTime(p.proposed_at) })),
    h('h3', null, t('ic_proposal_complaints', { n: p.complaints_count ?? items.length })),
    h('ul', { class: 'ic-proposal-list' }, items.map((c) => h('li', { dataset: { tracking: c.tracking_no } },
      h('a', { href: `#/c/${encodeURIComponent(c.tracking_no)}` }, c.tracking_no), ' ',
      h('time', { class: 'hint', datetime: c.created_at }, fmtTime(c.created_at)),
      c.content && h('span', { class: 'ic-excerpt' }, c.content)))),
    app.can('complaint.assign') && decideControls(p, async (how) => {
      if (how === 'confirm') app.go(`#/incident/${p.id}`);
      else await reload();
    }));
}

async function proposalsView(root) {
  const draw = async () => {
    const [r, tabs] = await Promise.all([get('/api/v1/incidents/proposals'), stateTabs('proposed')]);
    clear(root, h('section', { class: 'incidents-view', 'aria-labelledby': 'ic-title' },
      toolbar('ic_proposals_title'),
      h('p', { class: 'hint' }, t('ic_proposals_intro')),
      tabs,
      h('div', { class: 'ic-proposals', id: 'ic-proposals' }, r.items.map((p) => proposalCard(p, draw))),
      r.items.length === 0 && h('p', { class: 'empty', id: 'ic-proposals-none' }, t('ic_proposals_none'))));
  };
  await draw();
  return null;
}

/* --- the fields of an incident, for a new one and the page's edit ---------------------- */

// "YYYY-MM-DDTHH:MM" of an API time in the browser's zone, for a
// datetime-local input; '' for none.
export function localInput(iso) {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

export const isoOf = (v) => (v ? new Date(v).toISOString() : null);

/* The controls of an incident's own fields (i: the incident, or null for a
 * new one), prefix for their ids; value(): the body, with only the fields
 * that changed for an incident. */
export async function incidentFields(i, prefix) {
  const causes = (await app.causes().catch(() => [])).filter((c) => c.active !== false || (i && c.key === i.cause));
  const a = (i && i.affected) || {};
  const id = (n) => `${prefix}-${n}`;
  const c = {
    title: h('input', { id: id('title'), name: 'title', maxlength: '200', required: true, value: i ? i.title : '' }),
    cause: select({ id: id('cause'), name: 'cause' }, [['', t('ic_cause_none')], ...causes.map((x) => [x.key, causeLabel(x)])], (i && i.cause) || ''),
    responsibility: select({ id: id('responsibility'), name: 'responsibility' }, [['', t('ic_cause_none')], ...options('responsibility', { given: true })], (i && i.responsibility) || ''),
    plan: h('textarea', { id: id('plan'), name: 'plan', rows: '2', maxlength: '2000', value: (i && i.plan) || '' }),
    kind: select({ id: id('kind'), name: 'affected.kind' }, [['', t('ic_affected_none')], ...options('affected_kind')], a.kind || ''),
    ref: h('input', { id: id('ref'), name: 'affected.ref', maxlength: '120', value: a.ref || '' }),
    ref_to: h('input', { id: id('ref-to'), name: 'affected.ref_to', maxlength: '120', value: a.ref_to || '' }),
    from: h('input', { id: id('from'), name: 'affected.from', type: 'datetime-local', value: localInput(a.from) }),
    to: h('input', { id: id('to'), name: 'affected.to', type: 'datetime-local', value: localInput(a.to) }),
    record: h('textarea', { id: id('record'), name: 'affected.record', rows: '2', maxlength: '4000', value: a.record || '' }),
    started: h('input', { id: id('started'), name: 'started_at', type: 'datetime-local', value: i ? localInput(i.started_at) : '' }),
    pick_up: h('input', { id: id('pick-up'), name: 'pick_up', type: 'checkbox', checked: i ? i.pick_up : true }),
  };
  const refTo = field(t('ic_f_ref_to'), c.ref_to);
  const rangeOnly = () => { refTo.hidden = c.kind.value !== 'order_range'; };
  c.kind.addEventListener('change', rangeOnly);
  rangeOnly();
  const affected = () => {
    const o = { kind: c.kind.value || null, ref: c.ref.value.trim() || null, ref_to: c.kind.value === 'order_range' ? c.ref_to.value.trim() || null : null,
      from: isoOf(c.from.value), to: isoOf(c.to.value), record: c.record.value.trim() || null };
    return Object.values(o).some((v) => v !== null) ? o : null;
  };
  const before = i ? JSON.stringify(i.affected ? { kind: a.kind || null, ref: a.ref || null, ref_to: a.ref_to || null, from: a.from || null, to: a.to || null, record: a.record || null } : null) : null;
  const nodes = [
    field(t('ic_f_title'), c.title),
    h('div', { class: 'field-row' }, field(t('ic_f_cause'), c.cause), field(t('ic_f_responsibility'), c.responsibility)),
    field(t('ic_f_plan'), c.plan, t('ic_f_plan_hint')),
    h('fieldset', { class: 'ic-affected' }, h('legend', null, t('ic_f_affected')),
      h('div', { class: 'field-row' }, field(t('ic_f_affected_kind'), c.kind), field(t('ic_f_ref'), c.ref), refTo),
      h('div', { class: 'field-row' }, field(t('ic_f_from'), c.from), field(t('ic_f_to'), c.to)),
      field(t('ic_f_record'), c.record, t('ic_f_record_hint'))),
    field(t('ic_f_started'), c.started),
    h('div', { class: 'field' }, h('label', { class: 'check', for: c.pick_up.id }, c.pick_up, ' ', t('ic_f_pick_up'))),
  ];
  const value = () => {
    const body = {};
    const put = (k, v, old) => { if (!i || v !== old) body[k] = v; };
    put('title', c.title.value.trim(), i && i.title);
    put('cause', c.cause.value || null, i && (i.cause || null));
    put('responsibility', c.responsibility.value || null, i && (i.responsibility || null));
    put('plan', c.plan.value.trim() || null, i && (i.plan || null));
    put('pick_up', c.pick_up.checked, i && i.pick_up);
    const af = affected();
    if (!i ? af : JSON.stringify(af) !== before) body.affected = af;
    const started = isoOf(c.started.value);
    if (started && (!i || c.started.value !== localInput(i.started_at))) body.started_at = started;
    if (!i) for (const k of Object.keys(body)) if (body[k] === null) delete body[k];
    return body;
  };
  // the API's field names -> the controls, for its refusals
  const controls = { title: c.title, cause: c.cause, responsibility: c.responsibility, plan: c.plan, 'affected.kind': c.kind,
    'affected.ref': c.ref, 'affected.ref_to': c.ref_to, 'affected.from': c.from, 'affected.to': c.to, 'affected.record': c.record,
    started_at: c.started, pick_up: c.pick_up };
  return { nodes, value, controls, title: c.title };
}

/* What an act answered for the incident's page drawn next (by its id): a
 * new incident's complaints refused. */
export const handed = new Map();

/* The tracking numbers (or ids) in what was typed: one a line, or apart by
 * spaces, commas or semicolons. */
export const refsOf = (s) => [...new Set(String(s).split(/[\s,，、;；]+/).map((x) => x.trim()).filter(Boolean))];

async function newView(root) {
  if (!app.can('complaint.assign')) { clear(root, h('p', { class: 'form-error' }, t('forbidden'))); return null; }
  const f = await incidentFields(null, 'ic-new');
  const refs = h('textarea', { id: 'ic-new-complaints', name: 'complaints', rows: '3' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card ic-new-form', id: 'ic-new-form', novalidate: true },
    f.nodes, field(t('ic_f_complaints'), refs, t('ic_f_complaints_hint')), msg,
    h('button', { type: 'submit', class: 'primary' }, t('ic_create')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of [...Object.values(f.controls), refs]) fieldError(el, '');
    const body = f.value();
    if (!body.title) { fieldError(f.title, t('ic_err.no_title')); f.title.focus(); return; }
    const list = refsOf(refs.value);
    if (list.length) body.complaints = list;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const made = await post('/api/v1/incidents', body);
      // those refused are said on its page, with why
      if (made.refused_count) handed.set(made.id, { link: { linked: { length: made.complaints }, already: 0, refused: made.refused, refused_count: made.refused_count } });
      app.go(`#/incident/${made.id}`);
    } catch (e) {
      button.disabled = false;
      setText(msg, e instanceof ApiError ? showErrors(e, { ...f.controls, complaints: refs }) : t('error'));
    }
  });
  clear(root, h('section', { class: 'incidents-view', 'aria-labelledby': 'ic-title' },
    h('p', null, h('a', { href: '#/incidents', id: 'ic-back' }, t('ic_back'))),
    h('h1', { id: 'ic-title' }, t('ic_new_title')),
    h('p', { class: 'hint' }, t('ic_new_intro')),
    form));
  f.title.focus();
  return null;
}
