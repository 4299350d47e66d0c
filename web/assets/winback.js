// winback.js - the win-back page (赢回客户, #/winback): the month's
// thank-you proposal with a checkbox per customer (those who opted out
// shown, excluded, with why), the send button, those already thanked, and
// the repurchase figures of the report (`winback` of GET /api/v1/stats)
// when orders were imported.

import { t, fmtTime, LANG_NAMES } from './i18n.js';
import { h, clear, setText, toast } from './dom.js';
import { get, post, query } from './api.js';
import { app, explain } from './app.js';
import { panel, badge } from './actions.js';

const DAYS = [30, 90, 180];

// "YYYY-MM" of the month before today's (the business zone's day when
// the server gave it).
function lastMonth() {
  const today = app.today || new Date().toISOString().slice(0, 10);
  let y = Number(today.slice(0, 4));
  let m = Number(today.slice(5, 7)) - 1;
  if (m < 1) { m = 12; y -= 1; }
  return `${y}-${String(m).padStart(2, '0')}`;
}

function optOutWhy(o) {
  if (!o) return '';
  const at = fmtTime(o.at);
  return o.by === 'customer' ? t('wb_opted_out_by_customer', { at }) : t('wb_opted_out_by', { who: o.by || '', at });
}

function contactText(r) {
  const ways = [r.has_phone && t('wb_phone'), r.has_email && t('wb_email')].filter(Boolean);
  return ways.length ? ways.join(' · ') : t('wb_portal_only');
}

function proposalTable(rows, boxes) {
  return h('table', { class: 'list', id: 'wb-proposal' },
    h('thead', null, h('tr', null, ['wb_col_choose', 'wb_col_customer', 'wb_col_complaint', 'wb_col_satisfaction',
      'wb_col_closed', 'wb_col_language', 'wb_col_contact', 'wb_col_state'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', null, rows.map((r) => {
      const out = r.state === 'opted_out';
      const box = h('input', {
        type: 'checkbox', name: 'customer', value: String(r.customer_id), checked: !out, disabled: out,
        'aria-label': `${t('wb_col_choose')} ${r.customer_name || r.tracking_no}`,
      });
      if (!out) boxes.push(box);
      return h('tr', { dataset: { customer: String(r.customer_id), state: r.state } },
        h('td', null, box),
        h('td', null, r.customer_name || '—'),
        h('td', null, h('a', { href: `#/c/${r.tracking_no}` }, r.tracking_no)),
        h('td', null, `${r.satisfaction}/5`),
        h('td', null, fmtTime(r.closed_at)),
        h('td', null, LANG_NAMES[r.language] || r.language),
        h('td', null, contactText(r)),
        h('td', null, out ? [badge('opted-out', t('wb_opted_out')), ' ', h('span', { class: 'hint' }, optOutWhy(r.opt_out))]
          : badge('proposed', t('wb_proposed'))));
    })));
}

function thankedList(rows) {
  if (!rows.length) return h('p', { class: 'empty', id: 'wb-thanked' }, t('wb_thanked_none'));
  return h('ul', { class: 'thanked', id: 'wb-thanked' }, rows.map((r) => h('li', { dataset: { customer: String(r.customer_id) } },
    h('strong', null, r.customer_name || '—'), ' · ',
    h('a', { href: `#/c/${r.tracking_no}` }, r.tracking_no), ' · ',
    t('wb_thanked_by', { who: (r.thanked && r.thanked.by) || '', at: fmtTime(r.thanked && r.thanked.at) }))));
}

// --- the repurchase figures ------------------------------------------------

// A window's cell: the rate with how many bought of how many counted; a
// window not yet ended for all of them (partial) is marked.
function windowCell(wnd) {
  if (!wnd || wnd.counted === 0 || wnd.rate === null) return h('td', { class: 'num' }, '—');
  const text = `${Math.round(wnd.rate * 1000) / 10}% (${wnd.bought}/${wnd.counted})`;
  return h('td', { class: 'num', dataset: { rate: String(wnd.rate), partial: String(!!wnd.partial) } },
    text, wnd.partial ? h('sup', { title: t('wb_partial') }, '*') : null);
}

function groupRow(label, g, cls) {
  return h('tr', { class: cls || null, dataset: { group: cls || '' } }, h('th', { scope: 'row' }, label),
    h('td', { class: 'num' }, String(g ? g.n : 0)), DAYS.map((d) => windowCell(g && g[`d${d}`])));
}

function daysHead(first) {
  return h('thead', null, h('tr', null, h('th', { scope: 'col' }, t(first)), h('th', { scope: 'col' }, t('wb_col_customers')),
    DAYS.map((d) => h('th', { scope: 'col' }, t('wb_days', { n: d })))));
}

/* The winback section of the report (GET /api/v1/stats/winback): the
 * period's complainants by satisfaction against customers who never
 * complained, then month by month; or the sentence that no orders are
 * imported, so nothing is measured. */
export function winbackBlock(w) {
  if (!w || typeof w !== 'object' || !w.orders_imported) {
    return h('div', { id: 'wb-repurchase' },
      h('p', { class: 'empty', id: 'wb-not-imported' }, t('wb_not_imported')));
  }
  const total = w.total || {};
  return h('div', { id: 'wb-repurchase' },
    h('p', { class: 'hint' }, t('wb_repurchase_hint'), ' ',
      t('wb_horizon', { at: fmtTime(w.horizon), n: String((w.orders && w.orders.count) || 0) })),
    h('table', { class: 'list', id: 'wb-groups' }, daysHead('wb_col_group'),
      h('tbody', null,
        groupRow(t('wb_complainants'), total.resolved, 'resolved'),
        groupRow(t('wb_satisfied'), total.satisfied, 'satisfied'),
        groupRow(t('wb_not_satisfied'), total.not_satisfied, 'not_satisfied'),
        groupRow(t('wb_satisfaction_unknown'), total.satisfaction_unknown, 'unknown'),
        groupRow(t('wb_baseline'), total.baseline, 'baseline'))),
    h('h3', null, t('wb_by_month')),
    h('table', { class: 'list', id: 'wb-months' }, daysHead('wb_col_month'),
      h('tbody', null, (w.months || []).filter((m) => (m.resolved && m.resolved.n) || (m.baseline && m.baseline.n)).map((m) => [
        groupRow(`${m.month} · ${t('wb_complainants')}`, m.resolved, 'resolved'),
        groupRow(`${m.month} · ${t('wb_baseline')}`, m.baseline, 'baseline'),
      ]))),
    h('p', { class: 'hint' }, h('sup', null, '*'), ' ', t('wb_partial')));
}

async function repurchase() {
  const today = app.today || new Date().toISOString().slice(0, 10);
  const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`;
  const team = app.can('teams.all') ? undefined : (app.me.teams || [])[0];
  if (!app.can('teams.all') && !team) return winbackBlock(null);
  try {
    return winbackBlock(await get(`/api/v1/stats/winback${query({ from, to: today, team })}`));
  } catch {
    return h('p', { class: 'form-error', id: 'wb-repurchase' }, t('wb_stats_failed'));
  }
}

export async function winbackView(el, q) {
  const params = new URLSearchParams(q || '');
  let month = /^\d{4}-\d{2}$/.test(params.get('month') || '') ? params.get('month') : lastMonth();
  // the repurchase figures, read once, kept across the redraws
  let figures = h('div', { id: 'wb-repurchase-loading' });
  async function draw() {
    const r = await get(`/api/v1/thanks${query({ month })}`);
    const boxes = [];
    const open = r.items.filter((x) => x.state !== 'thanked');
    const thanked = r.items.filter((x) => x.state === 'thanked');
    const monthIn = h('input', { type: 'month', id: 'wb-month', name: 'month', value: month });
    const pick = h('form', { class: 'inline', id: 'wb-pick' },
      h('label', { for: 'wb-month' }, t('wb_month')), ' ', monthIn, ' ', h('button', { type: 'submit' }, t('wb_show')));
    pick.addEventListener('submit', (ev) => {
      ev.preventDefault();
      if (/^\d{4}-\d{2}$/.test(monthIn.value)) { month = monthIn.value; draw(); }
    });
    const extra = h('textarea', { id: 'wb-extra', name: 'extra', rows: '2', maxlength: '500' });
    const msg = h('p', { class: 'form-error', role: 'alert' });
    const send = h('button', { type: 'submit', id: 'wb-send' }, t('wb_send'));
    const form = h('form', { class: 'action', id: 'wb-send-form' },
      h('div', { class: 'field' }, h('label', { for: 'wb-extra' }, t('wb_extra')), extra), msg, send);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      setText(msg, '');
      const ids = boxes.filter((b) => b.checked).map((b) => Number(b.value));
      if (!ids.length) { setText(msg, t('wb_send_none')); return; }
      send.disabled = true;
      try {
        const body = { month, customer_ids: ids };
        if (extra.value.trim()) body.extra = extra.value.trim();
        const res = await post('/api/v1/thanks', body);
        toast(t('wb_sent', { n: res.sent.length }));
        const why = [...new Set(res.skipped.map((s) => t(`wb_why_${s.reason}`)))].join('、');
        if (res.skipped.length) toast(t('wb_skipped', { n: res.skipped.length, why }), 'error');
        await draw();
      } catch (e) {
        send.disabled = false;
        setText(msg, explain(e));
      }
    });
    clear(el, panel('winback', 'wb_title',
      h('p', { class: 'hint' }, t('wb_intro')),
      pick,
      h('h3', null, t('wb_proposal')),
      h('p', { class: 'hint', id: 'wb-counts' }, t('wb_counts', r.counts)),
      open.length ? [h('p', { class: 'hint' }, t('wb_proposal_hint')), proposalTable(open, boxes), boxes.length ? form : null]
        : h('p', { class: 'empty', id: 'wb-none' }, t('wb_none')),
      h('h3', null, t('wb_thanked_title')),
      thankedList(thanked),
      h('h3', null, t('wb_repurchase')),
      figures));
  }
  await draw();
  const block = await repurchase();
  figures.replaceWith(block);
  figures = block;
}
