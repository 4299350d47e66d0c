// complaint.js - one complaint: what was registered, the customer, mood
// badges, clocks, the guided steps with their scripts (and macros), the
// timeline, and every action the caller may take on it (reply, note,
// judgements, plans, transitions, assignment, escalation, the three
// changes, department tasks, identity, compensation and apologies,
// follow-up, knowledge base), the incident it is part of, and what kesu
// read in its words.

import { t, fmtTime, fmtDuration, fmtMoney } from './i18n.js';
import { h, clear, select, toast, phrase, setText, fieldError } from './dom.js';
import { api, get, post, query, ApiError } from './api.js';
import { label, options, values, state } from './fields.js';
import { complaintKeys, showKeys } from './complaint-keys.js';
import { app, fail } from './app.js';
import { panel, badge, actionForm, all, checkbox, progressControls } from './actions.js';
import { customerPanel, typeBadge } from './customer.js';
import { identityPanel, compensationPanel } from './compensation.js';
import { judgementPanel, odrPanel } from './judgement.js';
import { plansPanel, agreed } from './plans.js';
import { demandPanel, demandConfirmed } from './demand.js';
import { changesPanel } from './changes.js';
import { macroControl } from './macro.js';
import { kbPanel } from './kb.js';
import { lessonButton } from './lessons.js';
import { onLive, paced } from './live.js';
import { presenceMount } from './presence.js';
import { tabs, reveal as showTab } from './tabs.js';
import { mergeBanner, mergeOrigin } from './merge.js';
import { readingPanel, loadReadingNames, threatReason, acceptedFields, polarityChange, causeWords, categoryWords } from './reading.js';

function eventText(e) {
  const d = e.data || {};
  switch (e.kind) {
    case 'status_changed': return t('ev.status_changed', { from: label('status', d.from), to: label('status', d.to) });
    case 'escalated': return [t('ev.escalated', { from: label('level', d.from), to: label('level', d.to) }),
      d.platform && t('ev.escalated_platform', { platform: d.platform, case_number: d.case_number }),
      d.outlet && t('ev.escalated_outlet', { outlet: d.outlet }),
      d.cause === 'threat' && t('ev.escalated_threat')].filter(Boolean).join(' · ');
    case 'mood_changed': return t('ev.mood_changed', { from: label('emotion', d.from), to: label('emotion', d.to) });
    case 'analysis_accepted': return t('ev.analysis_accepted', { fields: acceptedFields(d.fields) });
    case 'clock_warning': case 'clock_breached': return t(`ev.${e.kind}`, { clock: label('clock', d.clock) });
    case 'compensation_proposed': case 'compensation_granted': case 'compensation_approved': case 'compensation_rejected':
      return t(`ev.${e.kind}`, { amount: `${label('compensation_kind', d.type)} ${fmtMoney(d.amount_fen)}` })
        + (d.purpose === 'goodwill' ? ` · ${t('ev_goodwill')}` : '');
    case 'thanked': return t('ev.thanked', { month: d.month || '' });
    case 'task_created': return phrase('ev.task_created', { department: d.department || '' });
    case 'callback': return t('ev.callback', { method: label('callback_method', d.method) });
    case 'visits_planned': return t('ev.visits_planned', { n: (d.visits || []).length });
    case 'visit_recorded': return t('ev.visit_recorded', { method: label('visit_method', d.method) });
    case 'visit_missed': return t('ev.visit_missed', { date: d.due_date || '' });
    case 'guide_step': return `${t('ev.guide_step')}: ${t(`step_${d.step}`)} ${d.done === false ? '✗' : '✓'}`;
    case 'macro_applied': return phrase('ev.macro_applied', { title: d.title || '' });
    case 'plan_answered': return t('ev.plan_answered', { answer: label('plan_answer', d.answer) });
    case 'demand_answered': return t('ev.demand_answered', { answer: label('demand_answer', d.answer) });
    case 'channel_moved': return t('ev.channel_moved', { channel: label('conversation_channel', d.to) });
    case 'assigned': return d.via === 'take' ? t('ev.assigned_take')
      : d.via ? t('ev.assigned_rule', { rule: t(`rule.${d.via}`) }) : t('ev.assigned');
    case 'routed': return t('ev.routed', { rule: d.rule, level: label('level', d.level) });
    case 'suggested_link': return phrase('ev.suggested_link', { tracking_no: d.tracking_no || '' });
    case 'second_linked': case 'second_unlinked':
      return phrase(`ev.${e.kind}`, { tracking_no: (d.second_of && d.second_of.tracking_no) || '' });
    case 'second_complaint': case 'second_complaint_unlinked':
      return phrase(`ev.${e.kind}`, { tracking_no: (d.second && d.second.tracking_no) || '' });
    case 'merged_into': case 'merged_from': return phrase(`ev.${e.kind}`, { tracking_no: d.into || d.from || '' });
    case 'identity_confirmed': return t('ev.identity_confirmed', { method: label('identity_method', d.method) });
    case 'appointment_scheduled': return t('ev.appointment_scheduled', { at: fmtTime(d.at) });
    case 'appointment_outcome': return t('ev.appointment_outcome', { state: label('appointment_state', d.state) });
    case 'incident_linked': case 'incident_unlinked': return phrase(`ev.${e.kind}`, { title: d.title || '' });
    case 'action_linked': return phrase('ev.action_linked', { what: d.what || '' });
    case 'action_told': return phrase('ev.action_told', { message: d.message || '' });
    default: return t(`ev.${e.kind}`);
  }
}

/* A field the registration edit or a judgement changed, in the page's
 * words: "Responsibility: unset → ours". */
const judged = { cause: 'c_cause', responsibility: 'c_responsibility', validity: 'c_validity',
  duplicate_of: 'c_duplicate_of', systemic: 'c_systemic', idea: 'c_idea', odr_means: 'c_odr_means' };
function changeText(path, ch) {
  const field = path.replace(/^complainant\./, '').replace('.', '_');
  const key = judged[field] || `f_${field}`;
  const name = t(key) === key ? path : t(key);
  const shown = (v) => (v === true ? t('yes') : v === false ? t('no')
    : v == null || v === '' ? t('ev.unset')
      : field === 'cause' ? causeWords(v) : field === 'category' ? categoryWords(v) : label(field, v));
  return `${name}: ${shown(ch && ch.before)} → ${shown(ch && ch.after)}`;
}

function eventBody(e) {
  const d = e.data || {};
  const parts = [];
  if (e.kind === 'updated' && d.changes) {
    for (const [path, ch] of Object.entries(d.changes)) parts.push(changeText(path, ch));
  }
  if (d.body) parts.push(d.body);
  // the threat kesu read: its kind in the page's words, then the customer's
  if (d.reason) parts.push(e.kind === 'escalated' && d.cause === 'threat' ? threatReason(d.reason) : d.reason);
  if (e.kind === 'mood_changed' && polarityChange(d)) parts.push(polarityChange(d));
  if (d.answer && e.kind === 'task_answered') parts.push(d.answer);
  if (d.summary) parts.push(d.summary);
  if (d.restatement) parts.push(d.restatement);
  if (d.target) parts.push(`${t('c_demand_target')}: ${d.target}`);
  if (d.correction) parts.push(d.correction);
  if (d.demand_unconfirmed_reason) parts.push(`${t('c_plan_demand_reason')}: ${d.demand_unconfirmed_reason}`);
  if (d.counter_offer) parts.push(d.counter_offer);
  if (d.conditions) parts.push(d.conditions);
  if (d.note) parts.push(d.note);
  if (d.outcome) parts.push(d.outcome);
  if (d.what && e.kind === 'task_created') parts.push(d.what);
  if (e.kind === 'callback' && d.satisfaction) parts.push(t('satisfaction_n', { n: d.satisfaction }));
  if (e.kind === 'callback' && d.business_satisfaction) parts.push(t('business_satisfaction_n', { n: d.business_satisfaction }));
  if (d.on_behalf_of) parts.push(t('c_on_behalf'));
  if (d.advice) parts.push(d.advice);
  if (d.attachments_more) parts.push(t('ev.attachments_more', { n: d.attachments_more }));
  if (e.kind === 'incident_message' && d.message) parts.push(d.message);
  // what the customer was told is being done, and by when they hear again
  if (d.progress && d.progress.line) parts.push(t('ev.progress_line', { line: d.progress.line }));
  if (d.progress && d.progress.next_contact_at) parts.push(t('ev.progress_next', { time: fmtTime(d.progress.next_contact_at) }));
  return parts;
}

/* People by their display names; the customer, tokens and the system in
 * the page's words rather than their raw actor names. */
function actorName(e) {
  if (e.actor_name) return e.actor_name;
  if (e.actor === 'customer' || e.actor === 'system' || e.actor === 'demo') return t(`actor.${e.actor}`);
  return e.actor;
}

function timeline(events) {
  return h('ol', { class: 'timeline', id: 'timeline' }, events.map((e) => h('li', { class: `ev ev-${e.kind}`, dataset: { kind: e.kind } },
    h('div', { class: 'ev-head' }, h('time', { datetime: e.at }, fmtTime(e.at)), ' ', h('span', { class: 'actor' }, actorName(e)), ' · ',
      h('span', { class: 'what' }, eventText(e)), mergeOrigin(e)),
    eventBody(e).map((p) => h('p', { class: 'ev-body' }, p)))));
}

function clocksPanel(c) {
  const rows = (c.clocks || []).map((k) => {
    let when = '';
    if (k.state === 'running' || k.state === 'paused') when = k.remaining_ms > 0 ? t('c_remaining', { d: fmtDuration(k.remaining_ms) }) : t('c_overdue');
    return h('li', { class: `clock clock-${k.state}${k.warned ? ' warned' : ''}`, dataset: { clock: k.kind } },
      h('strong', null, label('clock', k.kind)), ' ', badge(`ck-${k.state}`, label('clock_state', k.state)), ' ',
      k.due_at && h('time', { datetime: k.due_at }, fmtTime(k.due_at)), ' ', h('span', { class: 'left' }, when));
  });
  return panel('clocks', 'c_clocks', h('ul', { class: 'clocks' }, rows));
}

function detailsPanel(c) {
  const row = (key, value) => value && h('div', { class: 'kv' }, h('dt', null, t(key)), h('dd', null, value));
  const p = c.complainant || {};
  const o = c.object || {};
  const contact = h('span', { id: 'contact' }, [p.phone, p.email, p.contact_other].filter(Boolean).join(' · '));
  const reveal = app.can('pii.reveal') && !app.can('pii.view') && h('button', {
    type: 'button', class: 'link', id: 'reveal',
    onclick: async () => {
      try {
        const r = await post(`/api/v1/complaints/${c.id}/reveal`);
        const q = r.complainant || {};
        setText(contact, [q.phone, q.email, q.contact_other].filter(Boolean).join(' · '));
      } catch (e) { fail(e); }
    },
  }, t('c_reveal'));
  return panel('details', 'c_registration', h('dl', { class: 'details' },
    row('f_channel', label('channel', c.channel)),
    row('f_name', p.name && [p.name, ' ', typeBadge(c.customer_type)]),
    // the reveal button sits inside the dd: a dl's group holds dt and dd only
    h('div', { class: 'kv' }, h('dt', null, t('f_phone')), h('dd', null, contact, reveal ? ' ' : null, reveal)),
    row('f_object_kind', o.kind && label('object_kind', o.kind)),
    row('f_object_ref', o.ref), row('f_object_name', o.name),
    row('f_occurred_at', c.occurred_at && fmtTime(c.occurred_at)),
    row('f_purchased_at', c.purchased_at),
    row('f_content', c.content), row('f_usage', c.usage), row('f_demand', c.demand),
    row('f_desired_resolution', c.desired_resolution && label('resolution', c.desired_resolution)),
    row('f_category', c.category), row('f_language', label('language', c.language))));
}

function guidePanel(c, guide, reload, replyBox) {
  if (!guide) return null;
  const steps = guide.steps || [];
  const editable = app.can('complaint.edit') && !state(c.status).closed;
  return panel('guide', 'c_guide', h('ol', { class: 'guide' }, steps.map((s) => {
    const box = h('input', {
      type: 'checkbox', id: `step-${s.step}`, checked: !!s.done, disabled: !editable,
      onchange: async (ev) => {
        try { await post(`/api/v1/complaints/${c.id}/guide/${s.step}`, { done: ev.target.checked }); await reload(); } catch (e) { ev.target.checked = !ev.target.checked; fail(e); }
      },
    });
    const scripts = s.scripts || [];
    const next = guide.next_step === s.step;
    return h('li', { class: `step${s.done ? ' done' : ''}${next ? ' next' : ''}`, dataset: { step: s.step }, 'aria-current': next ? 'step' : null },
      h('div', { class: 'step-head' }, box, h('label', { for: `step-${s.step}` }, `${s.step}. ${t(`step_${s.step}`)}`),
        s.done && s.done_by && h('span', { class: 'hint' }, ` ${s.done_by} ${fmtTime(s.done_at)}`)),
      s.goal && h('p', { class: 'hint step-goal' }, s.goal),
      // the next step's scripts open, the others' folded: the guide stays short
      scripts.length
        ? h('details', { class: 'step-scripts', open: next && !state(c.status).closed }, h('summary', null, t('c_guide_step_scripts', { n: scripts.length })), h('ul', { class: 'scripts', 'aria-label': t('c_guide_scripts') }, scripts.map((sc) => h('li', { class: 'script', dataset: { script: sc.id } },
          sc.title && h('strong', null, sc.title),
          sc.responsibility && h('span', { class: 'badge' }, label('responsibility', sc.responsibility)),
          sc.customer_type && h('span', { class: 'badge' }, label('customer_type', sc.customer_type)),
          h('p', { class: 'script-body' }, sc.body),
          (sc.missing || []).length > 0 && h('p', { class: 'hint missing' }, t('c_guide_missing', { list: sc.missing.map((m) => `{${m}}`).join(' ') })),
          h('button', {
            type: 'button', class: 'link',
            onclick: () => { replyBox.value = replyBox.value ? `${replyBox.value}\n${sc.body}` : sc.body; replyBox.focus(); },
          }, t('c_reply')),
          h('button', {
            type: 'button', class: 'link',
            onclick: async () => { try { await navigator.clipboard.writeText(sc.body); toast(t('c_copied')); } catch { toast(t('error'), 'error'); } },
          }, t('c_copy')),
          editable && macroControl(c, sc, reload)))))
        : h('p', { class: 'hint' }, t('c_guide_none')));
  })));
}

// Resolving needs an accepted plan: the form says so before the server
// does, and offers a manager to resolve without one (with a reason). The
// transitions API names that move, to `resolved`, for its override.
function transitionForm(c, workflow, plans, reopenedAt, reload, preferred) {
  const allowed = (workflow.transitions || []).filter((x) => x.from === c.status &&
    (x.rule === 'edit' || (x.rule === 'override' && app.can('complaint.override'))));
  if (!allowed.length || !app.can('complaint.edit')) return null;
  // the move the next step expects is offered first
  const first = allowed.find((x) => x.to === preferred) || allowed[0];
  const to = select({ id: 'move-to', name: 'to' }, allowed.map((x) => [x.to, label('status', x.to)]), first.to);
  const reason = h('textarea', { id: 'move-reason', name: 'reason', rows: '2' });
  const needs = () => allowed.find((x) => x.to === to.value)?.reason_required;
  const hint = h('span');
  const noPlan = h('p', { class: 'verdict warn', id: 'move-no-plan', 'aria-live': 'polite' });
  const [override, overrideLabel] = checkbox('move-override', 'c_resolve_override');
  // work starting tells the customer what is being done (only that move takes it)
  const progress = progressControls(c, 'move-progress');
  const unjudged = !c.cause || !c.responsibility;
  let form = null;
  const sync = () => {
    const blocked = to.value === 'resolved' && !agreed(plans, reopenedAt);
    setText(noPlan, to.value === 'resolved' && unjudged ? t('c_resolve_needs_judgement')
      : blocked ? t('c_resolve_needs_plan') : '');
    overrideLabel.hidden = !blocked || !app.can('complaint.override');
    setText(hint, needs() || (blocked && override.checked) ? t('c_reason_required') : '');
    for (const el of [progress.line, progress.next]) el.closest('.field').hidden = to.value !== 'in_progress';
    // the button says where it moves the complaint
    if (form) setText(form.querySelector('button[type="submit"]'), t('c_move_button', { to: label('status', to.value) }));
  };
  to.addEventListener('change', sync);
  override.addEventListener('change', sync);
  form = actionForm('move', [['to', t('col_status'), to], [null, null, noPlan], ['override', null, overrideLabel],
    ['reason', t('c_reason'), reason], [null, null, hint], ...progress.controls], 'confirm',
  () => post(`/api/v1/complaints/${c.id}/transitions`, {
    to: to.value, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
    ...(!overrideLabel.hidden && override.checked ? { override: true } : {}),
    ...(to.value === 'in_progress' && progress.value() ? { progress: progress.value() } : {}),
  }).catch((e) => { if (e instanceof ApiError) judgeInPlace(form, e.field); throw e; }), reload);
  form.querySelector('button[type="submit"]').classList.add('primary');
  sync();
  return form;
}

// A resolve refused for want of a cause or responsibility opens the
// judgement right above the state change, the missing field in focus.
const JUDGED = { cause: 'j-cause', responsibility: 'j-responsibility' };
function judgeInPlace(form, field) {
  const judgement = document.getElementById('judgement');
  const control = JUDGED[field] && document.getElementById(JUDGED[field]);
  if (!judgement || !control) return;
  // out of its tab, if it was in one: it belongs with the state change now
  form.closest('section').before(judgement);
  judgement.classList.add('asked');
  fieldError(control, t('c_judge_first'));
  judgement.scrollIntoView({ block: 'start' });
  control.focus();
}

// 接手: an unassigned complaint of one of the caller's teams.
export function canTake(c) {
  return !c.assignee_id && app.can('complaint.edit') && !state(c.status).closed &&
    ((app.me && app.me.teams) || []).includes(c.team_id);
}

function takeButton(c, reload) {
  if (!canTake(c)) return null;
  return h('button', {
    type: 'button', class: 'primary', id: 'take', title: t('c_take_hint'),
    onclick: async (ev) => {
      ev.target.disabled = true;
      try { await post(`/api/v1/complaints/${c.id}/take`); toast(t('c_taken')); await reload(); } catch (e) { ev.target.disabled = false; fail(e); }
    },
  }, t('c_take'));
}

async function assignForm(c, reload) {
  if (!app.can('complaint.assign')) return null;
  const teams = await app.teams();
  const team = select({ id: 'assign-team', name: 'team_id' }, teams.map((x) => [String(x.id), x.name]), String(c.team_id));
  const who = h('select', { id: 'assign-user', name: 'assignee_id' });
  async function fill() {
    let members = [];
    try { members = (await get(`/api/v1/teams/${team.value}/members`)).items; } catch { /* none to offer */ }
    clear(who, h('option', { value: '' }, t('none')), members.map((m) => h('option', { value: String(m.id), selected: m.id === c.assignee_id },
      `${m.display_name || m.username} (${label('role', m.role)})`)));
  }
  team.addEventListener('change', fill);
  await fill();
  return actionForm('assign', [['team_id', t('f_team'), team], ['assignee_id', t('f_assignee'), who]], 'c_assign',
    () => post(`/api/v1/complaints/${c.id}/assignment`, { team_id: Number(team.value), assignee_id: who.value ? Number(who.value) : null }),
    reload);
}

function escalateForm(c, reload) {
  if (!app.can('complaint.edit') || state(c.status).closed) return null;
  // the ordinary way is one level up; the causes that go straight to management are offered by name
  const straight = values('escalation_cause', { given: true }).filter((x) => x.to_management);
  const cause = select({ id: 'esc-cause', name: 'cause' }, [['', t('c_esc_cause_none')], ...straight.map((x) => [x.name, label('escalation_cause', x.name)])], '');
  const reason = h('textarea', { id: 'esc-reason', name: 'reason', rows: '2' });
  const threat = h('input', { type: 'checkbox', id: 'esc-threat', checked: !!c.threat });
  // the step above management is the platform's, the one above it PR's: the
  // outside fact it stands on is asked for then
  const fact = {
    management: [['platform', 'c_esc_platform'], ['case_number', 'c_esc_case_number']],
    platform: [['outlet', 'c_esc_outlet']],
  }[c.level] || [];
  const facts = fact.map(([name, key]) => [name, t(key), h('input', { id: `esc-${name.replace('_', '-')}`, name })]);
  return actionForm('escalate', [['cause', t('c_esc_cause'), cause, t('c_esc_cause_hint')], ['reason', t('c_escalate_reason'), reason],
    ...facts, [null, null, h('label', { class: 'check' }, threat, ' ', t('c_threat'))]], 'c_escalate',
  () => post(`/api/v1/complaints/${c.id}/escalations`, {
    reason: reason.value.trim(), threat: threat.checked, ...(cause.value ? { cause: cause.value } : {}),
    ...Object.fromEntries(facts.map(([name, , el]) => [name, el.value.trim()]).filter(([, v]) => v)),
  }), reload);
}

async function tasksPanel(c, tasks, reload) {
  const list = h('ul', { class: 'tasks' }, tasks.map((k) => h('li', { class: `task ${k.overdue ? 'overdue' : ''}` },
    h('strong', null, k.department), ' ', badge(`task-${k.state}`, label('task_state', k.state)), ' ', k.what, ' ',
    k.due_at && h('time', { datetime: k.due_at }, fmtTime(k.due_at)), k.overdue ? ` ${t('c_overdue')}` : '',
    k.answer && h('p', { class: 'ev-body' }, k.answer),
    k.state === 'open' && app.can('complaint.edit') && (() => {
      const answer = h('input', { name: 'answer', 'aria-label': t('c_task_answer') });
      return actionForm(`task-${k.id}`, [['answer', null, answer]], 'c_task_answer',
        () => post(`/api/v1/tasks/${k.id}/answer`, { answer: answer.value.trim() }), reload);
    })())));
  let form = null;
  if (app.can('complaint.edit') && !state(c.status).closed) {
    const depts = (await app.once('departments', () => get('/api/v1/departments'))).items || [];
    if (depts.length) {
      const dept = select({ id: 'task-dept', name: 'department_id' }, depts.map((d) => [String(d.id), d.name]), String(depts[0].id));
      const what = h('input', { id: 'task-what', name: 'what' });
      const days = h('input', { id: 'task-days', name: 'due_working_days', type: 'number', min: '1', max: '60', value: '2' });
      const progress = progressControls(c, 'task-progress');
      form = actionForm('task-new', [['department_id', t('c_department'), dept], ['what', t('c_task_what'), what], ['due_working_days', t('c_task_days'), days], ...progress.controls],
        'c_task_add', () => post(`/api/v1/complaints/${c.id}/tasks`, {
          department_id: Number(dept.value), what: what.value.trim(), due_working_days: Number(days.value),
          ...(progress.value() ? { progress: progress.value() } : {}),
        }), reload);
    }
  }
  return panel('tasks', 'c_tasks', list, form);
}

function callbacksPanel(c, callbacks, reload) {
  const list = h('ul', { class: 'callbacks' }, callbacks.map((k) => h('li', null,
    h('time', { datetime: k.at }, fmtTime(k.at)), ' ', label('callback_method', k.method), ' ',
    k.reached ? '' : `(${t('no')}) `, k.satisfaction ? t('satisfaction_n', { n: k.satisfaction }) : '',
    k.business_satisfaction ? ` ${t('business_satisfaction_n', { n: k.business_satisfaction })}` : '',
    k.recorded_by && ` · ${t('c_callback_by', { who: k.recorded_by })}`,
    k.on_behalf_of && [' ', h('span', { class: 'badge on-behalf' }, t('c_on_behalf'))],
    k.advice && h('p', { class: 'ev-body' }, k.advice))));
  let form = null;
  if (app.can('complaint.edit') && state(c.status).follows_up) {
    const method = select({ id: 'cb-method', name: 'method' }, options('callback_method', { given: true }), 'phone');
    const reached = h('input', { type: 'checkbox', id: 'cb-reached', checked: true });
    const rating = (id, name) => select({ id, name }, [['', t('choose')], ...[5, 4, 3, 2, 1].map((n) => [String(n), String(n)])], '');
    const sat = rating('cb-satisfaction', 'satisfaction');
    const business = rating('cb-business', 'business_satisfaction');
    const done = h('input', { type: 'checkbox', id: 'cb-carried', checked: true });
    const advice = h('textarea', { id: 'cb-advice', name: 'advice', rows: '2' });
    form = actionForm('callback-new', [['method', t('c_callback_method'), method],
      [null, null, h('label', { class: 'check' }, reached, ' ', t('c_callback_reached'))],
      ['satisfaction', t('c_callback_satisfaction'), sat],
      ['business_satisfaction', t('c_callback_business'), business],
      [null, null, h('label', { class: 'check' }, done, ' ', t('c_callback_carried_out'))],
      ['advice', t('c_callback_advice'), advice]], 'c_callback_add',
    () => post(`/api/v1/complaints/${c.id}/callbacks`, {
      method: method.value, reached: reached.checked, carried_out: done.checked,
      ...(sat.value ? { satisfaction: Number(sat.value) } : {}),
      ...(business.value ? { business_satisfaction: Number(business.value) } : {}), ...(advice.value.trim() ? { advice: advice.value.trim() } : {}),
    }), reload);
  }
  return panel('callbacks', 'c_callbacks', list, form);
}

// Pictures the browser can only draw (never SVG, which can hold script:
// the server sniffs the bytes and serves nothing else as an image), shown
// small on the page and full width at a click.
const PICTURES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
// A PDF shows as a picture of its first page, drawn by the server: the
// browser never opens the PDF itself. The server draws a few at a time for
// everyone, so a page asks for one after the other, and again after a busy
// answer (503) only; one it cannot draw (404) shows nothing but its link.
let drawnBefore = Promise.resolve();
function pdfPicture(img, src) {
  const box = () => img.closest('.preview');
  drawnBefore = drawnBefore.then(async () => {
    for (let tries = 0; tries < 3; tries++) {
      // a page left meanwhile asks for nothing more
      if (tries && !img.isConnected) return;
      let r;
      try { r = await fetch(src, { credentials: 'same-origin', cache: 'no-store' }); } catch { break; }
      if (r.ok && r.headers.get('Content-Type') === 'image/png') {
        const url = URL.createObjectURL(await r.blob());
        img.addEventListener('load', () => URL.revokeObjectURL(url), { once: true });
        img.src = url;
        return;
      }
      if (r.status !== 503) break;
      await new Promise((ok) => { setTimeout(ok, 1000 * (parseInt(r.headers.get('Retry-After') || '1', 10) || 1)); });
    }
    box()?.setAttribute('hidden', '');
  });
}

function preview(f) {
  const pdf = f.content_type === 'application/pdf';
  if (!PICTURES.has(f.content_type) && !pdf) return null;
  const src = `/api/v1/attachments/${Number(f.id)}${pdf ? '/preview' : ''}`;
  const img = h('img', { src: pdf ? null : src, alt: pdf ? t('c_pdf_page1', { name: f.filename }) : f.filename, loading: pdf ? null : 'lazy' });
  if (pdf) queueMicrotask(() => pdfPicture(img, src));
  const b = h('button', { type: 'button', class: 'thumb', 'aria-expanded': 'false', title: t('c_preview_bigger') }, img);
  b.addEventListener('click', () => {
    const big = b.getAttribute('aria-expanded') !== 'true';
    b.setAttribute('aria-expanded', String(big));
    b.classList.toggle('big', big);
  });
  const box = h('div', { class: 'preview' }, b);
  if (!pdf) img.addEventListener('error', () => { box.hidden = true; });
  return box;
}

// The complaint's files (in the record's tab).
function filesPanel(c, items) {
  const list = items.length
    ? h('ul', { class: 'files' }, items.map((f) => h('li', null,
      h('a', { href: `/api/v1/attachments/${Number(f.id)}`, download: '' }, f.filename), ` (${f.content_type})`,
      preview(f))))
    : h('p', { class: 'hint' }, t('c_no_files'));
  return panel('files', 'c_attachments', list);
}

// More files from the agent (a photo the customer sent by chat, a
// courier's receipt): in the first screen, beside the reply and the note,
// where the agent is when the customer sends one; the files themselves are
// in the record's tab (linked, with their count).
function attachPanel(c, items, reload) {
  if (!app.can('complaint.edit') || state(c.status).closed) return null;
  const input = h('input', { type: 'file', id: 'file-input', name: 'file', multiple: true });
  const form = actionForm('file-upload', [['file', t('c_add_files'), input]], 'c_upload', async () => {
    if (!input.files.length) throw new ApiError(400, { error: { field: 'file', message: t('c_choose_files') } });
    const body = new FormData();
    for (const f of input.files) body.append('file', f, f.name);
    await api('POST', `/api/v1/complaints/${c.id}/attachments`, body);
  }, reload);
  // the files chosen are the ones to add: sent at once, as they are chosen
  input.addEventListener('change', () => { if (input.files.length) form.requestSubmit(); });
  const have = h('p', { class: 'hint' }, items.length
    ? h('button', {
      type: 'button', class: 'link', id: 'files-count',
      onclick: () => { const el = document.getElementById('files'); showTab(el); el?.scrollIntoView({ block: 'start' }); },
    }, t('c_files_n', { n: items.length }))
    : t('c_no_files'));
  return panel('attach', 'c_attachments', have, form);
}

// A second complaint (二次投诉): the banner naming the earlier complaint,
// and on any complaint its later second complaints.
function secondBanner(c) {
  const later = c.second_complaints || [];
  return [
    c.second_of && h('div', { class: 'second-banner', id: 'second-banner', role: 'note' },
      h('strong', null, t('c_second')), ' — ', t('c_second_prev'), ' ',
      h('a', { href: `#/c/${encodeURIComponent(c.second_of.tracking_no)}`, id: 'second-of-link' }, c.second_of.tracking_no),
      h('p', { class: 'hint' }, t('c_second_banner_hint'))),
    later.length > 0 && h('div', { class: 'second-later', id: 'second-later', role: 'note' },
      h('strong', null, t('c_second_later')), ': ',
      later.map((x, i) => [i ? '、' : '', h('a', { href: `#/c/${encodeURIComponent(x.tracking_no)}` }, x.tracking_no), ' ',
        h('span', { class: `badge st-${x.status}` }, label('status', x.status))])),
  ];
}

// The incident the complaint is part of (many complaints, one cause): its
// title and state, linked to its page, the plan for all, and the handling
// notice in force with its key matters and remedy, to read and confirm.
function incidentBanner(c) {
  const x = c.incident;
  if (!x) return null;
  const n = x.notice;
  const text = (key, value, id) => value && h('div', { class: 'kv' }, h('dt', null, t(key)), h('dd', { class: 'hn-text', id }, value));
  return h('section', { class: 'incident-banner', id: 'incident-banner', 'aria-labelledby': 'incident-banner-h', dataset: { incident: String(x.id), state: x.state } },
    h('h2', { id: 'incident-banner-h' }, t('ic_banner')),
    h('p', null, h('a', { href: `#/incident/${x.id}`, id: 'incident-link' }, x.title), ' ',
      h('span', { class: `badge ic-state ic-state-${x.state}`, id: 'incident-state' }, label('incident_state', x.state)), ' ',
      h('span', { class: 'hint' }, t('ic_banner_count', { n: x.complaints }))),
    (x.plan || n) && h('dl', { class: 'details' },
      text('ic_banner_plan', x.plan, 'incident-plan'),
      n && text('hn_key_matters', n.key_matters, 'incident-key-matters'),
      n && text('hn_remedy', n.remedy, 'incident-remedy')),
    n && h('p', null, h('a', { href: `#/notice/${n.id}`, id: 'incident-notice-link' }, t('hn_read_it'))));
}

// An agent names the earlier complaint, or undoes the link with a reason.
function secondForm(c, reload) {
  if (!app.can('complaint.edit') || state(c.status).closed) return null;
  if (c.second_of) {
    const reason = h('textarea', { id: 'second-reason', name: 'reason', rows: '2' });
    return actionForm('second-unlink', [['reason', t('c_second_unlink_reason'), reason]], 'c_second_unlink',
      () => post(`/api/v1/complaints/${c.id}/second-of`, { second_of: null, reason: reason.value.trim() }), reload);
  }
  const earlier = h('input', { id: 'second-earlier', name: 'second_of', placeholder: 'KS…' });
  return actionForm('second-link', [['second_of', t('c_second_earlier'), earlier]], 'c_second_link',
    () => post(`/api/v1/complaints/${c.id}/second-of`, { second_of: earlier.value.trim() }), reload);
}

// Assignment, escalation and the link to an earlier complaint, together.
async function assignmentPanel(c, reload) {
  const forms = [await assignForm(c, reload), escalateForm(c, reload), secondForm(c, reload)].filter(Boolean);
  return forms.length ? panel('assignment', 'c_assignment', forms) : null;
}

/* What the workflow expects next, from the complaint's state and what is
 * still missing (docs/workflow.md): the words for it, the move the state
 * form offers first, and the panels the step needs, shown beside it. */
export function nextStep(c, { plans, reopenedAt, demandOk, ledger }) {
  const s = c.status;
  if (state(s).closed) return { key: 'next_closed' };
  if (!app.can('complaint.edit')) return { key: 'next_read_only' };
  if (s === 'registered') return { key: 'next_acknowledge', to: 'acknowledged' };
  if (s === 'awaiting_approval' || ledger.some((k) => k.state === 'pending')) return { key: 'next_approval', panels: ['compensation'], to: 'in_progress' };
  if (s === 'awaiting_customer') return { key: 'next_awaiting_customer', to: 'in_progress' };
  if (s === 'awaiting_department') return { key: 'next_awaiting_department', panels: ['tasks'], to: 'in_progress' };
  if (s === 'acknowledged' || s === 'reopened') return { key: 'next_start', to: 'in_progress' };
  if (s === 'in_progress') {
    if (!c.cause || !c.responsibility) return { key: 'next_judge', panels: ['judgement'], to: 'resolved' };
    if (!agreed(plans, reopenedAt)) {
      if (plans[0] && plans[0].state === 'proposed') return { key: 'next_plan_answer', panels: ['plans'], to: 'resolved' };
      // what the customer is offered is often compensation too: its form beside the plan's
      return { key: 'next_plan', panels: demandOk ? ['plans', 'compensation'] : ['demand', 'plans', 'compensation'], to: 'resolved' };
    }
    return { key: 'next_resolve', to: 'resolved' };
  }
  // a callback from resolved moves to the follow-up by itself
  if (s === 'resolved') return { key: 'next_callback', panels: ['callbacks'], to: 'follow_up' };
  if (s === 'follow_up') return { key: 'next_callback', panels: ['callbacks'] };
  return { key: 'next_none' };
}

function kbButton(c) {
  if (!state(c.status).closed || !app.can('knowledge.edit')) return null;
  return h('button', {
    type: 'button', id: 'to-kb',
    onclick: async () => {
      try {
        const a = await post('/api/v1/kb/articles', { from_complaint: c.id });
        app.go(`#/kb?article=${a.id}`);
      } catch (e) { fail(e); }
    },
  }, t('c_to_kb'));
}

export async function complaintView(root, ref) {
  let drawn = 0;
  async function render() {
    drawn += 1;
    const [c, events, workflow] = await Promise.all([
      get(`/api/v1/complaints/${encodeURIComponent(ref)}`),
      all(`/api/v1/complaints/${encodeURIComponent(ref)}/events`),
      app.once('workflow', () => get('/api/v1/workflow')),
      loadReadingNames(),
    ]);
    const id = c.id;
    const reload = async () => { const y = window.scrollY; await render(); window.scrollTo(0, y); };
    const soft = (p) => p.catch(() => null);
    const [ledger, tasks, callbacks, guide, files, plans, appts, customer, judgement, demands] = await Promise.all([
      soft(get(`/api/v1/complaints/${id}/compensations`)),
      soft(get(`/api/v1/complaints/${id}/tasks`)),
      soft(get(`/api/v1/complaints/${id}/callbacks`)),
      soft(get(`/api/v1/complaints/${id}/guide`)),
      soft(get(`/api/v1/complaints/${id}/attachments`)),
      soft(get(`/api/v1/complaints/${id}/plans`)),
      soft(get(`/api/v1/complaints/${id}/appointments`)),
      customerPanel(c, reload),
      judgementPanel(c, reload),
      soft(get(`/api/v1/complaints/${id}/demand-restatements`)),
    ]);
    const demandList = (demands && demands.items) || [];
    const planList = (plans && plans.items) || [];
    // reopened: moved from a resolved state back to one that is not
    const reopened = events.filter((e) => e.kind === 'status_changed' && e.data &&
      state(e.data.from).resolved && !state(e.data.to).resolved).pop();

    const reply = h('textarea', { id: 'reply-body', name: 'body', rows: '3' });
    const note = h('textarea', { id: 'note-body', name: 'body', rows: '2' });
    const canEdit = app.can('complaint.edit');
    const head = h('header', { class: 'complaint-head' },
      h('h1', null, c.tracking_no),
      badge(`st-${c.status}`, label('status', c.status)),
      badge(`sev-${c.severity}`, label('severity', c.severity)),
      c.emotion && badge(`emo-${c.emotion}`, `${t('f_emotion')}: ${label('emotion', c.emotion)}`),
      c.mindset && badge(`mind-${c.mindset}`, label('mindset', c.mindset)),
      typeBadge(c.customer_type),
      badge('level', `${t('c_level')}: ${label('level', c.level)}`),
      c.threat && badge('threat', t('c_threat_badge')),
      c.reopen_count > 0 && badge('reopen', t('c_reopened_times', { n: c.reopen_count })),
      c.second_of && badge('second', t('c_second')),
      takeButton(c, reload),
      kbButton(c),
      // what the complaint teaches: an improvement action against its cause
      app.can('complaint.assign') && h('a', { class: 'button-link secondary', id: 'make-action',
        href: `#/actions/new?${query({ complaint: c.id, cause: c.cause || null, category: c.category || null }).slice(1)}` }, t('act_make_from_complaint')),
      state(c.status).closed && lessonButton({ from_complaint: c.id }, 'to-lesson', 'ls_make_from_complaint'),
      h('button', { type: 'button', id: 'keys-open', class: 'keys-open', 'aria-keyshortcuts': '?', onclick: showKeys }, t('keys_button')));
    const ledgerItems = (ledger && ledger.items) || [];
    const step = nextStep(c, { plans: planList, reopenedAt: reopened && reopened.at, demandOk: demandConfirmed(demandList), ledger: ledgerItems });
    // every panel once; the ones the next step needs stand beside it in
    // the first screen, the others in their tabs
    const parts = {
      judgement,
      demand: demands && demandPanel(c, demandList, reload),
      plans: plans && plansPanel(c, planList, ledgerItems, demandConfirmed(demandList), reload),
      odr: odrPanel(c, reload),
      identity: identityPanel(c, reload),
      compensation: ledger && compensationPanel(c, ledger, reload),
      assignment: await assignmentPanel(c, reload),
      changes: appts && await changesPanel(c, appts.items || [], reload),
      tasks: tasks && await tasksPanel(c, tasks.items || [], reload),
      callbacks: callbacks && callbacksPanel(c, callbacks.items || [], reload),
      history: panel('history', 'c_timeline', timeline(events)),
      details: detailsPanel(c),
      files: files && filesPanel(c, files.items || []),
      scripts: kbPanel(c),
    };
    const near = (step.panels || []).filter((x) => parts[x]);
    const take = (name) => (near.includes(name) ? null : parts[name]);
    const move = transitionForm(c, workflow, planList, reopened && reopened.at, reload, step.to);
    const next = h('section', { class: 'next-step', id: 'next', 'aria-labelledby': 'next-h' },
      h('h2', { id: 'next-h' }, t('c_next')),
      h('p', { class: 'next-what', id: 'next-what' }, t(step.key)),
      near.length > 0 && h('div', { class: 'step-panels' }, near.map((x) => parts[x])),
      move && panel('actions', 'c_state', move));
    const first = h('div', { class: 'first' },
      h('div', { class: 'col-main' },
        next,
        h('section', { class: 'panel content', id: 'content' }, h('h2', null, t('f_content')), h('p', { class: 'complaint-content' }, c.content),
          c.demand && h('p', null, h('strong', null, `${t('f_demand')}: `), c.demand)),
        canEdit && panel('reply', 'c_reply', actionForm('reply-form', [['body', t('c_reply'), reply, t('c_reply_hint'), true]], 'send',
          () => post(`/api/v1/complaints/${id}/replies`, { body: reply.value }), reload)),
        canEdit && panel('note', 'c_note', actionForm('note-form', [['body', t('c_note'), note, t('c_note_hint'), true]], 'save',
          () => post(`/api/v1/complaints/${id}/notes`, { body: note.value }), reload)),
        files && attachPanel(c, files.items || [], reload)),
      h('div', { class: 'col-side' }, clocksPanel(c), readingPanel(c, events, reload), customer, guidePanel(c, guide, reload, reply)));
    const rest = tabs([
      ['history', 'c_tab_history', take('history')],
      ['handling', 'c_tab_handling', take('judgement'), take('demand'), take('plans'), take('odr')],
      ['scripts', 'c_tab_scripts', take('scripts')],
      ['money', 'c_tab_money', take('identity'), take('compensation')],
      ['routing', 'c_tab_routing', take('assignment'), take('changes')],
      ['tasks', 'c_tab_tasks', take('tasks'), take('callbacks')],
      ['record', 'c_tab_record', take('details'), take('files')],
    ]);
    clear(root, h('article', { class: 'complaint', dataset: { tracking: c.tracking_no, status: c.status, next: step.key } }, head, incidentBanner(c), secondBanner(c), mergeBanner(c, events, reload), first, rest));
  }
  await render();
  const stopKeys = complaintKeys(ref);
  const stopPresence = presenceMount(root, ref);
  // The live stream: a change to this complaint (whoever made it: a
  // colleague, the customer, the clocks) redraws its timeline, and only
  // that, so that a reply being written stays as it is.
  const fresh = paced(async () => {
    const before = drawn; // the page drawn anew meanwhile has the newer timeline
    const events = await all(`/api/v1/complaints/${encodeURIComponent(ref)}/events`);
    const old = root.querySelector('#timeline');
    if (old && before === drawn) old.replaceWith(timeline(events));
  });
  const stopLive = onLive((m) => {
    const shown = root.querySelector('article.complaint');
    if (m.type === 'reset' || (m.type === 'complaint' && shown && m.tracking_no === shown.dataset.tracking)) fresh.poke();
  });
  return () => { stopKeys(); stopLive(); fresh.stop(); stopPresence(); };
}
