// lessons.js - training (培训, domain.md 7): the lessons supervisors draw
// from closed complaints and incidents' handling notices. Every agent of
// a lesson's teams reads it and confirms it once (the header counts those
// still to confirm); supervisors and managers (knowledge.edit) write them,
// publish them to teams and see who has confirmed, when, and who has not.

import { t, fmtTime } from './i18n.js';
import { h, clear, field, fieldError, select, setText, toast } from './dom.js';
import { get, post, patch, ApiError } from './api.js';
import { label } from './fields.js';
import { app, fail, showErrors } from './app.js';

const writer = () => app.can('knowledge.edit');

/* --- the header's count ------------------------------------------------------------ */

export function lessonsLink(a) {
  a.id = 'nav-lessons';
  recountLessons(a).catch(() => { /* the page itself says what went wrong */ });
  return a;
}

export async function recountLessons(a = document.getElementById('nav-lessons')) {
  if (!a) return;
  const r = await get('/api/v1/lessons?pending=1');
  const old = a.querySelector('[data-count=lessons]');
  if (old) old.remove();
  a.removeAttribute('aria-label');
  if (r.pending) {
    a.setAttribute('aria-label', t('ls_nav_pending', { n: r.pending }));
    a.append(h('span', { class: 'count unread', 'data-count': 'lessons' }, String(r.pending)));
  }
  const c = document.getElementById('ls-count');
  if (c) setText(c, t('ls_pending_count', { n: r.pending }));
}

/* A writer's button that drafts a lesson from a source ({from_complaint}
 * or {from_incident}) and opens it to change and publish. */
export function lessonButton(source, id, key) {
  if (!writer()) return null;
  const button = h('button', {
    type: 'button', id, class: 'ls-make',
    onclick: async () => {
      button.disabled = true;
      try {
        const l = await post('/api/v1/lessons', source);
        app.go(`#/lesson/${l.id}`);
      } catch (e) { button.disabled = false; fail(e); }
    },
  }, t(key));
  return button;
}

/* --- a lesson ------------------------------------------------------------------------ */

function badge(l) {
  return h('span', { class: `badge hn-state hn-state-${l.state}`, dataset: { state: l.state } },
    t(l.state === 'published' ? 'ls_state_published' : 'ls_state_draft'));
}

function sourceOf(l) {
  if (l.source === 'complaint') {
    const text = t('ls_source_complaint', { no: l.tracking_no || '' });
    return l.tracking_no ? h('a', { href: `#/c/${encodeURIComponent(l.tracking_no)}`, class: 'ls-source' }, text) : h('span', { class: 'ls-source' }, text);
  }
  if (l.source === 'incident') return h('a', { href: `#/incident/${l.incident_id}`, class: 'ls-source' }, t('ls_source_incident'));
  return h('span', { class: 'ls-source' }, t('ls_source_hand'));
}

function meta(l, teams) {
  const names = (l.team_ids || []).map((id) => (teams.find((x) => x.id === id) || { name: `#${id}` }).name);
  return h('p', { class: 'hn-meta ls-meta' }, badge(l), ' ', sourceOf(l),
    l.published_at && [' · ', h('span', { class: 'hint' }, t('ls_published', { who: l.published_by || '', time: fmtTime(l.published_at) }))],
    ' · ', h('span', { class: 'hint ls-teams' }, l.all_teams ? t('ls_for_all') : t('ls_for_teams', { teams: names.join('、') || '—' })));
}

/* The caller's confirmation: a button until done, for those who handle
 * complaints (an auditor reads without confirming). */
function confirmControl(l) {
  if (l.state !== 'published') return null;
  const done = (at) => h('p', { class: 'hn-read ls-confirmed', id: `ls-confirmed-${l.id}` }, t('ls_confirmed_mine', { time: fmtTime(at) }));
  if (l.confirmed) return done(l.confirmed_at);
  if (!app.can('complaint.edit')) return null;
  const button = h('button', {
    type: 'button', class: 'primary ls-confirm', id: `ls-confirm-${l.id}`, 'aria-label': t('ls_confirm_one', { title: l.title }),
    onclick: async () => {
      button.disabled = true;
      try {
        const r = await post(`/api/v1/lessons/${l.id}/confirm`);
        Object.assign(l, r);
        const shown = done(r.confirmed_at);
        button.replaceWith(shown);
        shown.closest('[data-confirmed]')?.setAttribute('data-confirmed', 'true');
        toast(t('ls_confirmed_toast'));
        recountLessons().catch(() => {});
      } catch (e) { button.disabled = false; fail(e); }
    },
  }, t('ls_confirm'));
  return button;
}

/* Who of its teams confirmed it and when, and who has not (a writer's view). */
function record(l) {
  if (l.state !== 'published') return h('section', { class: 'panel', id: 'ls-record' }, h('h2', null, t('ls_record')), h('p', { class: 'hint' }, t('ls_record_draft')));
  const done = l.confirmations || [];
  const left = l.pending || [];
  const col = (key) => h('th', { scope: 'col' }, t(key));
  const who = (x) => x.display_name || x.username;
  return h('section', { class: 'panel', id: 'ls-record', 'aria-labelledby': 'ls-record-h' },
    h('h2', { id: 'ls-record-h' }, t('ls_record')),
    h('p', { id: 'ls-record-count' }, t('ls_record_count', { done: done.length, left: left.length })),
    h('h3', { id: 'ls-done-h' }, t('ls_confirmed_list')),
    done.length === 0 ? h('p', { class: 'hint', id: 'ls-done-none' }, t('ls_nobody'))
      : h('table', { class: 'queue', id: 'ls-done', 'aria-labelledby': 'ls-done-h' },
        h('thead', null, h('tr', null, col('ls_col_person'), col('ls_col_role'), col('ls_col_at'))),
        h('tbody', null, done.map((x) => h('tr', { dataset: { user: x.username } },
          h('td', null, who(x)), h('td', null, label('role', x.role)),
          h('td', null, h('time', { datetime: x.confirmed_at }, fmtTime(x.confirmed_at))))))),
    h('h3', { id: 'ls-left-h' }, t('ls_pending_list')),
    left.length === 0 ? h('p', { class: 'hint', id: 'ls-left-none' }, t('ls_nobody'))
      : h('ul', { id: 'ls-left', 'aria-labelledby': 'ls-left-h' }, left.map((x) => h('li', { dataset: { user: x.username } },
        who(x), ' ', h('span', { class: 'hint' }, label('role', x.role))))));
}

/* --- writing ----------------------------------------------------------------------------- */

// The teams as checkboxes, with "every team"; value(): {team_ids, all_teams}.
function teamChoice(id, teams, l) {
  const on = new Set(l ? l.team_ids : (app.me.teams || []));
  const all = h('input', { type: 'checkbox', id: `${id}-all`, checked: !!(l && l.all_teams) });
  const boxes = teams.map((x) => h('input', { type: 'checkbox', id: `${id}-${x.id}`, value: String(x.id), checked: on.has(x.id) }));
  const set = h('fieldset', { class: 'hn-checks', id }, h('legend', null, t('ls_f_teams')),
    h('label', { class: 'check', for: all.id }, all, ' ', t('ls_f_all_teams')),
    boxes.map((b, k) => h('label', { class: 'check', for: b.id }, b, ' ', teams[k].name)),
    h('p', { class: 'field-error', id: `${id}-err`, hidden: true }));
  return { set, value: () => ({ team_ids: boxes.filter((b) => b.checked).map((b) => Number(b.value)), all_teams: all.checked }) };
}

/* The form of lesson l (null: a new one, with its source). */
function lessonForm(l, teams, incidents) {
  const id = l ? 'ls-form' : 'ls-new-form';
  const title = h('input', { id: `${id}-title`, maxlength: '200', value: l ? l.title : '' });
  const body = h('textarea', { id: `${id}-body`, rows: '10', maxlength: '20000', value: l ? l.body : '' });
  const who = teamChoice(`${id}-teams`, teams, l);
  const msg = h('p', { class: 'form-error', role: 'alert' });
  let source = null;
  let complaint = null;
  let incident = null;
  if (!l) {
    source = select({ id: `${id}-source` }, [['hand', t('ls_f_from_hand')], ['complaint', t('ls_f_from_complaint')], ['incident', t('ls_f_from_incident')]], 'hand');
    complaint = h('input', { id: `${id}-complaint`, maxlength: '31', autocomplete: 'off' });
    incident = incidents.length
      ? select({ id: `${id}-incident` }, incidents.map((x) => [String(x.id), x.title]), String(incidents[0].id))
      : h('select', { id: `${id}-incident`, disabled: true }, h('option', { value: '' }, t('ls_f_no_incident')));
  }
  const complaintField = complaint && field(t('ls_f_complaint'), complaint);
  const incidentField = incident && field(t('ls_f_incident'), incident);
  const shown = () => {
    if (!source) return;
    complaintField.hidden = source.value !== 'complaint';
    incidentField.hidden = source.value !== 'incident';
  };
  if (source) { source.addEventListener('change', shown); shown(); }
  const prefill = source && h('p', { class: 'hint', id: `${id}-prefill` }, t('ls_f_prefill'));
  const form = h('form', { class: 'action ls-form', id, novalidate: true },
    source && field(t('ls_f_source'), source), complaintField, incidentField,
    field(t('ls_f_title'), title), field(t('ls_f_body'), body), prefill,
    who.set, msg,
    h('div', { class: 'decision' },
      h('button', { type: 'submit', value: 'draft', id: `${id}-draft` }, t('ls_save_draft')),
      h('button', { type: 'submit', class: 'primary', value: 'publish', id: `${id}-publish` }, t('ls_save_publish'))));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of form.querySelectorAll('[aria-invalid]')) if (el.id) fieldError(el, '');
    fieldError(who.set, '');
    const controls = { title, body, team_ids: who.set, all_teams: who.set, from_complaint: complaint, from_incident: incident };
    const out = { ...who.value() };
    if (title.value.trim() || !source || source.value === 'hand') out.title = title.value.trim();
    if (body.value.trim() || !source || source.value === 'hand') out.body = body.value.trim();
    if (source && source.value === 'complaint') {
      if (!complaint.value.trim()) { fieldError(complaint, t('ls_need_complaint')); complaint.focus(); return; }
      out.from_complaint = complaint.value.trim();
    }
    if (source && source.value === 'incident' && incident.value) out.from_incident = Number(incident.value);
    const publish = !!(ev.submitter && ev.submitter.value === 'publish');
    const buttons = [...form.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    try {
      let saved;
      if (l) {
        saved = await patch(`/api/v1/lessons/${l.id}`, out);
        if (publish) saved = await post(`/api/v1/lessons/${l.id}/publish`);
      } else saved = await post('/api/v1/lessons', { ...out, publish });
      toast(t(saved.state === 'published' ? 'ls_saved_published' : 'ls_saved_draft'));
      app.go(`#/lesson/${saved.id}`);
      return;
    } catch (e) {
      setText(msg, e instanceof ApiError ? showErrors(e, controls) : t('error'));
    }
    for (const b of buttons) b.disabled = false;
  });
  return form;
}

/* --- the pages --------------------------------------------------------------------------- */

function card(l, teams) {
  const hid = `ls-${l.id}-h`;
  return h('article', { class: 'panel ls-lesson', id: `ls-${l.id}`, 'aria-labelledby': hid,
    dataset: { lesson: String(l.id), state: l.state, confirmed: String(!!l.confirmed) } },
  h('h2', { id: hid }, h('a', { href: `#/lesson/${l.id}` }, l.title)),
  meta(l, teams),
  h('p', { class: 'hn-text ls-body' }, l.body),
  confirmControl(l));
}

/* The lessons: those the caller has still to confirm, or all of them (a
 * writer's drafts among them); a writer makes one here. */
export async function lessonsView(el, which) {
  const all = which === 'all';
  const [r, teams] = await Promise.all([get(`/api/v1/lessons${all ? '' : '?pending=1'}`), app.teams().catch(() => [])]);
  const tab = (href, key, on, name) => h('a', { href, 'aria-current': on ? 'page' : null, dataset: { tab: name } }, t(key));
  let make = null;
  if (writer()) {
    const inc = await get('/api/v1/incidents').catch(() => ({ items: [] }));
    make = h('details', { class: 'add-box', id: 'ls-new' }, h('summary', null, t('ls_new')),
      h('p', { class: 'hint' }, t('ls_new_hint')), lessonForm(null, teams, inc.items || []));
  }
  const pending = all ? r.items.filter((l) => l.state === 'published' && !l.confirmed).length : r.pending;
  clear(el, h('section', { class: 'lessons-view', 'aria-labelledby': 'ls-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'ls-title' }, t('ls_title')), h('p', { id: 'ls-count', class: 'hint' }, t('ls_pending_count', { n: pending }))),
    h('p', { class: 'hint' }, t('ls_intro')),
    h('nav', { class: 'tabs', id: 'ls-tabs', 'aria-label': t('ls_tabs') },
      tab('#/lessons', 'ls_tab_pending', !all, 'pending'), tab('#/lessons/all', 'ls_tab_all', all, 'all')),
    make,
    h('div', { class: 'ls-list', id: 'ls-list' }, r.items.map((l) => card(l, teams))),
    r.items.length === 0 && h('p', { class: 'empty', id: 'ls-none' }, t(all ? 'ls_none' : 'ls_none_pending'))));
  recountLessons().catch(() => {});
  return null;
}

/* One lesson: the caller's confirmation; for a writer, who has read it and,
 * while it is a draft, its form. */
export async function lessonView(el, id) {
  const [l, teams] = await Promise.all([get(`/api/v1/lessons/${encodeURIComponent(id)}`), app.teams().catch(() => [])]);
  const edit = writer() && l.state === 'draft';
  clear(el, h('article', { class: 'lesson-view', 'aria-labelledby': 'ls-head', dataset: { lesson: String(l.id), state: l.state, confirmed: String(!!l.confirmed) } },
    h('p', null, h('a', { href: '#/lessons', id: 'ls-back' }, t('ls_back'))),
    h('h1', { id: 'ls-head' }, l.title),
    meta(l, teams),
    h('section', { class: 'panel' }, h('p', { class: 'hn-text ls-body', id: 'ls-body' }, l.body), confirmControl(l)),
    writer() && record(l),
    edit && h('details', { class: 'add-box', id: 'ls-edit', open: true }, h('summary', null, t('ls_edit')), lessonForm(l, teams, []))));
  return null;
}
