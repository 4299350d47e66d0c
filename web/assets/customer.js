// customer.js - the customer behind a complaint on its page: the earlier
// complaints, the key-customer mark and a key customer's visits, and the customer's type with how to
// talk to them (a difficult one may carry a cap on what anyone below a
// manager grants them, over all their complaints).

import { t, fmtTime, fmtMoney } from './i18n.js';
import { h, select } from './dom.js';
import { get, patch } from './api.js';
import { label, options } from './fields.js';
import { app } from './app.js';
import { panel, badge, actionForm } from './actions.js';
import { customerVisits } from './visits.js';

// The type a customer has until someone says otherwise (the API's default).
const ORDINARY = 'normal';

// The badge beside the complainant; nothing for an ordinary customer.
export function typeBadge(type) {
  return type && type !== ORDINARY ? badge(`ctype ctype-${type}`, label('customer_type', type)) : null;
}

function typeEditor(cust, reload) {
  const type = select({ id: 'cust-type', name: 'customer_type' }, options('customer_type'), cust.customer_type || ORDINARY);
  const cap = h('input', {
    id: 'cust-cap', name: 'concession_cap_fen', type: 'number', min: '0', step: '0.01', inputmode: 'decimal',
    value: cust.concession_cap_fen != null ? String(cust.concession_cap_fen / 100) : '',
  });
  const form = actionForm('cust-type-form', [['customer_type', t('c_cust_type'), type],
    ['concession_cap_fen', t('c_cust_cap'), cap, t('c_cust_cap_hint')]], 'save', () => {
    const body = { customer_type: type.value };
    // the cap belongs to a difficult customer only; empty takes it away
    if (type.value === 'difficult') body.concession_cap_fen = cap.value.trim() ? Math.round(Number(cap.value) * 100) : null;
    return patch(`/api/v1/customers/${cust.id}`, body);
  }, reload);
  const sync = () => { cap.closest('.field').hidden = type.value !== 'difficult'; };
  type.addEventListener('change', sync);
  sync();
  return form;
}

export async function customerPanel(c, reload) {
  if (!c.customer_id || !app.can('customer.read')) return null;
  let cust;
  try { cust = await get(`/api/v1/customers/${c.customer_id}`); } catch { return null; }
  const others = (cust.complaints || []).filter((x) => x.id !== c.id);
  const type = cust.customer_type || ORDINARY;
  const visits = cust.key_customer ? await customerVisits(cust.id, reload) : null;
  return panel('customer', 'c_customer',
    h('p', null, h('strong', null, cust.name || ''), ' ', cust.key_customer && badge('key', t('c_key_customer')), typeBadge(type)),
    h('p', { class: 'hint', id: 'cust-hint' }, t(`ctype_hint.${type}`)),
    type === 'difficult' && cust.concession_cap_fen != null && h('p', { id: 'cust-cap-now' }, t('c_cust_cap_is', { amount: fmtMoney(cust.concession_cap_fen) })),
    app.can('customer.write') && typeEditor(cust, reload),
    h('h3', null, t('c_history')),
    others.length
      ? h('ul', { class: 'history' }, others.map((x) => h('li', null,
        h('a', { href: `#/c/${x.tracking_no}` }, x.tracking_no), ' ', badge(`st-${x.status}`, label('status', x.status)), ' ',
        x.category || '', ' ', x.object_name || '', ' ', h('time', { datetime: x.created_at }, fmtTime(x.created_at)))))
      : h('p', { class: 'hint' }, t('c_no_history')),
    visits);
}
