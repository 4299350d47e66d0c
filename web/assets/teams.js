// teams.js - the teams (added and renamed here; members join a team on
// their account's page) and their assignment rules: who a new complaint goes to
// (by hand, round robin or fewest open, among the members on duty, and
// optionally only to those skilled in its category); and each team's
// members, whether they are on duty, and their skills.

import { t } from './i18n.js';
import { h, clear, field, fieldError, select, toast } from './dom.js';
import { get, put, post, patch } from './api.js';
import { app, fail, showErrors } from './app.js';
import { adminTabs } from './routing.js';

const RULES = ['manual', 'round_robin', 'fewest_open'];

// Categories as a list: separated by commas, 、 or new lines.
const words = (s) => s.split(/[,，、\n]/).map((x) => x.trim()).filter(Boolean);

// A team's members: whether each is on duty, and their skills to edit.
async function membersTable(body, team) {
  const members = (await get(`/api/v1/teams/${team}/members`)).items || [];
  clear(body, members.map((m) => {
    const skills = h('input', { id: `member-${m.id}-skills`, value: (m.skills || []).join('、'), 'aria-label': `${m.display_name || m.username} ${t('f_skills')}` });
    const save = h('button', {
      type: 'button', dataset: { member: m.id },
      onclick: async () => {
        save.disabled = true;
        try {
          const u = await put(`/api/v1/users/${m.id}/skills`, { categories: words(skills.value) });
          skills.value = u.skills.join('、');
          toast(t('saved'));
        } catch (e) { fail(e); }
        save.disabled = false;
      },
    }, t('save'));
    return h('tr', { dataset: { member: m.id } },
      h('th', { scope: 'row' }, m.display_name || m.username),
      h('td', { class: 'duty-state' }, t(m.on_duty ? 'duty' : 'off_duty')),
      h('td', null, skills), h('td', null, save));
  }));
}

export async function teamsView(root) {
  // the rules change here: the list read now, not the page's cached one
  app.cache.delete('teams');
  const teams = await app.teams();
  const rows = teams.map((team) => {
    const name = h('input', { id: `team-${team.id}-name`, value: team.name, maxlength: '64', 'aria-label': t('adm_team_name') });
    const rule = select({ id: `team-${team.id}-rule`, 'aria-label': `${team.name} ${t('f_assign_rule')}` },
      RULES.map((r) => [r, t(`rule.${r}`)]), team.assign_rule);
    const skill = h('input', { type: 'checkbox', id: `team-${team.id}-skill`, checked: !!team.assign_by_skill });
    const save = h('button', {
      type: 'button', class: 'primary', dataset: { team: team.id },
      onclick: async () => {
        save.disabled = true;
        fieldError(name, '');
        try {
          if (name.value.trim() !== team.name) {
            await patch(`/api/v1/teams/${team.id}`, { name: name.value.trim() });
            team.name = name.value.trim();
          }
          await put(`/api/v1/teams/${team.id}/assignment`, { rule: rule.value, by_skill: skill.checked });
          app.cache.delete('teams');
          toast(t('saved'));
        } catch (e) {
          const rest = showErrors(e, { name });
          if (rest) fail(e);
        }
        save.disabled = false;
      },
    }, t('save'));
    return h('tr', { dataset: { team: team.id } },
      h('th', { scope: 'row' }, name, h('p', { class: 'field-error', id: `${name.id}-err`, hidden: true }),
        h('p', { class: 'hint' }, t('adm_team_members', { n: team.members }))),
      h('td', null, rule),
      h('td', null, h('label', { class: 'check', for: `team-${team.id}-skill` }, skill, ' ', t('f_by_skill'))),
      h('td', null, save));
  });
  const pick = select({ id: 'members-team', 'aria-label': t('f_team') }, teams.map((x) => [String(x.id), x.name]), teams.length ? String(teams[0].id) : '');
  const memberRows = h('tbody', { id: 'member-rows' });
  pick.addEventListener('change', () => membersTable(memberRows, pick.value).catch(fail));
  if (teams.length) await membersTable(memberRows, pick.value);
  // a new team: its members are chosen on their accounts' pages
  const newName = h('input', { id: 'team-new-name', maxlength: '64', required: true });
  const addForm = h('form', { id: 'team-new', class: 'inline-form', novalidate: true },
    field(t('adm_team_new'), newName, t('adm_team_new_hint')),
    h('button', { type: 'submit' }, t('adm_team_add')));
  addForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    fieldError(newName, '');
    try {
      await post('/api/v1/teams', { name: newName.value.trim() });
      app.cache.delete('teams');
      toast(t('saved'));
      await teamsView(root);
    } catch (e) {
      const rest = showErrors(e, { name: newName });
      if (rest) fail(e);
    }
  });
  clear(root, h('section', { class: 'admin' }, adminTabs('teams'),
    h('h1', null, t('adm_teams')), h('p', { class: 'hint' }, t('adm_teams_hint')),
    h('table', { class: 'team-rules', id: 'team-rules' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('f_team')), h('th', { scope: 'col' }, t('f_assign_rule')),
        h('th', { scope: 'col' }, t('f_by_skill')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('save'))))),
      h('tbody', null, rows)),
    addForm,
    h('h2', null, t('adm_members')), h('p', { class: 'hint' }, t('adm_members_hint')),
    field(t('f_team'), pick),
    h('table', { class: 'team-rules', id: 'members' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('f_member')), h('th', { scope: 'col' }, t('duty')),
        h('th', { scope: 'col' }, t('f_skills')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('save'))))),
      memberRows)));
  return null;
}
