// incident.js - one incident (many complaints, one cause: domain.md 9):
// what it is and its figures; its complaints, added by tracking number or
// by a search and taken out again; the acts done on all of them together,
// with what was refused and why; the handling notice for the front line
// with who has confirmed it; the messages every customer gets, with those
// to call; the remedy standard, approved once; and its history in words.
// Those who may not act (agents) read it all and see no controls.

import { t, fmtTime, fmtMoney, LANGS } from './i18n.js';
import { h, add, clear, select, field, fieldError, setText, toast, phrase } from './dom.js';
import { api, get, post, patch, put, del, query, ApiError } from './api.js';
import { label, options, names } from './fields.js';
import { app, causeLabel, categoryLabel, errorWords, fail, showErrors } from './app.js';
import { panel, badge, progressControls } from './actions.js';
import { LIVE, stateBadge, affectedText, whyProposed, excerpt, decideControls, incidentFields, refsOf, isoOf, handed } from './incidents.js';
import { noticeBody, noticeMeta, noticeEditor, noticeChoices, readersList } from './notices.js';
import { lessonButton } from './lessons.js';

const ACTIONS = ['acknowledge', 'start', 'propose_plan', 'resolve'];

// A fresh key for one intended send; the same again on its retry.
function newKey() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const isLive = (i) => i.state !== 'proposed' && i.state !== 'dismissed';
// confirmed and not closed: its complaints are worked on together
const isWorked = (i) => isLive(i) && i.state !== 'closed';
const complaintLink = (no, props = {}) => h('a', { href: `#/c/${encodeURIComponent(no)}`, ...props }, no);

/* A form of the page: run() sends it (false: it said why itself and
 * nothing was sent), then the page is drawn again. own: the page's words
 * of a refusal by "field:code". */
function icForm(id, kids, controls, run, reload, own = {}) {
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'action', id, novalidate: true }, kids, msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of Object.values(controls)) if (el && el.id) fieldError(el, '');
    const buttons = [...form.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    try {
      if (await run(ev.submitter) !== false) { await reload(); return; }
    } catch (e) {
      if (e instanceof ApiError && e.status === 412) {
        toast(t('conflict_changed'), 'error');
        await reload().catch(() => {});
        return;
      }
      const mine = e instanceof ApiError && own[`${e.field}:${e.code}`];
      setText(msg, mine || showErrors(e, controls));
    }
    for (const b of buttons) b.disabled = false;
  });
  return form;
}

/* The complaints an act was refused on, each with why. */
function refusedList(refused, count, id) {
  if (!count) return null;
  return h('div', { class: 'ic-refused', id },
    h('h3', null, t('ic_refused')),
    h('ul', null, (refused || []).map((x) => h('li', { dataset: { ref: x.ref } },
      /^KS/i.test(x.ref) ? complaintLink(x.ref) : h('span', null, x.ref), ' ',
      h('span', { class: 'ic-refusal' }, errorWords(x.error || {}))))),
    count > (refused || []).length && h('p', { class: 'hint' }, t('ic_refused_more', { n: count - refused.length })));
}

// what an act answered, shown once the page is drawn again; it takes the focus
const result = (id, ...kids) => h('div', { class: 'ic-result', id, role: 'status', tabindex: '-1' }, kids);

/* --- what it is ---------------------------------------------------------------------- */

function figures(i) {
  const tl = i.tally || {};
  const card = (id, key, value) => h('div', { class: 'card figure-card' }, h('h3', null, t(key)), h('p', { class: 'figure', id }, String(value)));
  const byState = Object.entries(tl.by_state || {});
  return h('section', { class: 'ic-figures', id: 'ic-figures', 'aria-labelledby': 'ic-figures-h' },
    h('h2', { id: 'ic-figures-h', class: 'sr-only' }, t('ic_figures')),
    h('div', { class: 'cards' },
      card('ic-fig-complaints', 'ic_fig_complaints', i.complaints),
      card('ic-fig-rated', 'ic_fig_rated', tl.rated || 0),
      card('ic-fig-satisfied', 'ic_fig_satisfied', tl.satisfied || 0),
      card('ic-fig-rating', 'ic_fig_rating', tl.rating_avg == null ? '—' : tl.rating_avg),
      card('ic-fig-no-channel', 'ic_fig_no_channel', tl.no_channel || 0)),
    byState.length > 0 && h('div', { class: 'ic-by-state' }, h('h3', null, t('ic_by_state')),
      h('ul', { id: 'ic-by-state' }, byState.map(([s, n]) => h('li', { dataset: { status: s } },
        h('span', { class: `badge st-${s}` }, label('status', s)), ' ', h('span', { class: 'num' }, String(n)))))));
}

function causeWords(k, causes) {
  if (!k) return t('ic_cause_none');
  const c = causes.find((x) => x.key === k);
  return c ? causeLabel(c) : k;
}

function detailsPanel(i, causes) {
  const row = (key, value, id) => value != null && value !== '' && h('div', { class: 'kv' }, h('dt', null, t(key)), h('dd', { id }, value));
  const atBy = (at, by) => at && phrase('ic_at_by', { time: fmtTime(at), who: by || '' });
  return panel('ic-details', 'ic_details', h('dl', { class: 'details' },
    row('ic_f_cause', causeWords(i.cause, causes), 'ic-cause'),
    row('ic_f_responsibility', i.responsibility && label('responsibility', i.responsibility)),
    row('ic_f_affected', affectedText(i.affected), 'ic-affected'),
    row('ic_f_record', i.affected && i.affected.record, 'ic-record'),
    row('ic_f_plan', i.plan, 'ic-plan'),
    row('ic_f_owner', i.owner ? i.owner.name : t('ic_owner_none'), 'ic-owner'),
    row('ic_f_pick_up', t(i.pick_up ? 'yes' : 'no')),
    row('ic_f_started', fmtTime(i.started_at)),
    row('ic_f_first_complaint', fmtTime(i.first_complaint_at)),
    row('ic_f_first_message', fmtTime(i.first_message_at), 'ic-first-message'),
    row('ic_f_created', atBy(i.created_at, i.created_by === 'system' ? t('actor.system') : i.created_by)),
    row('ic_f_confirmed', atBy(i.confirmed_at, i.confirmed_by)),
    row('ic_f_dismissed', i.dismissed_at && [fmtTime(i.dismissed_at), i.dismiss_reason && h('span', { class: 'ev-body' }, ` ${i.dismiss_reason}`)]),
    row('ic_f_closed', fmtTime(i.closed_at))));
}

// Those an incident may be given to: the supervisors and managers of the
// caller's teams.
const OWNERS = ['supervisor', 'manager', 'admin'];
async function ownerOptions(i) {
  const lists = await Promise.all((app.me.teams || []).map((id) => get(`/api/v1/teams/${id}/members`).then((r) => r.items || []).catch(() => [])));
  const people = new Map();
  for (const m of lists.flat()) if (OWNERS.includes(m.role)) people.set(m.id, m.display_name || m.username);
  if (i.owner && !people.has(i.owner.id)) people.set(i.owner.id, i.owner.name);
  return [...(i.owner ? [] : [['', t('ic_owner_none')]]), ...[...people].map(([id, name]) => [String(id), name])];
}

async function editPanel(i, reload) {
  const f = await incidentFields(i, 'ic-edit');
  const owner = select({ id: 'ic-edit-owner', name: 'owner_id' }, await ownerOptions(i), i.owner ? String(i.owner.id) : '');
  const state = isLive(i) && select({ id: 'ic-edit-state', name: 'state' }, LIVE.map((s) => [s, label('incident_state', s)]), i.state);
  const reason = h('input', { id: 'ic-edit-reason', name: 'reason', maxlength: '2000' });
  const form = icForm('ic-edit-form',
    [f.nodes, field(t('ic_f_owner'), owner), state && field(t('ic_f_state'), state), field(t('ic_f_reason'), reason, t('ic_f_reason_hint')),
      h('button', { type: 'submit', class: 'primary' }, t('save'))],
    { ...f.controls, owner_id: owner, state, reason },
    async () => {
      const body = f.value();
      if ('title' in body && !body.title) { fieldError(f.title, t('ic_err.no_title')); f.title.focus(); return false; }
      if (owner.value && Number(owner.value) !== (i.owner && i.owner.id)) body.owner_id = Number(owner.value);
      if (state && state.value !== i.state) body.state = state.value;
      if (!Object.keys(body).length) return false;
      if (reason.value.trim()) body.reason = reason.value.trim();
      await patch(`/api/v1/incidents/${i.id}`, body, `"v${i.version}"`);
      toast(t('saved'));
    }, reload);
  return h('details', { class: 'add-box panel', id: 'ic-edit' }, h('summary', null, t('ic_edit')), form);
}

/* --- its complaints ------------------------------------------------------------------ */

function complaintRow(i, c, canRemove, reload) {
  const cell = h('td', { class: 'actions' });
  const no = c.tracking_no;
  const button = () => h('button', { type: 'button', class: 'link ic-remove', 'aria-label': t('ic_remove_one', { no }), onclick: ask }, t('ic_remove'));
  function ask() {
    const reason = h('input', { id: `ic-remove-reason-${c.id}`, maxlength: '2000', 'aria-label': t('ic_remove_reason'), placeholder: t('ic_remove_reason') });
    const go = h('button', {
      type: 'button', class: 'ic-remove-go', id: `ic-remove-go-${c.id}`,
      onclick: async () => {
        go.disabled = true;
        try {
          await del(`/api/v1/incidents/${i.id}/complaints/${encodeURIComponent(no)}${query({ reason: reason.value.trim() })}`);
          toast(t('ic_removed', { no }));
          await reload();
        } catch (e) { go.disabled = false; fail(e); }
      },
    }, t('ic_remove_confirm'));
    const cancel = h('button', { type: 'button', class: 'link', onclick: () => { const b = button(); clear(cell, b); b.focus(); } }, t('cancel'));
    clear(cell, reason, ' ', go, ' ', cancel);
    reason.focus();
  }
  if (canRemove) add(cell, button());
  return h('tr', { dataset: { tracking: no, status: c.status } },
    h('td', null, complaintLink(no)),
    h('td', null, h('span', { class: `badge st-${c.status}` }, label('status', c.status))),
    h('td', null, (c.complainant && c.complainant.name) || ''),
    h('td', { class: 'content' }, excerpt(c.content)),
    h('td', null, h('time', { datetime: c.created_at }, fmtTime(c.created_at))),
    cell);
}

function addBox(i, reload, flash, open) {
  const refs = h('textarea', { id: 'ic-add-refs', name: 'complaints', rows: '2' });
  const byNo = icForm('ic-add-form', [field(t('ic_f_complaints'), refs, t('ic_f_complaints_hint')), h('button', { type: 'submit' }, t('ic_add_submit'))],
    { complaints: refs },
    async () => {
      const list = refsOf(refs.value);
      if (!list.length) { fieldError(refs, t('err_reason.required')); refs.focus(); return false; }
      flash.link = await post(`/api/v1/incidents/${i.id}/complaints`, { complaints: list });
    }, reload);
  const q = h('input', { type: 'search', id: 'ic-search-q', name: 'q', maxlength: '200' });
  const since = h('input', { type: 'date', id: 'ic-search-since', name: 'since' });
  const until = h('input', { type: 'date', id: 'ic-search-until', name: 'until' });
  const category = select({ id: 'ic-search-category', name: 'category' }, [['', t('ic_search_any')]], '');
  app.categories().then((list) => add(category, list.filter((c) => c.active !== false).map((c) => h('option', { value: c.name }, categoryLabel(c))))).catch(() => {});
  const channel = select({ id: 'ic-search-channel', name: 'channel' }, [['', t('ic_search_any')], ...options('channel')], '');
  const bySearch = icForm('ic-search-form',
    [h('p', { class: 'hint' }, t('ic_search_hint')), field(t('ic_search_q'), q),
      h('div', { class: 'field-row' }, field(t('ic_search_since'), since), field(t('ic_search_until'), until),
        field(t('ic_search_category'), category), field(t('ic_search_channel'), channel)),
      h('button', { type: 'submit' }, t('ic_search_submit'))],
    { search: q, 'search.q': q, 'search.since': since, 'search.until': until, 'search.category': category, 'search.channel': channel },
    async () => {
      const s = Object.fromEntries(Object.entries({ q: q.value.trim(), since: since.value, until: until.value, category: category.value, channel: channel.value })
        .filter(([, v]) => v));
      if (!s.q && !s.category && !s.channel && !s.since) { fieldError(q, t('ic_search_empty')); q.focus(); return false; }
      flash.link = await post(`/api/v1/incidents/${i.id}/complaints`, { search: s });
    }, reload);
  return h('details', { class: 'add-box', id: 'ic-add', open }, h('summary', null, t('ic_add')),
    h('h3', null, t('ic_add_by_no')), byNo, h('h3', null, t('ic_add_by_search')), bySearch);
}

async function complaintsPanel(i, lead, reload, shown, flash) {
  const page = (cursor) => get(`/api/v1/incidents/${i.id}/complaints${query({ cursor, limit: 50 })}`);
  const first = await page();
  const canChange = lead && i.state !== 'dismissed';
  const row = (c) => complaintRow(i, c, canChange, reload);
  const tbody = h('tbody', null, first.items.map(row));
  const col = (key) => h('th', { scope: 'col' }, t(key));
  let cursor = first.next_cursor;
  const more = h('button', { type: 'button', class: 'more', id: 'ic-complaints-more', hidden: !cursor }, t('load_more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const r = await page(cursor);
      add(tbody, r.items.map(row));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (e) { fail(e); }
    more.disabled = false;
  });
  const l = shown.link;
  return panel('ic-complaints', 'ic_complaints',
    h('p', { class: 'hint', id: 'ic-complaints-total' }, t('ic_complaints_total', { n: first.total })),
    l && result('ic-link-result', h('p', { id: 'ic-link-summary' }, t('ic_add_result', { linked: l.linked.length, already: l.already, refused: l.refused_count })),
      refusedList(l.refused, l.refused_count, 'ic-link-refused')),
    first.items.length > 0 ? h('table', { class: 'queue ic-complaints-table', id: 'ic-complaints-table' },
      h('caption', { class: 'sr-only' }, t('ic_complaints')),
      h('thead', null, h('tr', null, col('ic_col_tracking'), col('ic_col_status'), col('ic_col_customer'), col('ic_col_content'),
        col('ic_col_created'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('ic_col_actions'))))),
      tbody) : h('p', { class: 'empty', id: 'ic-complaints-none' }, t('ic_complaints_none')),
    more,
    canChange && addBox(i, reload, flash, !!l));
}

/* --- all of them together ------------------------------------------------------------- */

function movePanel(i, reload, shown, flash) {
  const action = select({ id: 'ic-move-action', name: 'action' }, ACTIONS.map((a) => [a, t(`ic_action.${a}`)]), 'acknowledge');
  const progress = progressControls({}, 'ic-move-progress');
  const needsLine = () => action.value === 'start' || action.value === 'propose_plan';
  const lines = h('div', { class: 'ic-progress', id: 'ic-move-progress' }, progress.controls.map(([, words, el, hint]) => field(words, el, hint)));
  const sync = () => { lines.hidden = !needsLine(); };
  action.addEventListener('change', sync);
  sync();
  const reason = h('input', { id: 'ic-move-reason', name: 'reason', maxlength: '2000' });
  const form = icForm('ic-move-form',
    [field(t('ic_move_action'), action), lines, field(t('ic_move_reason'), reason), h('button', { type: 'submit', class: 'primary' }, t('ic_move_submit'))],
    { action, 'progress.line': progress.line, 'progress.next_contact_at': progress.next, reason },
    async () => {
      const body = { action: action.value };
      if (needsLine()) {
        const p = progress.value();
        if (!p) { fieldError(progress.line, t('ic_move_needs_line')); progress.line.focus(); return false; }
        body.progress = p;
      }
      if (reason.value.trim()) body.reason = reason.value.trim();
      flash.move = await post(`/api/v1/incidents/${i.id}/move`, body);
    }, reload, { 'plan:missing_field': t('ic_err.no_plan') });
  const r = shown.move;
  return panel('ic-move', 'ic_move', h('p', { class: 'hint' }, t('ic_move_intro')),
    r && result('ic-move-result', h('p', { id: 'ic-move-summary' }, t('ic_move_result', { action: t(`ic_action.${r.action}`), done: r.done, refused: r.refused_count })),
      refusedList(r.refused, r.refused_count, 'ic-move-refused')),
    form);
}

/* --- the handling notice ----------------------------------------------------------------- */

function noticePanel(i, lead, readers, choices, reload) {
  const n = i.notice;
  const editor = lead && isLive(i) && noticeEditor(n, {
    id: 'ic-notice-form', ...choices,
    save: (body, publish) => put(`/api/v1/incidents/${i.id}/notice`, { ...body, publish }),
    after: reload,
  });
  return panel('ic-notice', 'hn_title',
    lead && h('p', { class: 'hint' }, t('hn_intro')),
    n ? [h('h3', { id: 'ic-notice-title' }, n.title), noticeMeta(n), noticeBody(n, 'h4'),
      h('p', null, h('a', { href: `#/notice/${n.id}`, id: 'ic-notice-open' }, t('hn_open'))),
      lessonButton({ from_incident: i.id }, 'ic-notice-lesson', 'ls_make_from_notice')]
      : h('p', { class: 'empty', id: 'ic-notice-none' }, t('hn_none')),
    readers && readersList(readers, 'h3', 'ic-readers'),
    editor && h('details', { class: 'add-box', id: 'ic-notice-edit', open: !n }, h('summary', null, t(n ? 'hn_edit' : 'hn_write')), editor));
}

/* --- telling the customers ------------------------------------------------------------------- */

function callList(list, id) {
  if (!list || !list.length) return null;
  return h('div', { class: 'ic-to-call', id },
    h('p', null, t('ic_msg_to_call')),
    h('ul', null, list.map((x) => h('li', { dataset: { tracking: x.tracking_no } }, complaintLink(x.tracking_no)))));
}

function messageItem(m) {
  return h('li', { class: 'ic-message', dataset: { message: String(m.id), stage: m.stage } },
    h('p', null, badge(`ic-stage ic-stage-${m.stage}`, label('message_stage', m.stage)), ' ',
      h('span', { class: 'hint' }, phrase('ic_msg_meta', { time: fmtTime(m.sent_at), who: m.sent_by || '', n: String(m.complaints) }))),
    m.expected_at && h('p', { class: 'ic-expected' }, t('ic_msg_expected_at', { time: fmtTime(m.expected_at) })),
    LANGS.filter((l) => m.text && m.text[l]).map((l) => h('p', { class: 'ic-msg-text', dataset: { lang: l } },
      h('span', { class: 'badge' }, label('language', l)), ' ', h('span', { lang: l, class: 'hn-text' }, m.text[l]))),
    callList(m.to_call, `ic-msg-${m.id}-to-call`));
}

function messagesPanel(i, canSend, reload, shown, flash) {
  const list = i.messages || [];
  let form = null;
  if (canSend) {
    const stage = select({ id: 'ic-msg-stage', name: 'stage' }, options('message_stage'), list.length ? 'progress' : 'cause');
    const texts = Object.fromEntries(LANGS.map((l) => [l, h('textarea', { id: `ic-msg-${l}`, name: `text.${l}`, rows: '2', maxlength: '500', lang: l })]));
    const expected = h('input', { id: 'ic-msg-expected', name: 'expected_at', type: 'datetime-local' });
    // one key per message meant: a retry of the same words sends it once
    let key = null;
    for (const el of [stage, expected, ...Object.values(texts)]) {
      el.addEventListener('input', () => { key = null; });
      el.addEventListener('change', () => { key = null; });
    }
    form = icForm('ic-msg-form',
      [field(t('ic_msg_stage'), stage),
        LANGS.map((l) => field(t('ic_msg_text', { lang: label('language', l) }), texts[l], t(l === 'zh-CN' ? 'ic_msg_text_hint' : 'ic_msg_text_line'))),
        field(t('ic_msg_expected'), expected),
        h('button', { type: 'submit', class: 'primary' }, t('ic_msg_send'))],
      { stage, expected_at: expected, text: texts['zh-CN'], ...Object.fromEntries(LANGS.map((l) => [`text.${l}`, texts[l]])) },
      async () => {
        const text = {};
        for (const l of LANGS) if (texts[l].value.trim()) text[l] = texts[l].value.trim();
        // what the customers get is one line
        const broken = LANGS.find((l) => /[\r\n\t]/.test(text[l] || ''));
        if (broken) { fieldError(texts[broken], t('err_reason.one_line')); texts[broken].focus(); return false; }
        if (!Object.keys(text).length) { fieldError(texts['zh-CN'], t('ic_msg_need_text')); texts['zh-CN'].focus(); return false; }
        key = key || newKey();
        const body = { stage: stage.value, text, ...(expected.value ? { expected_at: isoOf(expected.value) } : {}) };
        flash.message = await api('POST', `/api/v1/incidents/${i.id}/messages`, body, { 'Idempotency-Key': key });
        key = null;
      }, reload);
  }
  const r = shown.message;
  return panel('ic-messages', 'ic_messages',
    canSend && h('p', { class: 'hint' }, t('ic_msg_intro')),
    r && result('ic-msg-result', h('p', { id: 'ic-msg-sent' }, t('ic_msg_sent', { n: r.complaints })),
      r.replayed && h('p', { class: 'hint', id: 'ic-msg-replayed' }, t('ic_msg_replayed')),
      callList(r.to_call, 'ic-msg-to-call')),
    form,
    h('h3', null, t('ic_msg_history')),
    list.length ? h('ol', { class: 'history ic-messages', id: 'ic-message-list' }, [...list].reverse().map(messageItem))
      : h('p', { class: 'empty', id: 'ic-msg-none' }, t('ic_msg_none')));
}

/* --- the remedy standard ---------------------------------------------------------------- */

function decisionForm(i, r, reload) {
  const reason = h('input', { id: `ic-rem-reason-${r.id}`, name: 'reason', maxlength: '2000' });
  return icForm(`ic-rem-decide-${r.id}`,
    [field(t('ic_rem_reason'), reason),
      h('div', { class: 'decision' },
        h('button', { type: 'submit', class: 'primary', value: 'approve', id: `ic-rem-approve-${r.id}` }, t('ic_rem_approve')),
        h('button', { type: 'submit', value: 'reject', id: `ic-rem-reject-${r.id}` }, t('ic_rem_reject')))],
    { reason },
    async (by) => {
      const approve = !(by && by.value === 'reject');
      if (!approve && !reason.value.trim()) { fieldError(reason, t('err_reason.required')); reason.focus(); return false; }
      await post(`/api/v1/incidents/${i.id}/remedies/${r.id}/decision`, { approve, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) });
    }, reload);
}

function remedyItem(i, r, reload) {
  const mine = app.me && r.proposed_by === app.me.username;
  const words = t('ic_rem_line', { type: label('compensation_kind', r.type), amount: fmtMoney(r.amount_fen) });
  return h('li', { class: 'ic-remedy', dataset: { remedy: String(r.id), state: r.state } },
    h('p', null, h('strong', null, words), ' ', badge(`rs-${r.state}`, label('remedy_state', r.state))),
    h('p', null, t('ic_rem_total', { amount: fmtMoney(r.max_total_fen) }), ' · ',
      h('span', { class: 'ic-rem-granted', id: `ic-rem-granted-${r.id}` }, t('ic_rem_granted', { n: r.granted, amount: fmtMoney(r.granted_fen) }))),
    r.note && h('p', { class: 'ev-body' }, r.note),
    h('p', { class: 'hint' }, phrase('ic_rem_by', { who: r.proposed_by || '', time: fmtTime(r.proposed_at) }),
      r.decided_by && r.state !== 'pending' && [' · ', phrase('ic_rem_decided', { who: r.decided_by, time: fmtTime(r.decided_at) })]),
    r.decision_reason && h('p', { class: 'ev-body' }, r.decision_reason),
    r.state === 'pending' && app.can('compensation.approve') && (mine ? h('p', { class: 'hint' }, t('ic_rem_own')) : decisionForm(i, r, reload)));
}

function remediesPanel(i, canSet, reload, shown, flash) {
  const list = i.remedies || [];
  let form = null;
  if (canSet) {
    const kinds = names('compensation_kind', { given: true });
    const type = select({ id: 'ic-rem-type', name: 'type' }, options('compensation_kind', { given: true }), kinds.includes('meal_voucher') ? 'meal_voucher' : kinds[0]);
    const amount = h('input', { id: 'ic-rem-amount', name: 'amount_fen', type: 'number', min: '0.01', step: '0.01', inputmode: 'decimal' });
    const note = h('input', { id: 'ic-rem-note', name: 'note', maxlength: '500' });
    const max = h('input', { id: 'ic-rem-max', name: 'max_total_fen', type: 'number', min: '0.01', step: '0.01', inputmode: 'decimal' });
    let key = null;
    for (const el of [type, amount, note, max]) el.addEventListener('input', () => { key = null; });
    type.addEventListener('change', () => { key = null; });
    const fen = (el) => Math.round(Number(el.value) * 100);
    form = icForm('ic-rem-form',
      [h('div', { class: 'field-row' }, field(t('ic_rem_type'), type), field(t('ic_rem_amount'), amount)),
        field(t('ic_rem_note'), note), field(t('ic_rem_max'), max, t('ic_rem_max_hint')),
        h('button', { type: 'submit', class: 'primary' }, t('ic_rem_propose'))],
      { type, amount_fen: amount, note, max_total_fen: max },
      async () => {
        if (!(fen(amount) > 0)) { fieldError(amount, t('ic_rem_amount_bad')); amount.focus(); return false; }
        if (max.value && !(fen(max) > 0)) { fieldError(max, t('ic_rem_amount_bad')); max.focus(); return false; }
        const body = { type: type.value, amount_fen: fen(amount), ...(note.value.trim() ? { note: note.value.trim() } : {}), ...(max.value ? { max_total_fen: fen(max) } : {}) };
        key = key || newKey();
        flash.remedy = await api('POST', `/api/v1/incidents/${i.id}/remedies`, body, { 'Idempotency-Key': key });
        key = null;
      }, reload);
  }
  const r = shown.remedy;
  return panel('ic-remedies', 'ic_remedies',
    canSet && h('p', { class: 'hint' }, t('ic_rem_intro')),
    r && result('ic-rem-result', h('p', { id: 'ic-rem-done' }, r.state === 'approved' ? t('ic_rem_done_approved', { n: r.granted })
      : r.state === 'pending' ? t('ic_rem_done_pending') : label('remedy_state', r.state))),
    list.length ? h('ul', { class: 'comps ic-remedies', id: 'ic-remedy-list' }, list.map((x) => remedyItem(i, x, reload)))
      : h('p', { class: 'empty', id: 'ic-rem-none' }, t('ic_rem_none')),
    form);
}

/* --- the history ---------------------------------------------------------------------------- */

const HOW = ['hand', 'search', 'auto', 'proposal'];
const SIMPLE = ['created', 'proposed', 'confirmed', 'dismissed', 'updated', 'remedy_total_reached', 'notice_written'];
const CHANGED = { title: 'ic_f_title', cause: 'ic_f_cause', responsibility: 'ic_f_responsibility', plan: 'ic_f_plan', state: 'ic_f_state',
  affected_ref: 'ic_f_affected', owner_id: 'ic_f_owner', pick_up: 'ic_f_pick_up' };

function eventText(e) {
  const d = e.data || {};
  const remedy = () => t('ic_rem_line', { type: label('compensation_kind', d.type), amount: fmtMoney(d.amount_fen) });
  switch (e.kind) {
    case 'complaints_added': return t('ic_ev.complaints_added', { n: d.added, how: t(`ic_how.${HOW.includes(d.how) ? d.how : 'hand'}`) });
    case 'complaint_removed': return t('ic_ev.complaint_removed', { no: d.tracking_no || '' });
    case 'complaints_moved': return t('ic_ev.complaints_moved', {
      result: t('ic_move_result', { action: ACTIONS.includes(d.action) ? t(`ic_action.${d.action}`) : '', done: d.done, refused: d.refused }),
    });
    case 'message_sent': return t('ic_ev.message_sent', { n: d.complaints, stage: label('message_stage', d.stage) });
    case 'remedy_proposed': case 'remedy_approved': case 'remedy_rejected': return t(`ic_ev.${e.kind}`, { remedy: remedy() });
    case 'remedy_granted': return t('ic_ev.remedy_granted', { n: d.granted, amount: fmtMoney(d.granted_fen) });
    case 'notice_published': return t('ic_ev.notice_published', { n: d.version });
    default: return SIMPLE.includes(e.kind) ? t(`ic_ev.${e.kind}`) : t('ic_ev_other');
  }
}

function eventBody(e, causes) {
  const d = e.data || {};
  const parts = [];
  const shown = (k, v) => {
    if (v === true || v === false) return t(v ? 'yes' : 'no');
    if (v == null || v === '') return t('ev.unset');
    if (k === 'cause') return causeWords(v, causes);
    if (k === 'responsibility') return label('responsibility', v);
    if (k === 'state') return label('incident_state', v);
    return String(v);
  };
  if (e.kind === 'proposed') parts.push(whyProposed(d));
  if (e.kind === 'created' && d.title) parts.push(d.title);
  if (e.kind === 'updated' && d.changes) {
    for (const [k, ch] of Object.entries(d.changes)) {
      const name = CHANGED[k] ? t(CHANGED[k]) : k;
      // an owner is a person: named on the page, not by their number
      parts.push(k === 'owner_id' ? name : t('ic_ch', { field: name, from: shown(k, ch && ch.before), to: shown(k, ch && ch.after) }));
    }
  }
  if (d.reason) parts.push(d.reason);
  return parts;
}

function historyPanel(i, causes) {
  const actor = (e) => (e.actor === 'system' ? t('actor.system') : e.actor || '');
  return panel('ic-history', 'ic_history', h('ol', { class: 'timeline', id: 'ic-timeline' }, [...(i.history || [])].reverse().map((e) =>
    h('li', { class: `ev ev-${e.kind}`, dataset: { kind: e.kind } },
      h('div', { class: 'ev-head' }, h('time', { datetime: e.at }, fmtTime(e.at)), ' ', h('span', { class: 'actor' }, actor(e)), ' · ',
        h('span', { class: 'what' }, eventText(e))),
      eventBody(e, causes).map((p) => h('p', { class: 'ev-body' }, p))))));
}

/* --- the page ---------------------------------------------------------------------------- */

export async function incidentView(root, id) {
  // what the last act answered, for the page drawn after it
  const flash = { ...handed.get(Number(id)) };
  handed.delete(Number(id));
  async function draw() {
    const shown = { ...flash };
    for (const k of Object.keys(flash)) delete flash[k];
    const [i, causes] = await Promise.all([get(`/api/v1/incidents/${encodeURIComponent(id)}`), app.causes().catch(() => [])]);
    const lead = app.can('complaint.assign');
    const worked = isWorked(i);
    const reload = async () => {
      const y = window.scrollY;
      if (!await draw()) window.scrollTo(0, y);
    };
    const [complaints, readers, choices, edit] = await Promise.all([
      complaintsPanel(i, lead, reload, shown, flash),
      lead && i.notice ? get(`/api/v1/handling-notices/${i.notice.id}`).catch(() => null) : null,
      lead ? noticeChoices() : null,
      lead && i.state !== 'dismissed' ? editPanel(i, reload) : null,
    ]);
    clear(root, h('article', { class: 'incident', 'aria-labelledby': 'ic-head', dataset: { incident: String(i.id), state: i.state, version: String(i.version) } },
      h('p', null, h('a', { href: i.state === 'proposed' ? '#/incidents/proposals' : '#/incidents', id: 'ic-back' }, t('ic_back'))),
      h('div', { class: 'complaint-head' },
        h('h1', { id: 'ic-head' }, i.title), stateBadge(i.state, 'ic-state'),
        i.proposal && badge('ic-proposed', t('ic_proposal_badge')),
        // what the incident teaches: an improvement action against its cause
        lead && i.state !== 'proposed' && i.state !== 'dismissed' && h('a', { class: 'button-link secondary', id: 'ic-make-action',
          href: `#/actions/new${query({ incident: i.id, cause: i.cause || null })}` }, t('act_make_from_complaint'))),
      i.state === 'proposed' && panel('ic-decide', 'ic_decide',
        h('p', { class: 'ic-why' }, whyProposed(i.proposal)),
        lead && decideControls(i, (how) => (how === 'confirm' ? draw() : app.go('#/incidents/proposals')))),
      figures(i),
      h('div', { class: 'cols' },
        h('div', { class: 'main' },
          complaints,
          lead && worked && movePanel(i, reload, shown, flash),
          noticePanel(i, lead, readers, choices, reload),
          messagesPanel(i, lead && worked, reload, shown, flash),
          remediesPanel(i, lead && worked, reload, shown, flash),
          historyPanel(i, causes)),
        h('aside', { class: 'side' }, detailsPanel(i, causes), edit))));
    // what was just done is said where it was done, and read out
    const said = root.querySelector('.ic-result');
    if (said) said.focus();
    return !!said;
  }
  await draw();
  return null;
}
