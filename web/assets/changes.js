// changes.js - the three changes (三变法) that calm a conversation gone
// stuck: another person takes over (handover), another place carries it on
// (channel move), another time is agreed (an appointment at an exact date
// and time, and what came of it).

import { t, fmtTime } from './i18n.js';
import { h, select } from './dom.js';
import { get, post } from './api.js';
import { label, names, options, state } from './fields.js';
import { app } from './app.js';
import { panel, badge, actionForm } from './actions.js';

// What a datetime-local holds ("2026-12-03T15:00"), as RFC 3339 with the
// browser's offset at that moment ("2026-12-03T15:00:00+08:00"): the
// server takes no time without its zone.
function rfc3339(local) {
  if (!local) return '';
  const d = new Date(local);
  if (Number.isNaN(d.getTime())) return local;
  const off = -d.getTimezoneOffset();
  const p = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const time = local.length === 16 ? `${local}:00` : local;
  return `${time}${off < 0 ? '-' : '+'}${p(off / 60)}:${p(off % 60)}`;
}

async function handoverForm(c, reload) {
  // another team is an assignment's decision: without complaint.assign
  // only this team's own queue is offered
  const teams = (await app.teams())
    .filter((x) => app.can('complaint.assign') || x.id === c.team_id);
  let members = [];
  if (c.team_id) try { members = (await get(`/api/v1/teams/${c.team_id}/members`)).items || []; } catch { /* teams only, then */ }
  const to = h('select', { id: 'handover-to', name: 'to' },
    h('option', { value: '' }, t('choose')),
    members.length > 0 && h('optgroup', { label: t('c_handover_people') }, members.filter((m) => m.id !== app.me.id).map((m) =>
      h('option', { value: `user:${m.id}` }, `${m.display_name || m.username} (${label('role', m.role)})`))),
    h('optgroup', { label: t('c_handover_teams') }, teams.map((x) => h('option', { value: `team:${x.id}` }, x.name))));
  const note = h('textarea', { id: 'handover-note', name: 'note', rows: '2' });
  return actionForm('handover-form', [['to_user_id', t('c_handover_to'), to], ['note', t('c_handover_note'), note, t('c_handover_note_hint')]],
    'c_handover', () => {
      const [kind, id] = to.value.split(':');
      const target = kind === 'user' ? { to_user_id: Number(id) } : kind === 'team' ? { to_team_id: Number(id) } : {};
      return post(`/api/v1/complaints/${c.id}/handover`, { ...target, note: note.value.trim() });
    }, reload);
}

function channelForm(c, reload) {
  const channel = select({ id: 'move-channel', name: 'channel' }, options('conversation_channel', { given: true }), c.conversation_channel || 'phone');
  const note = h('input', { id: 'move-channel-note', name: 'note' });
  return actionForm('channel-form', [['channel', t('c_channel_to'), channel], ['note', t('c_comp_note'), note]], 'c_channel_move',
    () => post(`/api/v1/complaints/${c.id}/channel-move`, { channel: channel.value, ...(note.value.trim() ? { note: note.value.trim() } : {}) }), reload);
}

function outcomeForm(a, reload) {
  // what came of it (kesu itself sets it scheduled); one still to come
  // can be held early or called off, not missed
  const choices = names('appointment_state', { given: true }).filter((s) => s !== 'missed' || Date.parse(a.at) <= Date.now());
  const outcomeState = select({ id: `appt-state-${a.id}`, name: 'state' }, choices.map((s) => [s, label('appointment_state', s)]), choices[0]);
  const outcome = h('input', { id: `appt-outcome-${a.id}`, name: 'outcome' });
  return actionForm(`appt-outcome-form-${a.id}`, [['state', t('c_appt_state'), outcomeState], ['outcome', t('c_appt_outcome'), outcome]], 'c_appt_record',
    () => post(`/api/v1/appointments/${a.id}/outcome`, { state: outcomeState.value, outcome: outcome.value.trim() }), reload);
}

function appointmentForm(c, reload) {
  const at = h('input', { id: 'appt-at', name: 'at', type: 'datetime-local' });
  const withWhom = h('input', { id: 'appt-with', name: 'with', value: (c.complainant && c.complainant.name) || '' });
  const channel = select({ id: 'appt-channel', name: 'channel' }, options('conversation_channel', { given: true }), 'phone');
  const note = h('input', { id: 'appt-note', name: 'note' });
  return actionForm('appt-form', [['at', t('c_appt_at'), at, t('c_appt_at_hint')], ['with', t('c_appt_with'), withWhom],
    ['channel', t('c_appt_channel'), channel], ['note', t('c_comp_note'), note]], 'c_appt_add',
  () => post(`/api/v1/complaints/${c.id}/appointments`, {
    at: rfc3339(at.value), with: withWhom.value.trim(), channel: channel.value, ...(note.value.trim() ? { note: note.value.trim() } : {}),
  }), reload);
}

export async function changesPanel(c, appointments, reload) {
  const closed = state(c.status).closed;
  const open = app.can('complaint.edit') && !closed;
  const handover = app.can('complaint.handover') && !closed;
  const list = appointments.length
    ? h('ul', { class: 'appts', id: 'appt-list' }, appointments.map((a) => h('li', { class: `appt appt-${a.state}`, dataset: { appt: a.id, state: a.state } },
      h('time', { datetime: a.at }, fmtTime(a.at)), ' ', badge(`appt-${a.state}`, label('appointment_state', a.state)), ' ',
      label('conversation_channel', a.channel), ' · ', a.with || '',
      a.note && h('p', { class: 'ev-body' }, a.note),
      a.outcome && h('p', { class: 'ev-body' }, h('strong', null, `${t('c_appt_outcome')}: `), a.outcome),
      open && (a.state === 'scheduled' || (a.state === 'missed' && !a.outcome)) && outcomeForm(a, reload))))
    : h('p', { class: 'hint' }, t('c_appt_none'));
  return panel('changes', 'c_changes',
    h('p', { class: 'hint' }, t('c_changes_hint')),
    c.conversation_channel && h('p', { id: 'conv-channel' }, t('c_channel_now', { channel: label('conversation_channel', c.conversation_channel) })),
    handover && h('h3', null, t('c_handover')), handover && await handoverForm(c, reload),
    open && h('h3', null, t('c_channel_move')), open && channelForm(c, reload),
    h('h3', null, t('c_appointments')), list, open && appointmentForm(c, reload));
}
