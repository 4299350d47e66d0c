// teams.js - the teams' assignment rules: who a new complaint goes to
// (by hand, round robin or fewest open, among the members on duty, and
// optionally only to those skilled in its category).

import { t } from './i18n.js';
import { h, clear, select, toast } from './dom.js';
import { put } from './api.js';
import { app, fail } from './app.js';
import { adminTabs } from './routing.js';

const RULES = ['manual', 'round_robin', 'fewest_open'];

export async function teamsView(root) {
  // the rules change here: the list read now, not the page's cached one
  app.cache.delete('teams');
  const teams = await app.teams();
  const rows = teams.map((team) => {
    const rule = select({ id: `team-${team.id}-rule`, 'aria-label': `${team.name} ${t('f_assign_rule')}` },
      RULES.map((r) => [r, t(`rule.${r}`)]), team.assign_rule);
    const skill = h('input', { type: 'checkbox', id: `team-${team.id}-skill`, checked: !!team.assign_by_skill });
    const save = h('button', {
      type: 'button', class: 'primary', dataset: { team: team.id },
      onclick: async () => {
        save.disabled = true;
        try {
          await put(`/api/v1/teams/${team.id}/assignment`, { rule: rule.value, by_skill: skill.checked });
          app.cache.delete('teams');
          toast(t('saved'));
        } catch (e) { fail(e); }
        save.disabled = false;
      },
    }, t('save'));
    return h('tr', { dataset: { team: team.id } },
      h('th', { scope: 'row' }, team.name),
      h('td', null, rule),
      h('td', null, h('label', { class: 'check', for: `team-${team.id}-skill` }, skill, ' ', t('f_by_skill'))),
      h('td', null, save));
  });
  clear(root, h('section', { class: 'admin' }, adminTabs('teams'),
    h('h1', null, t('adm_teams')), h('p', { class: 'hint' }, t('adm_teams_hint')),
    h('table', { class: 'team-rules', id: 'team-rules' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('f_team')), h('th', { scope: 'col' }, t('f_assign_rule')),
        h('th', { scope: 'col' }, t('f_by_skill')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('save'))))),
      h('tbody', null, rows))));
  return null;
}
