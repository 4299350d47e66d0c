// compensation.js - what the customer is given: the identity check that
// material compensation needs first, compensation within the proposer's
// authority and its approval above it, and apologies (compensation too,
// of the psychological kind).

import { t, fmtTime, fmtMoney } from './i18n.js';
import { h, select, setText, field } from './dom.js';
import { post, ApiError } from './api.js';
import { label, options, value, state } from './fields.js';
import { app, explain } from './app.js';
import { panel, badge, actionForm } from './actions.js';

// what the server refuses without a confirmed identity
const material = (type) => !!value('compensation_kind', type).material;

// A complaint from before identity checks has no `identity` field at all:
// then the form is offered, as for one not checked yet.
const confirmed = (c) => c.identity || null;

export function identityPanel(c, reload) {
  const id = confirmed(c);
  let body;
  if (id) {
    body = h('p', { id: 'identity-done' }, badge('cs-granted', t('c_identity_confirmed')), ' ', label('identity_method', id.method), ' · ', id.by || '', ' ',
      id.at && h('time', { datetime: id.at }, fmtTime(id.at)), id.note && h('span', { class: 'ev-body' }, ` ${id.note}`));
  } else {
    body = [h('p', { class: 'hint', id: 'identity-none' }, t('c_identity_none'))];
    if (app.can('complaint.edit') && !state(c.status).closed) {
      const method = select({ id: 'id-method', name: 'method' }, options('identity_method', { given: true }), 'order_number');
      const note = h('input', { id: 'id-note', name: 'note' });
      body.push(actionForm('identity-form', [['method', t('c_identity_method'), method], ['note', t('c_comp_note'), note]], 'c_identity_confirm',
        () => post(`/api/v1/complaints/${c.id}/identity`, { method: method.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) }), reload));
    }
  }
  return panel('identity', 'c_identity', body);
}

function decisionForm(k, reload) {
  const reason = h('input', { name: 'reason', id: `reject-${k.id}`, 'aria-label': t('c_reject_reason'), placeholder: t('c_reject_reason') });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const decide = (decision) => async () => {
    try {
      await post(`/api/v1/compensations/${k.id}/decision`, { approve: decision === 'approve', ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) });
      await reload();
    } catch (e) { setText(msg, explain(e)); }
  };
  return h('div', { class: 'decision' },
    h('button', { type: 'button', class: 'primary', id: `approve-${k.id}`, onclick: decide('approve') }, t('c_approve')),
    reason, h('button', { type: 'button', id: `rejectbtn-${k.id}`, onclick: decide('reject') }, t('c_reject')), msg);
}

// The limit bounds the sum on the complaint (granted and pending, all
// kinds); the form is offered only while nothing is pending, so the sum
// is what was granted.
function proposeForm(c, given, reload, purpose = 'remedy') {
  const mine = app.me.limits || {};
  const type = select({ id: 'comp-type', name: 'type' }, options('compensation_kind', { given: true }), 'refund');
  const amount = h('input', { id: 'comp-amount', name: 'amount_fen', type: 'number', min: '0.01', step: '0.01', inputmode: 'decimal' });
  const note = h('input', { id: 'comp-note', name: 'note' });
  const limit = h('p', { class: 'hint', id: 'comp-limit' });
  const identity = h('p', { class: 'verdict warn', id: 'comp-identity', 'aria-live': 'polite' });
  // a kind that needs the identity confirmed, not yet confirmed: how it was
  // checked goes with the proposal (recorded first, then the proposal)
  const idMethod = select({ id: 'comp-id-method', name: 'identity_method' }, options('identity_method', { given: true }), 'order_number');
  const idNote = h('input', { id: 'comp-id-note', name: 'identity_note' });
  const idFields = h('div', { class: 'comp-identity-fields', id: 'comp-id-fields', hidden: true },
    field(t('c_identity_method'), idMethod, t('c_comp_identity_here')), field(t('c_identity_note'), idNote));
  let idDone = !!confirmed(c);
  const needsId = () => material(type.value) && !idDone;
  const verdict = h('p', { class: 'verdict', id: 'comp-verdict', 'aria-live': 'polite' });
  const sync = () => {
    const cap = mine[type.value];
    setText(limit, cap != null ? t('c_comp_limit', { amount: fmtMoney(cap) }) : '');
    setText(identity, needsId() ? t('c_comp_needs_identity') : '');
    idFields.hidden = !needsId();
    const fen = Math.round(Number(amount.value) * 100);
    const over = cap != null && given + fen > cap;
    setText(verdict, !fen ? '' : over ? t('c_comp_needs_approval') : t('c_comp_within'));
    verdict.className = `verdict ${fen && over ? 'warn' : ''}`;
  };
  type.addEventListener('change', sync);
  amount.addEventListener('input', sync);
  sync();
  return actionForm('comp-new', [['type', t('c_comp_type'), type], [null, null, identity], [null, null, idFields],
    ['identity_method', null, idMethod], ['identity_note', null, idNote], ['amount_fen', t('c_comp_amount'), amount],
    [null, null, limit], [null, null, verdict], ['note', t('c_comp_note'), note]], purpose === 'goodwill' ? 'c_goodwill_propose' : 'c_comp_propose',
  async () => {
    if (needsId()) {
      try {
        await post(`/api/v1/complaints/${c.id}/identity`, { method: idMethod.value, ...(idNote.value.trim() ? { note: idNote.value.trim() } : {}) });
      } catch (e) {
        // the identity's fields are named apart from the proposal's own note
        if (e instanceof ApiError && e.field) e.field = `identity_${e.field}`;
        throw e;
      }
      idDone = true;
      sync();
    }
    await post(`/api/v1/complaints/${c.id}/compensations`, {
      type: type.value, amount_fen: Math.round(Number(amount.value) * 100), ...(note.value.trim() ? { note: note.value.trim() } : {}),
      ...(purpose === 'goodwill' ? { purpose } : {}),
    });
  },
  reload);
}

function apologies(c, list, reload) {
  const items = h('ul', { class: 'comps', id: 'apologies' }, list.map((a) => h('li', { class: 'apology' },
    h('strong', null, t('c_apology')), ' ', a.by || '', ' ', a.at && h('time', { datetime: a.at }, fmtTime(a.at)),
    a.note && h('p', { class: 'ev-body' }, a.note))));
  let form = null;
  if (app.can('complaint.edit') && !state(c.status).closed) {
    const by = h('input', { id: 'apology-by', name: 'by', placeholder: app.me.display_name || app.me.username });
    const note = h('input', { id: 'apology-note', name: 'note' });
    form = actionForm('apology-new', [['by', t('c_apology_by'), by, t('c_apology_by_hint')], ['note', t('c_comp_note'), note]], 'c_apology_add',
      () => post(`/api/v1/complaints/${c.id}/apologies`, {
        ...(by.value.trim() ? { by: by.value.trim() } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}),
      }), reload);
  }
  return [h('h3', null, t('c_apologies')), items, form];
}

export function compensationPanel(c, ledger, reload) {
  const list = h('ul', { class: 'comps' }, (ledger.items || []).map((k) => h('li', { class: `comp comp-${k.state}`, dataset: { comp: k.id } },
    h('strong', null, `${label('compensation_kind', k.type)} ${fmtMoney(k.amount_fen)}`), ' ', badge(`cs-${k.state}`, label('compensation_state', k.state)), ' ',
    k.purpose === 'goodwill' && [badge('goodwill', t('ev_goodwill')), ' '],
    k.note || '', ' · ', k.proposed_by, k.decided_by && k.state !== 'pending' ? ` → ${k.decided_by}` : '',
    k.decision_reason && h('p', { class: 'ev-body' }, k.decision_reason),
    k.state === 'pending' && app.can('compensation.approve') && decisionForm(k, reload))));
  // nothing more once resolved, nor while a proposal waits for its decision
  const waiting = (ledger.items || []).some((k) => k.state === 'pending');
  const open = app.can('complaint.edit') && !state(c.status).resolved && !waiting;
  // after a satisfied close, an offer to win the customer back
  const goodwill = app.can('complaint.edit') && c.status === 'closed' && !waiting;
  return panel('compensation', 'c_compensation', h('p', null, t('c_comp_granted_total', { amount: fmtMoney(ledger.granted_fen) })), list,
    open && proposeForm(c, ledger.granted_fen || 0, reload),
    goodwill && [h('h3', null, t('c_goodwill')), h('p', { class: 'hint' }, t('c_goodwill_hint')), proposeForm(c, ledger.granted_fen || 0, reload, 'goodwill')],
    apologies(c, ledger.apologies || [], reload));
}
