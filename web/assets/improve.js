// improve.js - improvement actions (改进措施): the list by state with what
// is overdue and what awaits its verdict; a new action (from a complaint,
// a row of the causes Pareto or an incident, or by hand); an action's page
// with its recurrence chart (the weekly complaints with its cause before
// and after the done date), its verdict and figures, the department's
// answers and the customers told. Every figure comes from the API.

import { t, lang, fmtTime, fmtDate } from './i18n.js';
import { h, add, clear, field, select, toast, phrase } from './dom.js';
import { get, post, query } from './api.js';
import { label } from './fields.js';
import { app, causeLabel, categoryLabel, fail, showErrors, lastDays } from './app.js';
import { panel, badge } from './actions.js';

const TABS = ['open', 'done', 'verified', 'failed', 'dropped'];
const SVG = 'http://www.w3.org/2000/svg';

function stateBadge(s, id) {
  return h('span', { class: `badge act-state act-state-${s}`, id }, label('action_state', s));
}

async function names() {
  const [causes, departments] = await Promise.all([
    app.causes().catch(() => []),
    get('/api/v1/departments').then((r) => r.items || r).catch(() => [])]);
  return {
    causes,
    departments,
    cause: (k) => { const c = causes.find((x) => x.key === k); return c ? causeLabel(c) : k; },
  };
}

function dueCell(x) {
  return h('span', { class: x.overdue ? 'overdue' : null }, fmtDate(x.due_at),
    x.overdue ? [' ', badge('warn', t('act_overdue'))] : null);
}

function verdictText(v) {
  if (!v) return '—';
  return t(`act_verdict_${v.verdict}`, { fell: Math.round(v.fell * 100) });
}

function row(x, n) {
  const href = `#/action/${x.id}`;
  return h('tr', { dataset: { action: String(x.id), state: x.state }, onclick: (ev) => { if (!ev.target.closest('a')) app.go(href); } },
    h('td', { class: 'title' }, h('a', { href }, x.what)),
    h('td', null, n.cause(x.cause)),
    h('td', null, x.department),
    h('td', null, stateBadge(x.state)),
    h('td', null, dueCell(x)),
    h('td', null, verdictText(x.verification)));
}

/* The causes of the last 30 days, most first (the report's Pareto), each
 * with its open actions and a link to make one: where improvement pays. */
async function paretoPanel(n) {
  const { from, to } = lastDays(30);
  const team = app.can('teams.all') ? undefined : (app.me.teams || [])[0];
  if (!app.can('teams.all') && !team) return null;
  const [st, open] = await Promise.all([
    get(`/api/v1/stats/causes${query({ from, to, team })}`).catch(() => null),
    get('/api/v1/actions?state=open&limit=200').catch(() => ({ items: [] }))]);
  if (!st || !st.pareto.length) return null;
  const lead = app.can('complaint.assign');
  const col = (key) => h('th', { scope: 'col' }, t(key));
  return h('section', { class: 'card', id: 'act-pareto', 'aria-labelledby': 'act-pareto-h' },
    h('h2', { id: 'act-pareto-h' }, t('act_pareto')),
    h('table', { class: 'queue act-table' },
      h('thead', null, h('tr', null, col('act_col_cause'), col('act_pareto_count'), col('act_pareto_share'), col('act_pareto_open'), lead && h('td'))),
      h('tbody', null, st.pareto.map((r) => {
        const mine = open.items.filter((x) => x.cause === r.cause).length;
        return h('tr', { dataset: { cause: r.cause, vital: String(r.vital_few) } },
          h('th', { scope: 'row' }, n.cause(r.cause)),
          h('td', { class: 'num' }, String(r.count)),
          h('td', { class: 'num' }, `${Math.round((r.share || 0) * 100)}%`),
          h('td', { class: 'num' }, mine ? h('a', { href: `#/actions/open?cause=${encodeURIComponent(r.cause)}` }, String(mine)) : '0'),
          lead && h('td', null, h('a', { href: `#/actions/new${query({ cause: r.cause, origin: 'pareto' })}`, class: 'pareto-make' }, t('act_new'))));
      }))));
}

/* The list: a tab of TABS ('open' by default), 'overdue', or 'new'. */
export async function actionsView(root, tab, q) {
  if (tab === 'new') return newView(root, q);
  const overdue = tab === 'overdue';
  const state = overdue ? 'open' : TABS.includes(tab) ? tab : 'open';
  const cause = q && q.get ? q.get('cause') : null;
  const page = (cursor) => get(`/api/v1/actions${query({ state, overdue: overdue ? 1 : null, cause, cursor })}`);
  const [first, n] = await Promise.all([page(), names()]);
  const pareto = await paretoPanel(n);
  const tbody = h('tbody', null, first.items.map((x) => row(x, n)));
  let cursor = first.next_cursor;
  const more = h('button', { type: 'button', class: 'more', id: 'act-more', hidden: !cursor }, t('load_more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const r = await page(cursor);
      add(tbody, r.items.map((x) => row(x, n)));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (e) { fail(e); }
    more.disabled = false;
  });
  const current = overdue ? 'overdue' : state;
  const tabs = h('nav', { class: 'tabs', id: 'act-tabs', 'aria-label': t('act_states') },
    [...TABS.slice(0, 1), 'overdue', ...TABS.slice(1)].map((s) => h('a', {
      href: `#/actions/${s}`, 'aria-current': s === current ? 'page' : null, dataset: { state: s },
    }, s === 'overdue' ? t('act_tab_overdue') : s === 'open' ? t('act_tab_open') : label('action_state', s),
    s === 'overdue' ? [' ', h('span', { class: `count${first.overdue ? '' : ' zero'}`, 'data-count': 'overdue' }, String(first.overdue))] : null,
    s === 'done' ? [' ', h('span', { class: `count${first.awaiting_verification ? '' : ' zero'}`, 'data-count': 'awaiting' }, String(first.awaiting_verification))] : null)));
  const col = (key) => h('th', { scope: 'col' }, t(key));
  clear(root, h('section', { class: 'actions-view', 'aria-labelledby': 'act-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'act-title' }, t('act_title')),
      app.can('complaint.assign') && h('a', { href: '#/actions/new', id: 'act-new-link', class: 'button-link' }, t('act_new'))),
    h('p', { class: 'hint' }, t('act_intro')),
    h('p', { id: 'act-summary' }, phrase('act_summary', { overdue: String(first.overdue), awaiting: String(first.awaiting_verification) })),
    tabs,
    first.items.length
      ? h('table', { class: 'queue act-table', id: 'act-table' },
        h('caption', { class: 'sr-only' }, t('act_title')),
        h('thead', null, h('tr', null, col('act_col_what'), col('act_col_cause'), col('act_col_department'),
          col('act_col_state'), col('act_col_due'), col('act_col_verdict'))),
        tbody)
      : h('p', { class: 'empty', id: 'act-empty' }, t('act_none')),
    more,
    pareto));
}

/* A new action; q may carry complaint (id), incident (id), cause, category,
 * origin (pareto) from where it was started. */
async function newView(root, q) {
  const params = new URLSearchParams(q || '');
  const n = await names();
  const categories = await app.categories().catch(() => []);
  const cause = select({ id: 'act-cause', name: 'cause', required: true },
    [['', t('act_choose')], ...n.causes.filter((c) => c.active !== false).map((c) => [c.key, causeLabel(c)])], params.get('cause') || '');
  const dept = select({ id: 'act-department', name: 'department_id', required: true },
    [['', t('act_choose')], ...n.departments.map((d) => [String(d.id), d.name])], '');
  const what = h('textarea', { id: 'act-what', name: 'what', rows: '3', maxlength: '2000', required: true });
  const due = h('input', { id: 'act-due', name: 'due', type: 'date', required: true });
  const category = select({ id: 'act-category', name: 'category' },
    [['', t('act_any')], ...categories.map((c) => [c.name, categoryLabel(c)])], params.get('category') || '');
  const objectRef = h('input', { id: 'act-object', name: 'object', maxlength: '120' });
  const tell = h('input', { type: 'checkbox', id: 'act-tell', name: 'tell_customers' });
  const complaintId = params.get('complaint');
  const incidentId = params.get('incident');
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const controls = { cause, department_id: dept, what, due, category, object: objectRef };
  const form = h('form', { class: 'card', id: 'act-form', novalidate: true },
    h('h1', { id: 'act-new-title' }, t('act_new')),
    complaintId && h('p', { class: 'hint', id: 'act-from' }, phrase('act_from_complaint', { id: complaintId })),
    incidentId && h('p', { class: 'hint', id: 'act-from' }, phrase('act_from_incident', { id: incidentId })),
    params.get('origin') === 'pareto' && h('p', { class: 'hint', id: 'act-from' }, t('act_from_pareto')),
    field(t('act_f_cause'), cause), field(t('act_f_department'), dept), field(t('act_f_what'), what),
    field(t('act_f_due'), due), field(t('act_f_category'), category, t('act_scope_hint')),
    field(t('act_f_object'), objectRef),
    h('label', { class: 'check' }, tell, ' ', t('act_f_tell')),
    h('button', { type: 'submit', id: 'act-create' }, t('act_create')), msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    msg.textContent = '';
    const body = { cause: cause.value || undefined, department_id: dept.value ? Number(dept.value) : undefined,
      what: what.value || undefined, due: due.value || undefined, tell_customers: tell.checked };
    if (category.value) body.category = category.value;
    if (objectRef.value) body.object = objectRef.value;
    if (complaintId) body.complaint_ids = [Number(complaintId)];
    if (incidentId) body.incident_id = Number(incidentId);
    if (params.get('origin') === 'pareto') body.origin = 'pareto';
    try {
      const x = await post('/api/v1/actions', body);
      toast(t('act_created'));
      app.go(`#/action/${x.id}`);
    } catch (e) { msg.textContent = showErrors(e, controls); }
  });
  clear(root, form);
}

/* The recurrence chart: one bar a week, the done date a line between the
 * weeks before and after; the numbers are in the table beside it. */
function chart(rec) {
  const s = rec.series || [];
  const W = 560, H = 200, pad = 28;
  const max = Math.max(1, ...s);
  const bw = (W - 2 * pad) / Math.max(1, s.length);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'act-chart');
  svg.setAttribute('id', 'act-chart');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', t('act_chart'));
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text != null) e.textContent = text;
    svg.append(e);
    return e;
  };
  const split = rec.split_at ? Math.round((Date.parse(rec.split_at) - Date.parse(rec.from)) / rec.week_ms) : -1;
  el('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: 'axis' });
  s.forEach((v, k) => {
    const bh = (H - 2 * pad) * v / max;
    el('rect', { x: pad + k * bw + 2, y: H - pad - bh, width: Math.max(1, bw - 4), height: bh,
      class: split >= 0 && k >= split ? 'after' : 'before', 'data-week': k, 'data-count': v });
    el('text', { x: pad + k * bw + bw / 2, y: H - pad - bh - 4, class: 'val' }, v);
  });
  if (split >= 0) {
    const x = pad + split * bw;
    el('line', { x1: x, y1: pad / 2, x2: x, y2: H - pad, class: 'split' });
    el('text', { x: x + 4, y: pad / 2 + 10, class: 'lbl' }, t('act_chart_done'));
  }
  el('text', { x: pad, y: H - 8, class: 'lbl' }, fmtDate(rec.from));
  return svg;
}

function figures(v) {
  const unit = t(v.unit === 'per_1000_orders' ? 'act_unit_orders' : 'act_unit_week');
  const line = (key, side) => h('tr', null, h('th', { scope: 'row' }, t(key)),
    h('td', null, `${fmtDate(side.from)} – ${fmtDate(new Date(Date.parse(side.to) - 1).toISOString())}`),
    h('td', { class: 'num' }, String(side.complaints)),
    h('td', { class: 'num' }, side.orders ? String(side.orders) : '—'),
    h('td', { class: 'num' }, String(side.rate)));
  const col = (key) => h('th', { scope: 'col' }, t(key));
  return h('div', { id: 'act-verification' },
    h('p', { id: 'act-verdict', class: `verdict ${v.verdict}` }, verdictText(v), ' ',
      phrase('act_verdict_needed', { margin: String(Math.round(v.margin * 100)), weeks: String(v.window_weeks), unit })),
    h('table', { class: 'figures' },
      h('thead', null, h('tr', null, h('td'), col('act_fig_period'), col('act_fig_complaints'), col('act_fig_orders'),
        h('th', { scope: 'col' }, phrase('act_fig_rate', { unit })))),
      h('tbody', null, line('act_before', v.before), line('act_after', v.after))));
}

function eventLine(e) {
  const d = e.data || {};
  const who = e.actor === 'system' ? t('actor.system') : e.actor.startsWith('department:') ? e.actor.slice(11) : e.actor;
  let what;
  switch (e.kind) {
    case 'created': what = phrase('act_ev.created', { department: d.department || '' }); break;
    case 'done': what = phrase('act_ev.done', { evidence: d.evidence || '' }); break;
    case 'dropped': what = phrase('act_ev.dropped', { reason: d.reason || '' }); break;
    case 'verified': case 'failed': what = t(`act_ev.${e.kind}`, { fell: Math.round((d.fell || 0) * 100) }); break;
    case 'customers_told': what = t('act_ev.customers_told', { n: d.customers || 0 }); break;
    case 'complaints_linked': what = t('act_ev.complaints_linked', { n: (d.complaints || []).length }); break;
    default: what = t(`act_ev.${e.kind}`);
  }
  return h('li', { dataset: { kind: e.kind } }, h('time', { datetime: e.at }, fmtTime(e.at)), ' ', who, lang() === 'en' ? ': ' : '：', what);
}

export async function actionView(root, id) {
  const [x, n] = await Promise.all([get(`/api/v1/actions/${id}`), names()]);
  const lead = app.can('complaint.assign');
  const open = ['proposed', 'accepted', 'failed'].includes(x.state);
  const redraw = () => actionView(root, id).catch(fail);
  const act = (fn) => async (ev) => {
    ev.preventDefault();
    try { await fn(); toast(t('act_saved')); redraw(); } catch (e) { fail(e); }
  };
  const kv = (key, value, vid) => value != null && value !== '' && h('div', { class: 'kv' }, h('dt', null, t(key)), h('dd', { id: vid }, value));
  const forms = [];
  if (lead && x.state === 'proposed') {
    const owner = h('input', { id: 'act-owner', maxlength: '100' });
    forms.push(h('form', { id: 'act-accept', class: 'action', onsubmit: act(() => post(`/api/v1/actions/${id}/accept`, owner.value ? { owner_name: owner.value } : {})) },
      field(t('act_f_owner'), owner), h('button', { type: 'submit' }, t('act_accept'))));
  }
  if (lead && open) {
    const evidence = h('textarea', { id: 'act-evidence', rows: '3', maxlength: '4000' });
    const on = h('input', { id: 'act-done-on', type: 'date' });
    forms.push(h('form', { id: 'act-done', class: 'action', onsubmit: act(() => post(`/api/v1/actions/${id}/done`, on.value ? { evidence: evidence.value, done_on: on.value } : { evidence: evidence.value })) },
      field(t('act_f_evidence'), evidence), field(t('act_f_done_on'), on), h('button', { type: 'submit' }, t('act_done'))));
  }
  if (lead && x.tell_customers && !x.told_at && ['done', 'verified'].includes(x.state)) {
    const message = h('textarea', { id: 'act-message', rows: '2', maxlength: '1000', placeholder: x.what });
    forms.push(h('form', { id: 'act-tell', class: 'action', onsubmit: act(() => post(`/api/v1/actions/${id}/tell`, message.value ? { message: message.value } : {})) },
      field(t('act_f_message'), message), h('button', { type: 'submit' }, phrase('act_tell', { n: String(x.complaints) }))));
  }
  if (lead && !['verified', 'dropped'].includes(x.state)) {
    const reason = h('input', { id: 'act-drop-reason', maxlength: '2000' });
    forms.push(h('form', { id: 'act-drop', class: 'action', onsubmit: act(() => post(`/api/v1/actions/${id}/drop`, { reason: reason.value })) },
      field(t('act_f_drop_reason'), reason), h('button', { type: 'submit', class: 'secondary' }, t('act_drop'))));
  }
  const scope = [x.scope.category, x.scope.object, x.scope.channel && label('channel', x.scope.channel)].filter(Boolean).join(' · ');
  clear(root, h('section', { class: 'action-view', 'aria-labelledby': 'act-h' },
    h('p', null, h('a', { href: '#/actions' }, t('act_back'))),
    h('h1', { id: 'act-h' }, x.what, ' ', stateBadge(x.state, 'act-state'), x.overdue ? badge('warn', t('act_overdue')) : null),
    panel('act-details', 'act_details', h('dl', { class: 'details' },
      kv('act_f_cause', n.cause(x.cause), 'act-cause'),
      kv('act_f_scope', scope || t('act_scope_all'), 'act-scope'),
      kv('act_f_department', x.department, 'act-department'),
      kv('act_f_owner', x.owner.name || x.owner.user),
      kv('act_f_due', fmtDate(x.due_at), 'act-due'),
      kv('act_f_origin', label('action_origin', x.origin)),
      kv('act_f_evidence', x.evidence, 'act-evidence-text'),
      kv('act_f_done_on', x.done_at && fmtDate(x.done_at)),
      kv('act_f_verify_at', x.verify_at && fmtDate(x.verify_at), 'act-verify-at'),
      kv('act_f_failures', x.failures ? String(x.failures) : null),
      kv('act_f_told', x.told_at && fmtTime(x.told_at)),
      kv('act_f_drop_reason', x.drop_reason),
      x.department_link && kv('act_f_link', h('a', { href: x.department_link, id: 'act-link', target: '_blank', rel: 'noopener' }, t('act_link'))))),
    panel('act-recurrence', 'act_recurrence',
      h('p', { class: 'hint' }, t(x.done_at ? 'act_chart_hint_done' : 'act_chart_hint_open')),
      chart(x.recurrence),
      x.verification ? figures(x.verification) : h('p', { id: 'act-verdict-pending' }, x.verify_at ? phrase('act_verdict_due', { at: fmtDate(x.verify_at) }) : t('act_verdict_none'))),
    forms.length > 0 && panel('act-do', 'act_do', forms),
    panel('act-complaints', 'act_complaints', x.linked.length
      ? h('ul', { id: 'act-linked' }, x.linked.map((c) => h('li', null, h('a', { href: `#/c/${c.tracking_no}` }, c.tracking_no), ' ', label('status', c.status))))
      : h('p', { class: 'empty' }, t('act_no_complaints'))),
    panel('act-history', 'act_history', h('ol', { class: 'act-events', id: 'act-events' }, x.events.map(eventLine)))));
  document.title = `${x.what} · ${t('act_title')}`;
}
