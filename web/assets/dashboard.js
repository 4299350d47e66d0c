// dashboard.js - the supervisors' view of now: open complaints by state
// and level, breaches today, escalations, approvals waiting, this week's
// satisfaction, and the report's charts (SVG made by kesu) for 30 days.
// Two figures by level count different things and say so: the open
// complaints by the level they are at now, and the escalations of the 30
// days by the level reached; the chart's numbers are shown beside it, from
// the same report it is drawn from.

import { t, lang, fmtTime, fmtMoney } from './i18n.js';
import { h, clear, phrase } from './dom.js';
import { get, query } from './api.js';
import { label } from './fields.js';
import { app, lastDays } from './app.js';
import { reviewFigures } from './reviews.js';

const REFRESH_MS = 30000;
const CHARTS = ['by_day', 'causes', 'escalations_by_level', 'satisfaction'];

function card(id, label, value, extra, href) {
  const v = h('p', { class: 'figure', id }, String(value));
  return h('div', { class: 'card figure-card' }, h('h2', null, href ? h('a', { href }, label) : label), v, extra);
}

export async function dashboardView(root) {
  async function draw() {
    const d = await get('/api/v1/dashboard');
    const sat = d.satisfaction_week;
    const byStatus = Object.entries(d.open.by_status);
    const table = (rows, id) => h('table', { class: 'small', id }, h('tbody', null, rows.map(([k, n]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, String(n))))));
    const { from, to } = lastDays(30);
    // those who see one team chart their own (the first of theirs)
    const team = app.can('teams.all') ? undefined : (app.me.teams || [])[0];
    const period = query({ from, to, lang: lang(), team });
    const teamName = team && ((await app.teams()).find((x) => x.id === team) || {}).name;
    // the escalation chart's numbers, from the report the chart is drawn
    // from, and the period's neutral and negative reviews (none for one who
    // sees no team: the charts are refused them too)
    const report = (section) => (app.can('teams.all') || team
      ? get(`/api/v1/stats/${section}${query({ from, to, team })}`).catch(() => null) : null);
    const [esc, reviews, acts] = await Promise.all([report('escalations'), report('reviews'),
      get('/api/v1/actions?state=open&limit=1').catch(() => null)]);
    const escRows = esc ? esc.by_level.map((r) => [label('level', r.key), r.count]) : [];
    clear(root, h('div', { class: 'dashboard' },
      h('h1', null, t('nav_dashboard')),
      h('p', { class: 'hint' }, fmtTime(d.at)),
      h('div', { class: 'cards' },
        card('d-open', t('d_open'), d.open.total, null, '#/queue/team'),
        card('d-breaches', t('d_breaches_today'), d.breaches_today.count, h('p', { class: 'hint' }, `${t('d_late')}: ${d.late}`), '#/queue/breached'),
        card('d-escalated', t('d_escalated'), d.escalated, null, '#/queue/escalated'),
        card('d-approvals', t('d_approvals'), d.approvals.waiting, h('p', { class: 'hint' }, fmtMoney(d.approvals.amount_fen)), '#/queue/approval'),
        card('d-satisfaction', t('d_satisfaction'), sat.rated ? `${sat.average.toFixed(1)} / 5` : '—',
          h('p', { class: 'hint' }, sat.rated ? `${t('d_rated', { n: sat.rated })} · ${Math.round(sat.satisfied_percent)}%` : t('d_no_rating'))),
        // the improvement actions: overdue, and done ones awaiting their verdict
        acts && card('d-actions-overdue', t('d_actions_overdue'), acts.overdue,
          h('p', { class: 'hint', id: 'd-actions-awaiting' }, h('a', { href: '#/actions/done' }, phrase('d_actions_awaiting', { n: String(acts.awaiting_verification) }))), '#/actions/overdue')),
      h('div', { class: 'cards' },
        h('section', { class: 'card' }, h('h2', null, t('d_by_state')), table(byStatus.map(([k, n]) => [label('status', k), n]))),
        h('section', { class: 'card' }, h('h2', null, t('d_by_level')), table(Object.entries(d.open.by_level).map(([k, n]) => [label('level', k), n]), 'd-by-level'))),
      reviews && reviewFigures(reviews),
      h('h2', null, teamName ? phrase('d_charts_team', { team: teamName }) : t('d_charts')),
      h('div', { class: 'charts' }, CHARTS.map((name) => h('figure', { class: 'chart' },
        h('img', { src: `/api/v1/charts/${name}${period}`, alt: t(`chart.${name}`), loading: 'lazy', width: '480', height: '300' }),
        name === 'escalations_by_level' && esc
          ? (escRows.length ? table(escRows, 'd-escalations-data') : h('p', { class: 'hint', id: 'd-escalations-data' }, t('d_no_escalations')))
          : null,
        h('figcaption', null, t(`chart.${name}`)))))));
  }
  await draw();
  const timer = setInterval(() => { draw().catch(() => {}); }, REFRESH_MS);
  return () => clearInterval(timer);
}
