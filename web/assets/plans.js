// plans.js - the resolution plans (解决方案) of a complaint, newest first:
// what was proposed, with which compensation, and the customer's answer
// (accepted, declined, or a counter offer in their words, with the terms
// both sides agreed). A complaint is resolved on an accepted plan only.

import { t, fmtTime, fmtMoney } from './i18n.js';
import { h, select, phrase } from './dom.js';
import { post } from './api.js';
import { label, options, state } from './fields.js';
import { app } from './app.js';
import { panel, badge, actionForm, progressControls } from './actions.js';

// Whether the newest plan is accepted and made since the last reopen
// (an ISO time, or null): what resolving needs.
export const agreed = (plans, reopenedAt) => plans.length > 0 && plans[0].state === 'accepted' &&
  (!reopenedAt || Date.parse(plans[0].proposed_at) >= Date.parse(reopenedAt));

function answerForm(p, reload) {
  const answer = select({ id: `plan-answer-${p.id}`, name: 'answer' }, options('plan_answer'), 'accepted');
  const conditions = h('input', { id: `plan-conditions-${p.id}`, name: 'conditions' });
  const counter = h('textarea', { id: `plan-counter-${p.id}`, name: 'counter_offer', rows: '2' });
  const form = actionForm(`plan-answer-form-${p.id}`, [['answer', t('c_plan_answer'), answer],
    ['conditions', t('c_plan_conditions'), conditions, t('c_plan_conditions_hint')],
    ['counter_offer', t('c_plan_counter'), counter]], 'c_plan_record', () => post(`/api/v1/plans/${p.id}/answer`, {
    answer: answer.value,
    ...(conditions.value.trim() ? { conditions: conditions.value.trim() } : {}),
    ...(answer.value === 'counter_offer' ? { counter_offer: counter.value.trim() } : {}),
  }), reload);
  const sync = () => { counter.closest('.field').hidden = answer.value !== 'counter_offer'; };
  answer.addEventListener('change', sync);
  sync();
  return form;
}

// confirmed: whether the customer confirmed the newest restatement of
// their demand; without it the plan needs a reason.
function proposeForm(c, comps, confirmed, plans, reload) {
  const summary = h('textarea', { id: 'plan-summary', name: 'summary', rows: '3' });
  const reason = !confirmed && h('textarea', { id: 'plan-demand-reason', name: 'demand_unconfirmed_reason', rows: '2' });
  // compensation already decided or waiting may be part of the offer
  const offer = comps.filter((k) => k.state === 'granted' || k.state === 'pending');
  // ticked: what no earlier plan offered yet (the compensation just granted)
  const offered = new Set(plans.flatMap((p) => p.compensation_ids || []));
  const boxes = offer.map((k) => h('input', { type: 'checkbox', id: `plan-comp-${k.id}`, value: String(k.id), checked: !offered.has(k.id) }));
  const list = offer.length ? h('fieldset', { id: 'plan-comps' }, h('legend', null, t('c_plan_comps')),
    offer.map((k, i) => h('label', { class: 'check' }, boxes[i], ' ', `${label('compensation_kind', k.type)} ${fmtMoney(k.amount_fen)} (${label('compensation_state', k.state)})`))) : null;
  const progress = progressControls(c, 'plan-progress');
  // proposed on a call, the customer agrees there and then: both at once
  let heard = false;
  const form = actionForm('plan-new', [['summary', t('c_plan_summary'), summary], ...(list ? [['compensation_ids', null, list]] : []),
    ...(reason ? [['demand_unconfirmed_reason', t('c_plan_demand_reason'), reason, t('c_plan_demand_reason_hint')]] : []),
    ...progress.controls], 'c_plan_propose',
  async () => {
    const ids = boxes.filter((b) => b.checked).map((b) => Number(b.value));
    const p = await post(`/api/v1/complaints/${c.id}/plans`, {
      summary: summary.value.trim(), ...(ids.length ? { compensation_ids: ids } : {}),
      ...(reason ? { demand_unconfirmed_reason: reason.value.trim() } : {}),
      ...(progress.value() ? { progress: progress.value() } : {}),
    });
    if (heard) await post(`/api/v1/plans/${p.id}/answer`, { answer: 'accepted' });
    return p;
  }, reload);
  const send = form.querySelector('button[type="submit"]');
  const both = h('button', { type: 'submit', id: 'plan-agreed' }, t('c_plan_agreed'));
  send.addEventListener('click', () => { heard = false; });
  both.addEventListener('click', () => { heard = true; });
  // the form's own button is busy while it works: so is this one
  new MutationObserver(() => { both.disabled = send.disabled; }).observe(send, { attributes: true, attributeFilter: ['disabled'] });
  send.after(' ', both);
  return form;
}

export function plansPanel(c, plans, comps, demandConfirmed, reload) {
  const byId = new Map(plans.map((p) => [p.id, p]));
  const canEdit = app.can('complaint.edit');
  const list = plans.length
    ? h('ol', { class: 'plans', id: 'plan-list' }, plans.map((p) => h('li', { class: `plan plan-${p.state}`, dataset: { plan: p.id, state: p.state } },
      h('div', { class: 'plan-head' }, h('strong', null, t('c_plan_n', { id: p.id })), ' ', badge(`plan-${p.state}`, label('plan_state', p.state)),
        p.revises && byId.has(p.revises) && h('span', { class: 'hint revises' }, ` ${t('c_plan_revises', { id: p.revises })}`)),
      h('p', { class: 'ev-body plan-summary' }, p.summary),
      (p.compensation_ids || []).length > 0 && h('p', { class: 'hint' }, t('c_plan_with_comps', {
        list: p.compensation_ids.map((id) => {
          const k = comps.find((x) => x.id === id);
          return k ? `${label('compensation_kind', k.type)} ${fmtMoney(k.amount_fen)}` : `#${id}`;
        }).join('、'),
      })),
      h('p', { class: 'hint' }, phrase('c_plan_proposed_by', { who: p.proposed_by || '' }), ' ', h('time', { datetime: p.proposed_at }, fmtTime(p.proposed_at))),
      p.answered_at && h('p', { class: 'hint plan-answered' }, phrase('c_plan_answered_by', { who: p.answered_by === 'customer' ? t('c_plan_the_customer') : (p.answered_by || '') }), ' ',
        h('time', { datetime: p.answered_at }, fmtTime(p.answered_at))),
      p.conditions && h('p', { class: 'ev-body' }, h('strong', null, `${t('c_plan_conditions')}: `), p.conditions),
      p.counter_offer && h('p', { class: 'ev-body' }, h('strong', null, `${t('c_plan_counter')}: `), p.counter_offer),
      p.state === 'proposed' && canEdit && answerForm(p, reload))))
    : h('p', { class: 'hint', id: 'plan-none' }, t('c_plan_none'));
  const open = canEdit && !state(c.status).resolved;
  return panel('plans', 'c_plans', list, open && proposeForm(c, comps, demandConfirmed, plans, reload));
}
