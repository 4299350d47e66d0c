// visits.js - the key customers' visits by a supervisor: a list of them
// with the form that records what came of one (on the customer's panel
// and on the supervisors' page), and that page itself: the visits still
// to make, soonest first, with how many are due.

import { t, fmtTime } from './i18n.js';
import { h, clear } from './dom.js';
import { get, post } from './api.js';
import { label } from './fields.js';
import { app } from './app.js';
import { panel, badge, actionForm } from './actions.js';

function recordForm(v, reload) {
  const outcome = h('textarea', { id: `visit-outcome-${v.id}`, name: 'outcome', rows: '2', maxlength: '2000' });
  return actionForm(`visit-record-${v.id}`, [['outcome', t('v_outcome'), outcome]], 'v_record',
    () => post(`/api/v1/visits/${v.id}/outcome`, { outcome: outcome.value.trim() }), reload);
}

// One visit: when, how, whose, where it stands; the form while not done.
function visitItem(v, reload, withCustomer) {
  const done = v.state === 'done';
  return h('li', { class: 'visit', dataset: { visit: String(v.id), state: v.state } },
    h('p', null,
      h('strong', null, t('v_due', { date: v.due_date })), ' ',
      badge(`visit-${v.state}`, label('visit_state', v.state)), ' ',
      v.overdue && badge('overdue', t('v_overdue')), ' ',
      label('visit_method', v.method), ' · ', t('v_seq', { seq: v.seq, times: v.times }), ' · ',
      v.owner ? t('v_owner', { who: v.owner }) : t('v_no_owner'),
      withCustomer && [' · ', v.customer || ''], ' · ',
      h('a', { href: `#/c/${v.tracking_no}` }, v.tracking_no)),
    done && h('p', { class: 'hint' }, t('v_done_by', { who: v.done_by || '', at: fmtTime(v.done_at) }),
      v.on_behalf_of && [' ', badge('on-behalf', t('c_on_behalf'))]),
    v.outcome && h('p', { class: 'ev-body' }, v.outcome),
    !done && app.can('complaint.edit') && recordForm(v, reload));
}

export function visitList(items, reload, withCustomer = false) {
  return h('ul', { class: 'visits' }, items.map((v) => visitItem(v, reload, withCustomer)));
}

// The customer's visits, for the customer's panel; null when none.
export async function customerVisits(customerId, reload) {
  let r;
  try { r = await get(`/api/v1/customers/${customerId}/visits`); } catch { return null; }
  if (!r.items.length) return null;
  return [h('h3', null, t('c_visits')), visitList(r.items, reload)];
}

// The supervisors' page: the visits still to make, soonest first.
export async function visitsView(el) {
  async function draw() {
    const r = await get('/api/v1/visits?state=open&limit=200');
    clear(el, panel('visits', 'v_title',
      h('p', { class: 'hint' }, t('v_intro')),
      h('p', { id: 'visits-due' }, t('v_due_count', { n: r.due_capped ? `${r.due_count}+` : r.due_count })),
      r.items.length ? visitList(r.items, draw, true) : h('p', { class: 'empty' }, t('v_none'))));
  }
  await draw();
}
