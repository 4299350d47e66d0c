// demand.js - the customer's demand restated and confirmed (复述, 设定目标):
// the agent's restatement of what the customer wants and the target
// outcome, newest first, with the customer's answer (confirmed on the
// status page, by a reply or on a call; corrected with their words). A
// plan goes ahead on the newest one confirmed, or with a reason (plans.js).

import { t, fmtTime } from './i18n.js';
import { h, select, phrase } from './dom.js';
import { post } from './api.js';
import { label, options, state } from './fields.js';
import { app } from './app.js';
import { panel, badge, actionForm } from './actions.js';

// Whether the newest restatement is confirmed: what a plan stands on.
export const demandConfirmed = (items) => items.length > 0 && items[0].state === 'confirmed';

const via = (v) => (v === 'portal' ? t('c_demand_via_portal') : label('conversation_channel', v));

// The answer the agent heard another way than the status page or a mail.
function answerForm(d, reload) {
  const answer = select({ id: `demand-answer-${d.id}`, name: 'answer' }, options('demand_answer'), 'confirmed');
  const how = select({ id: `demand-via-${d.id}`, name: 'via' },
    options('conversation_channel').filter(([v]) => v !== 'email'), 'phone');
  const correction = h('textarea', { id: `demand-correction-${d.id}`, name: 'correction', rows: '2' });
  const form = actionForm(`demand-answer-form-${d.id}`, [['answer', t('c_demand_answer'), answer],
    ['via', t('c_demand_via'), how, t('c_demand_via_hint')],
    ['correction', t('c_demand_correction'), correction]], 'c_demand_record', () => post(`/api/v1/demand-restatements/${d.id}/answer`, {
    answer: answer.value, via: how.value,
    ...(answer.value === 'corrected' ? { correction: correction.value.trim() } : {}),
  }), reload);
  const sync = () => { correction.closest('.field').hidden = answer.value !== 'corrected'; };
  answer.addEventListener('change', sync);
  sync();
  return form;
}

function restateForm(c, items, reload) {
  const last = items[0];
  const restatement = h('textarea', { id: 'demand-restatement', name: 'restatement', rows: '3' },
    last && last.state === 'corrected' ? last.correction || '' : (last ? last.restatement : c.demand || ''));
  const target = h('input', { id: 'demand-target', name: 'target', value: last ? last.target : '' });
  // restated on a call, the customer says yes there and then: both at once
  let heard = false;
  const form = actionForm('demand-new', [['restatement', t('c_demand_restatement'), restatement, t('c_demand_restatement_hint')],
    ['target', t('c_demand_target'), target, t('c_demand_target_hint')]], last ? 'c_demand_restate_again' : 'c_demand_restate',
  async () => {
    const d = await post(`/api/v1/complaints/${c.id}/demand-restatements`, { restatement: restatement.value.trim(), target: target.value.trim() });
    if (heard) await post(`/api/v1/demand-restatements/${d.id}/answer`, { answer: 'confirmed', via: 'phone' });
  }, reload);
  const send = form.querySelector('button[type="submit"]');
  const both = h('button', { type: 'submit', id: 'demand-heard' }, t('c_demand_heard'));
  send.addEventListener('click', () => { heard = false; });
  both.addEventListener('click', () => { heard = true; });
  // the form's own button is busy while it works: so is this one
  new MutationObserver(() => { both.disabled = send.disabled; }).observe(send, { attributes: true, attributeFilter: ['disabled'] });
  send.after(' ', both);
  return form;
}

export function demandPanel(c, items, reload) {
  const canEdit = app.can('complaint.edit');
  const list = items.length
    ? h('ol', { class: 'plans demands', id: 'demand-list' }, items.map((d) => h('li', { class: `plan demand-${d.state}`, dataset: { restatement: d.id, state: d.state } },
      h('div', { class: 'plan-head' }, h('strong', null, t('c_demand_n', { id: d.id })), ' ', badge(`demand-${d.state}`, label('demand_state', d.state))),
      h('p', { class: 'ev-body demand-restatement' }, d.restatement),
      h('p', { class: 'ev-body demand-target' }, h('strong', null, `${t('c_demand_target')}: `), d.target),
      h('p', { class: 'hint' }, phrase('c_demand_stated_by', { who: d.stated_by || '' }), ' ', h('time', { datetime: d.stated_at }, fmtTime(d.stated_at))),
      d.answered_at && h('p', { class: 'hint demand-answered' }, phrase('c_demand_answered_by', {
        who: d.answered_by === 'customer' ? t('c_plan_the_customer') : (d.answered_by || ''), via: via(d.answered_via),
      }), ' ', h('time', { datetime: d.answered_at }, fmtTime(d.answered_at))),
      d.correction && h('p', { class: 'ev-body demand-correction' }, h('strong', null, `${t('c_demand_correction')}: `), d.correction),
      d.state === 'pending' && canEdit && !state(c.status).closed && answerForm(d, reload))))
    : h('p', { class: 'hint', id: 'demand-none' }, t('c_demand_none'));
  const open = canEdit && !state(c.status).resolved;
  return panel('demand', 'c_demand', list, open && restateForm(c, items, reload));
}
