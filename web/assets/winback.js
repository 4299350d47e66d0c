// winback.js - the win-back page (赢回客户, #/winback): the month's
// thank-you proposal with a checkbox per customer (those who opted out
// shown, excluded, with why), the send button, those already thanked, and
// the repurchase figures of the report (`winback` of GET /api/v1/stats)
// when orders were imported. The figures are read loosely: a month's row
// may name its rates in more than one way.

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

// --- the repurchase figures, read loosely ------------------------------------

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

// How many a row counts (complainants, customers).
function countOf(row) {
  if (!row || typeof row !== 'object') return null;
  for (const k of ['complainants', 'customers', 'count', 'n', 'total']) if (num(row[k]) !== null) return row[k];
  return null;
}

// The share of a row that bought again within days, 0..1, or null.
function rateOf(row, days) {
  if (!row || typeof row !== 'object') return null;
  const n = countOf(row);
  const asRate = (v) => (num(v) === null ? null : v > 1 ? v / 100 : v);
  for (const k of [`rate_${days}d`, `rate_${days}`, `repurchase_rate_${days}d`, `repurchase_${days}d_rate`])
    if (num(row[k]) !== null) return asRate(row[k]);
  for (const k of [`percent_${days}d`, `pct_${days}d`]) if (num(row[k]) !== null) return row[k] / 100;
  for (const holder of [row.rates, row.rate, row.repurchase, row.within, row.bought_again]) {
    if (!holder || typeof holder !== 'object') continue;
    for (const k of [`${days}`, `${days}d`, `d${days}`, `within_${days}`, `days_${days}`]) {
      const v = holder[k];
      if (num(v) !== null) return holder === row.rates || holder === row.rate ? asRate(v) : (n ? v / n : null);
      if (v && typeof v === 'object' && num(v.rate) !== null) return asRate(v.rate);
    }
  }
  for (const k of [`bought_${days}d`, `repurchased_${days}d`, `within_${days}d`, `bought_within_${days}`, `d${days}`])
    if (num(row[k]) !== null && n) return row[k] / n;
  return null;
}

const pct = (r) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

function monthsOf(w) {
  const m = w.months || w.by_month || w.items || w.rows || [];
  if (Array.isArray(m)) return m;
  return Object.entries(m).map(([k, v]) => ({ month: k, ...v }));
}

function monthName(row) {
  return row.month || row.period || row.resolved_month || row.key || '';
}

function satisfactionRows(w) {
  const s = w.by_satisfaction || w.satisfaction;
  if (!s) return [];
  if (Array.isArray(s)) return s.map((x) => [x.satisfaction ?? x.key ?? x.score ?? '', x]);
  return Object.entries(s);
}

function rateCells(row) {
  return DAYS.map((d) => h('td', null, pct(rateOf(row, d))));
}

function daysHead(first) {
  return h('thead', null, h('tr', null, h('th', { scope: 'col' }, t(first)), h('th', { scope: 'col' }, t('wb_col_complainants')),
    DAYS.map((d) => h('th', { scope: 'col' }, t('wb_days', { n: d })))));
}

// The winback block of a report, or the sentence that there is none.
export function winbackBlock(stats) {
  const w = stats && (stats.winback || (stats.sections && stats.sections.winback));
  if (!w || typeof w !== 'object' || w.orders_imported === false) {
    return h('div', { id: 'wb-repurchase' },
      h('p', { class: 'empty', id: 'wb-not-imported' }, t('wb_not_imported')));
  }
  const months = monthsOf(w);
  const baseline = w.baseline || w.never_complained || null;
  const sats = satisfactionRows(w);
  const row = (name, r, cls) => h('tr', { class: cls || null }, h('th', { scope: 'row' }, name),
    h('td', null, countOf(r) === null ? '—' : String(countOf(r))), rateCells(r));
  return h('div', { id: 'wb-repurchase' },
    h('p', { class: 'hint' }, t('wb_repurchase_hint')),
    h('table', { class: 'list', id: 'wb-months' }, daysHead('wb_col_month'),
      h('tbody', null,
        months.map((m) => [
          row(`${monthName(m)} · ${t('wb_complainants')}`, m.complainants && typeof m.complainants === 'object' ? m.complainants : m),
          (m.baseline || m.never_complained) && row(`${monthName(m)} · ${t('wb_baseline')}`, m.baseline || m.never_complained, 'baseline'),
        ]),
        baseline && row(t('wb_baseline'), baseline, 'baseline'))),
    sats.length ? [h('h3', null, t('wb_by_satisfaction')),
      h('table', { class: 'list', id: 'wb-satisfaction' }, daysHead('wb_col_satisfaction'),
        h('tbody', null, sats.map(([k, r]) => row(t('wb_satisfaction_n', { n: k }), r))))] : null);
}

async function repurchase() {
  const today = app.today || new Date().toISOString().slice(0, 10);
  const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`;
  const team = app.can('teams.all') ? undefined : (app.me.teams || [])[0];
  if (!app.can('teams.all') && !team) return winbackBlock(null);
  try {
    return winbackBlock(await get(`/api/v1/stats${query({ from, to: today, team })}`));
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
