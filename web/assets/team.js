// team.js - the supervisors' view of a team (#/team): each agent's open
// and assigned complaints, first-response and resolution times (working
// time, as the report counts them), breaches and satisfaction over a
// period, and who is on duty. For the team's supervisors and those who
// see every team; a picker when they have several.

import { t, lang, fmtDuration } from './i18n.js';
import { h, clear, select, phrase } from './dom.js';
import { get, query } from './api.js';
import { app, explain, lastDays } from './app.js';

const locale = () => (lang() === 'en' ? 'en-GB' : lang());
const num = (n, digits = 0, least = 0) => new Intl.NumberFormat(locale(), { minimumFractionDigits: least, maximumFractionDigits: digits }).format(n);
const minutes = (m) => (m == null ? '—' : fmtDuration(m * 60000));

// the teams the caller may see here: every team with teams.all, else their own
async function myTeams() {
  const all = await app.teams();
  if (app.can('teams.all')) return all;
  const mine = new Set(app.me.teams || []);
  return all.filter((x) => mine.has(x.id));
}

function agentRow(a) {
  const name = a.display_name || a.username;
  const sat = a.satisfaction;
  return h('tr', { dataset: { user: String(a.user_id) } },
    h('th', { scope: 'row', class: 'agent' }, h('span', { class: 'agent-name' }, name),
      a.display_name ? h('span', { class: 'hint' }, ` ${a.username}`) : null),
    h('td', { class: 'duty' }, a.on_duty
      ? h('span', { class: 'on-duty', tr: 'tv_on_duty' })
      : h('span', { class: 'off-duty hint', tr: 'tv_off_duty' })),
    h('td', { class: 'num open' }, num(a.open)),
    h('td', { class: 'num assigned' }, num(a.assigned)),
    h('td', { class: 'num first-median' }, minutes(a.first_response.median_minutes)),
    h('td', { class: 'num first-p90' }, minutes(a.first_response.p90_minutes)),
    h('td', { class: 'num res-median' }, minutes(a.resolution.median_minutes)),
    h('td', { class: 'num res-p90' }, minutes(a.resolution.p90_minutes)),
    h('td', { class: 'num satisfaction' }, sat.rated
      ? `${num(sat.average, 1, 1)} / 5 · ${num(sat.satisfied_percent, 1)}%`
      : '—'),
    h('td', { class: 'num breaches' }, num(a.breaches)));
}

export async function teamView(root, params) {
  if (!app.can('complaint.assign')) { clear(root, h('p', { class: 'form-error' }, t('forbidden'))); return null; }
  const teams = await myTeams();
  if (!teams.length) { clear(root, h('h1', null, t('tv_title')), h('p', { class: 'hint', id: 'tv-none' }, t('tv_no_teams'))); return null; }
  const { from, to } = lastDays(30);
  const wanted = Number(params.get('team'));
  const team = teams.find((x) => x.id === wanted) || teams[0];
  const period = { from: params.get('from') || from, to: params.get('to') || to };
  const go = (over) => app.go(`#/team${query({ team: team.id, ...period, ...over })}`);

  const picker = teams.length > 1 && h('label', { class: 'inline' }, t('f_team'), ' ',
    select({ id: 'tv-team', onchange: (ev) => go({ team: ev.target.value }) },
      teams.map((x) => [String(x.id), x.name]), String(team.id)));
  const fromIn = h('input', { type: 'date', id: 'tv-from', value: period.from, required: true });
  const toIn = h('input', { type: 'date', id: 'tv-to', value: period.to, required: true });
  const form = h('form', {
    class: 'inline', id: 'tv-period',
    onsubmit: (ev) => { ev.preventDefault(); go({ from: fromIn.value, to: toIn.value }); },
  }, h('label', { for: 'tv-from' }, t('tv_from')), fromIn, h('label', { for: 'tv-to' }, t('tv_to')), toIn,
  h('button', { type: 'submit' }, t('tv_show')));

  const body = h('div', { id: 'tv-body' }, h('p', { class: 'hint' }, t('loading')));
  clear(root, h('div', { class: 'team-view' },
    h('h1', null, t('tv_title')), picker, form, body));
  let d;
  try {
    d = await get(`/api/v1/teams/${team.id}/agents${query(period)}`);
  } catch (e) { clear(body, h('p', { class: 'form-error', role: 'alert' }, explain(e))); return null; }
  const col = (key) => h('th', { scope: 'col' }, t(key));
  clear(body,
    h('table', { class: 'team-agents', id: 'tv-table' },
      h('caption', null, phrase('tv_caption', { team: d.team.name, from: period.from, to: period.to })),
      h('thead', null,
        h('tr', null,
          h('th', { scope: 'col', rowspan: '2' }, t('tv_agent')),
          h('th', { scope: 'col', rowspan: '2' }, t('tv_duty')),
          h('th', { scope: 'col', rowspan: '2' }, t('tv_open')),
          h('th', { scope: 'col', rowspan: '2' }, t('tv_assigned')),
          h('th', { scope: 'colgroup', colspan: '2' }, t('tv_first_response')),
          h('th', { scope: 'colgroup', colspan: '2' }, t('tv_resolution')),
          h('th', { scope: 'col', rowspan: '2' }, t('tv_satisfaction')),
          h('th', { scope: 'col', rowspan: '2' }, t('tv_breaches'))),
        h('tr', null, col('tv_median'), col('tv_p90'), col('tv_median'), col('tv_p90'))),
      h('tbody', null, d.items.map(agentRow))),
    d.items.length ? null : h('p', { class: 'hint' }, t('tv_no_members')),
    h('p', { class: 'hint', id: 'tv-note' }, t('tv_note')));
  return null;
}
