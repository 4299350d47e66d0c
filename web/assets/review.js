// review.js - one neutral or negative review (中差评, domain.md 8): what
// the buyer wrote; the playbook its age and seriousness choose, why, the
// contact window and the playbook's scripts; the agent's judgement
// (seriousness and age, each changed with a reason, and the cause); the
// complaint it is linked to or opens; the contacts with the buyer at exact
// times with the answer and the next call; the moves between the buyer
// groups; the public reply to a review that stays, with its tone check;
// and its history in words. Every refusal is said beside the control it
// names, in the page's words.

import { t, lang, fmtTime } from './i18n.js';
import { h, clear, select, field, fieldError, setText, phrase, toast } from './dom.js';
import { api, get, post, patch, ApiError } from './api.js';
import { options } from './fields.js';
import { app, causeLabel, errorWords, fieldWords } from './app.js';
import { panel, badge } from './actions.js';
import {
  GROUPS, PLAYBOOKS, METHODS, platformWords, groupWords, ratingWords, playbookWords, methodWords,
  stars, ratingBadge,
} from './reviews.js';

/* --- refusals in the page's words ------------------------------------------ */

// A refusal of the reviews' routes by its field and kind; the rest in the
// workspace's words of the kind.
const REFUSALS = {
  'at:conflict': (r) => t('rv_err.at_wait', { time: fmtTime(r.contact_not_before) }),
  'at:invalid_value': () => t('rv_err.at_time'),
  'outcome:invalid_value': () => t('rv_err.outcome_reached'),
  'outcome:conflict': () => t('rv_err.outcome_changed'),
  'appointment_at:invalid_value': () => t('rv_err.appointment'),
  'cause:missing_field': () => t('rv_err.cause'),
  'complaint:invalid_value': () => t('rv_err.complaint'),
  'group:conflict': () => t('rv_err.group_same'),
  'posted:conflict': () => t('rv_err.posted'),
};

// The names of the fields a control may not stand for on a form.
const FIELD_WORDS = {
  method: 'rv_method', reached: 'rv_reached', outcome: 'rv_outcome', note: 'rv_note', at: 'rv_at',
  appointment_at: 'rv_appt', cause: 'rv_cause', serious_reason: 'rv_change_reason', age_reason: 'rv_change_reason',
  complaint: 'rv_complaint_ref', group: 'rv_move_to', reason: 'rv_move_reason', text: 'rv_reply_text', posted: 'rv_reply',
};

function refusalWords(x, r, own = {}) {
  const key = `${x.field}:${x.code}`;
  const f = own[key] || REFUSALS[key];
  return f ? f(r) : errorWords(x);
}

/* Marks each refusal of e beside its control; returns the words of the
 * others for the form's message. */
function refusal(e, r, controls, own) {
  if (!(e instanceof ApiError) || !e.status) return t('error');
  let first = null;
  const rest = [];
  for (const x of e.errors) {
    const el = controls[x.field];
    const words = refusalWords(x, r, own);
    if (el) {
      fieldError(el, words);
      first = first || el;
    } else {
      const name = FIELD_WORDS[x.field] ? t(FIELD_WORDS[x.field]) : fieldWords(x.field);
      rest.push(name ? t('error_field', { field: name, message: words }) : words);
    }
  }
  if (first) first.focus();
  return rest.join(' ');
}

/* A form of the page: run(submitter) sends it (false: it said why itself
 * and nothing was sent), then the page is drawn again. */
function reviewForm(id, r, controls, kids, run, reload, own) {
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'action', id, novalidate: true }, kids, msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of Object.values(controls)) fieldError(el, '');
    const buttons = [...form.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    try {
      if (await run(ev.submitter) !== false) { await reload(); return; }
    } catch (e) {
      // someone changed the review meanwhile: theirs is shown, nothing of
      // this form was done
      if (e instanceof ApiError && e.status === 412) {
        toast(t('conflict_changed'), 'error');
        await reload().catch(() => {});
        return;
      }
      setText(msg, refusal(e, r, controls, own));
    }
    for (const b of buttons) b.disabled = false;
  });
  return form;
}

// A checkbox as a field of its own, with a place for its error.
function checkField(box, words) {
  return h('div', { class: 'field' }, h('label', { class: 'check', for: box.id }, box, ' ', words),
    h('p', { class: 'field-error', id: `${box.id}-err`, hidden: true }));
}

// "YYYY-MM-DDTHH:MM" of now in the browser's zone, for a datetime-local input.
function localNow() {
  const ms = Date.now();
  return new Date(ms - new Date(ms).getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

const isLink = (u) => typeof u === 'string' && /^https?:\/\//i.test(u);

// A change of what the review is, against the version on screen.
const editReview = (r, body) => patch(`/api/v1/reviews/${r.id}`, body, `"v${r.version}"`);

/* --- what the buyer wrote ------------------------------------------------------ */

function recordPanel(r) {
  const row = (key, value, id) => value != null && value !== '' && h('div', { class: 'kv' },
    h('dt', null, t(key)), h('dd', { id }, value));
  const photos = (r.photos || []).map((u, i) => (isLink(u)
    ? h('a', { href: u, target: '_blank', rel: 'noopener noreferrer', class: 'rv-photo' }, t('rv_photo_n', { n: i + 1 }))
    : h('span', null, u)));
  return panel('rv-record', 'rv_record', h('dl', { class: 'details' },
    row('rv_f_platform', platformWords(r.platform), 'rv-platform-words'),
    row('rv_f_shop', r.shop),
    row('rv_f_order', r.order_ref, 'rv-order'),
    row('rv_f_buyer', r.buyer, 'rv-buyer'),
    row('rv_f_contact', r.contact, 'rv-contact'),
    row('rv_f_rating', ratingWords(r.rating)),
    row('rv_f_stars', stars(r.stars)),
    row('rv_f_text', h('span', { class: 'complaint-content', id: 'rv-text' }, r.text)),
    photos.length > 0 && row('rv_f_photos', h('span', { class: 'rv-photos' }, photos.flatMap((a, i) => (i ? [' ', a] : [a])))),
    row('rv_f_product', r.product),
    row('rv_f_link', isLink(r.link) ? h('a', { href: r.link, target: '_blank', rel: 'noopener noreferrer', id: 'rv-link' }, t('rv_open_link')) : r.link),
    row('rv_f_posted', fmtTime(r.posted_at), 'rv-posted'),
    row('rv_f_received', fmtTime(r.received_at)),
    row('rv_f_group', groupWords(r.group), 'rv-group-words')));
}

/* --- the playbook ----------------------------------------------------------------- */

// {agent_name} is the reader; the placeholders left are named for the
// agent to fill in.
function scriptItem(sc) {
  const me = (app.me && (app.me.display_name || app.me.username)) || '';
  const body = String(sc.body || '').replaceAll('{agent_name}', me);
  const left = [...new Set(body.match(/\{\w+\}/g) || [])];
  return h('li', { class: 'script', dataset: { script: String(sc.id) } },
    h('span', { class: 'badge' }, t('rv_step_n', { n: sc.step })), ' ',
    h('strong', null, sc.title || ''),
    h('p', { class: 'script-body' }, body),
    left.length > 0 && h('p', { class: 'hint missing' }, t('rv_script_missing', { list: left.join(' ') })));
}

function playbookPanel(r) {
  const posted = fmtTime(r.posted_at);
  const why = h('ul', { class: 'rv-why', id: 'rv-why' },
    h('li', { id: 'rv-why-age' }, t(`rv_age.${PLAYBOOKS.includes(r.age) ? r.age : 'new'}`, { posted }),
      r.first_contact_at ? ` ${t('rv_age_counted')}` : ''),
    r.age_set && h('li', { id: 'rv-why-age-set' }, phrase('rv_age_set', { age: playbookWords(r.age_set), reason: r.age_reason || '' })),
    r.playbook === 'new' && h('li', { id: 'rv-why-serious', dataset: { serious: r.serious ? '1' : '0' } },
      t(r.serious ? 'rv_why_serious' : 'rv_why_simple')),
    r.serious_reason && h('li', null, phrase('rv_why_reason', { reason: r.serious_reason })));
  const window = h('ul', { class: 'rv-window', id: 'rv-window' },
    r.contact_not_before && h('li', { id: 'rv-not-before' }, t('rv_not_before', { time: fmtTime(r.contact_not_before) })),
    r.first_contact_at && h('li', { id: 'rv-first-contact' }, t('rv_first_contact', { time: fmtTime(r.first_contact_at) })),
    !r.first_contact_at && r.contact_due_at && h('li', { id: 'rv-due', class: r.contact_breached ? 'overdue' : null, 'data-breached': r.contact_breached ? '1' : null },
      t(r.contact_breached ? 'rv_due_breached' : 'rv_due_at', { time: fmtTime(r.contact_due_at) })),
    !r.first_contact_at && !r.contact_due_at && h('li', { id: 'rv-no-due' }, t('rv_no_contact_due')),
    r.call_at && h('li', { id: 'rv-call-at' }, t('rv_call_at', { time: fmtTime(r.call_at) })));
  const list = h('ul', { class: 'scripts', id: 'rv-scripts', 'aria-labelledby': 'rv-scripts-h' });
  get(`/api/v1/scripts?playbook=${encodeURIComponent(r.script)}&language=${encodeURIComponent(lang())}`).then((s) => {
    const items = s.items || [];
    clear(list, items.length ? items.map(scriptItem) : h('li', { class: 'hint', id: 'rv-scripts-none' }, t('rv_scripts_none')));
  }).catch(() => clear(list, h('li', { class: 'hint', id: 'rv-scripts-none' }, t('rv_scripts_none'))));
  return h('section', { class: 'panel rv-playbook', id: 'rv-playbook', 'aria-labelledby': 'rv-playbook-h', dataset: { playbook: r.playbook, script: r.script } },
    h('h2', { id: 'rv-playbook-h' }, t('rv_playbook'), ': ', playbookWords(r.playbook)),
    h('p', { class: 'rv-pb-title', id: 'rv-pb-title' }, t(`rv_pb.${r.script}`)),
    r.playbook === 'half_year' && h('p', { class: 'rv-advice', id: 'rv-no-recall', dataset: { invited: r.invited ? '1' : '0' } },
      t(r.invited ? 'rv_no_recall' : 'rv_not_invited')),
    h('h3', null, t('rv_why')), why, window,
    h('h3', { id: 'rv-scripts-h' }, t('rv_scripts')), list);
}

/* --- the agent's judgement ------------------------------------------------------- */

function causeSelect(id, causes, chosen) {
  return select({ id, name: 'cause' }, [['', t('rv_cause_choose')], ...causes.map((c) => [c.key, causeLabel(c)])], chosen || '');
}

function judgePanel(r, causes, reload) {
  const box = h('input', { type: 'checkbox', id: 'rv-serious', checked: r.serious });
  const sReason = h('input', { id: 'rv-serious-reason', name: 'serious_reason', maxlength: '500' });
  const serious = reviewForm('rv-serious-form', r, { serious: box, serious_reason: sReason },
    [checkField(box, t('rv_serious_check')), field(t('rv_change_reason'), sReason, t('rv_change_reason_hint')),
      h('button', { type: 'submit' }, t('rv_save_serious'))],
    () => editReview(r, { serious: box.checked, ...(sReason.value.trim() ? { serious_reason: sReason.value.trim() } : {}) }),
    reload);
  const age = select({ id: 'rv-age', name: 'age' },
    [['', t('rv_age_own', { age: playbookWords(r.age) })], ...PLAYBOOKS.map((p) => [p, playbookWords(p)])], r.age_set || '');
  const aReason = h('input', { id: 'rv-age-reason', name: 'age_reason', maxlength: '500' });
  const ageForm = reviewForm('rv-age-form', r, { age, age_reason: aReason },
    [field(t('rv_age'), age), field(t('rv_change_reason'), aReason, t('rv_change_reason_hint')),
      h('button', { type: 'submit' }, t('rv_save_age'))],
    () => editReview(r, { age: age.value || null, ...(aReason.value.trim() ? { age_reason: aReason.value.trim() } : {}) }),
    reload);
  const cause = causeSelect('rv-cause', causes, r.cause);
  const causeForm = reviewForm('rv-cause-form', r, { cause },
    [field(t('rv_cause'), cause, t('rv_cause_hint')), h('button', { type: 'submit' }, t('rv_save_cause'))],
    () => {
      if (!cause.value) { fieldError(cause, t('err_reason.required')); cause.focus(); return false; }
      return editReview(r, { cause: cause.value });
    }, reload);
  return panel('rv-judge', 'rv_judge', serious, ageForm, causeForm);
}

/* --- the complaint ------------------------------------------------------------- */

// The registration's body (register.js) filled in from the review: the
// buyer, the order and product, what they wrote, when.
function openForm(r, reload) {
  const phone = r.contact && /^[+\d][\d\s-]*$/.test(r.contact) ? r.contact : '';
  const c = {
    'complainant.name': h('input', { id: 'rv-c-name', value: r.buyer }),
    'complainant.phone': h('input', { id: 'rv-c-phone', type: 'tel', value: phone }),
    'complainant.contact_other': h('input', { id: 'rv-c-other', value: phone ? '' : t('rv_contact_other_value', { platform: platformWords(r.platform), buyer: r.buyer }) }),
    'object.ref': h('input', { id: 'rv-c-ref', value: r.order_ref }),
    'object.name': h('input', { id: 'rv-c-product', value: r.product || '' }),
    content: h('textarea', { id: 'rv-c-content', rows: '3', value: r.text }),
    severity: select({ id: 'rv-c-severity' }, options('severity', { given: true }), r.serious ? 'high' : 'normal'),
  };
  const words = { 'complainant.name': 'f_name', 'complainant.phone': 'f_phone', 'complainant.contact_other': 'f_contact_other',
    'object.ref': 'f_object_ref', 'object.name': 'f_object_name', content: 'f_content', severity: 'f_severity' };
  const controls = { ...c, complainant: c['complainant.contact_other'] };
  const key = crypto.randomUUID();
  const form = reviewForm('rv-open-form', r, controls,
    [h('p', { class: 'hint' }, t('rv_open_hint')),
      Object.entries(c).map(([name, el]) => field(t(words[name]), el)),
      h('button', { type: 'submit' }, t('rv_open_submit'))],
    async () => {
      const body = { channel: 'platform', complainant: {}, object: { kind: 'order' }, occurred_at: r.posted_at, language: r.language || 'zh-CN' };
      for (const [name, el] of Object.entries(c)) {
        const v = el.value.trim();
        if (!v) continue;
        const [a, b] = name.split('.');
        if (b) body[a][b] = v;
        else body[a] = v;
      }
      const made = await api('POST', '/api/v1/complaints', body, { 'Idempotency-Key': key });
      // the complaint is made: linked whatever changed meanwhile
      await patch(`/api/v1/reviews/${r.id}`, { complaint: made.tracking_no });
      toast(t('rv_open_done', { tracking_no: made.tracking_no }));
    }, reload);
  return h('details', { class: 'add-box', id: 'rv-open' }, h('summary', null, t('rv_open_complaint')), form);
}

function complaintPanel(r, reload) {
  const edit = app.can('complaint.edit');
  const linked = r.complaint && r.complaint.tracking_no;
  const ref = h('input', { id: 'rv-complaint-ref', name: 'complaint', maxlength: '40', value: linked || '' });
  return panel('rv-complaint', 'rv_complaint',
    h('p', { id: 'rv-complaint-now' }, linked
      ? [t('rv_complaint_is'), h('a', { href: `#/c/${encodeURIComponent(linked)}`, id: 'rv-complaint-link' }, linked)]
      : t('rv_complaint_none')),
    edit && reviewForm('rv-complaint-form', r, { complaint: ref },
      [field(t('rv_complaint_ref'), ref), h('button', { type: 'submit', value: 'link' }, t('rv_link')),
        linked && h('button', { type: 'submit', value: 'unlink', id: 'rv-unlink', class: 'link' }, t('rv_unlink'))],
      (by) => {
        if (by && by.value === 'unlink') return editReview(r, { complaint: null });
        if (!ref.value.trim()) { fieldError(ref, t('err_reason.required')); ref.focus(); return false; }
        return editReview(r, { complaint: ref.value.trim() });
      }, reload),
    edit && app.can('complaint.create') && !linked && openForm(r, reload));
}

/* --- a contact with the buyer ------------------------------------------------------ */

function contactPanel(r, causes, reload) {
  const method = select({ id: 'rv-method', name: 'method' }, METHODS.map((m) => [m, methodWords(m)]), 'phone');
  const reached = h('input', { type: 'checkbox', id: 'rv-reached' });
  const outcome = select({ id: 'rv-outcome', name: 'outcome', disabled: true },
    [['', t('rv_outcome_none')], ['agreed', t('rv_outcome.agreed')], ['declined', t('rv_outcome.declined')]], '');
  reached.addEventListener('change', () => {
    outcome.disabled = !reached.checked;
    if (!reached.checked) outcome.value = '';
  });
  const cause = causeSelect('rv-contact-cause', causes, r.cause);
  const note = h('textarea', { id: 'rv-note', name: 'note', rows: '2', maxlength: '2000' });
  const at = h('input', { id: 'rv-at', name: 'at', type: 'datetime-local', value: localNow() });
  let atTouched = false;
  at.addEventListener('input', () => { atTouched = true; });
  const apptDate = h('input', { id: 'rv-appt-date', name: 'appointment_date', type: 'date' });
  const apptTime = h('input', { id: 'rv-appt-time', name: 'appointment_time', type: 'time' });
  const controls = { method, reached, outcome, cause, note, at, appointment_at: apptDate };
  const form = reviewForm('rv-contact-form', r, controls,
    [h('div', { class: 'field-row' }, field(t('rv_method'), method), field(t('rv_at'), at, t('rv_at_hint'))),
      checkField(reached, t('rv_reached')),
      h('div', { class: 'field-row' }, field(t('rv_outcome'), outcome, t('rv_outcome_hint')), field(t('rv_cause'), cause, t('rv_cause_hint'))),
      field(t('rv_note'), note),
      h('fieldset', { class: 'rv-appt' }, h('legend', null, t('rv_appt')), h('p', { class: 'hint' }, t('rv_appt_hint')),
        h('div', { class: 'field-row' }, field(t('rv_appt_date'), apptDate), field(t('rv_appt_time'), apptTime))),
      h('button', { type: 'submit', class: 'primary' }, t('rv_record_contact'))],
    () => {
      const body = { method: method.value, reached: reached.checked };
      if (reached.checked && outcome.value) body.outcome = outcome.value;
      if (cause.value && cause.value !== r.cause) body.cause = cause.value;
      if (note.value.trim()) body.note = note.value.trim();
      // the exact time: now unless the agent gave another
      if (atTouched && at.value) body.at = new Date(at.value).toISOString();
      if (apptDate.value || apptTime.value) {
        if (!apptDate.value || !apptTime.value) {
          const el = apptDate.value ? apptTime : apptDate;
          fieldError(apptDate, t('rv_appt_both'));
          el.focus();
          return false;
        }
        body.appointment_at = new Date(`${apptDate.value}T${apptTime.value}`).toISOString();
      }
      return post(`/api/v1/reviews/${r.id}/contacts`, body);
    }, reload);
  return panel('rv-contact-new', 'rv_contact_new', form);
}

/* --- the groups ----------------------------------------------------------------------- */

function movePanel(r, reload) {
  const moves = [
    r.group !== 'changed' && ['changed', t('rv_move_changed')],
    r.group !== 'kept' && ['kept', t('rv_move_kept')],
    r.group !== r.rating && [r.rating, t('rv_move_back', { group: groupWords(r.rating) })],
  ].filter(Boolean);
  const to = select({ id: 'rv-move-to', name: 'group' }, moves, moves[0][0]);
  const reason = h('input', { id: 'rv-move-reason', name: 'reason', maxlength: '500' });
  return panel('rv-move', 'rv_move', reviewForm('rv-move-form', r, { group: to, reason },
    [field(t('rv_move_to'), to), field(t('rv_move_reason'), reason, t('rv_move_reason_hint')),
      h('button', { type: 'submit' }, t('rv_move_submit'))],
    () => api('POST', `/api/v1/reviews/${r.id}/group`, { group: to.value, ...(reason.value.trim() ? { reason: reason.value.trim() } : {}) },
      { 'If-Match': `"v${r.version}"` }),
    reload, { 'cause:missing_field': () => t('rv_err.cause') }));
}

/* --- the public reply ---------------------------------------------------------------- */

const TONE = {
  'accuses the buyer of malice': 'malice', 'accuses the buyer of being a paid reviewer': 'paid',
  'accuses the buyer of extortion': 'extortion', 'suggests a professional complainer': 'professional',
  'denies flatly': 'denies', 'blames the buyer': 'blames', 'denies responsibility': 'denies_responsibility',
  'refuses responsibility': 'refuses', 'is hostile': 'hostile', 'lectures the buyer': 'lectures',
  'accuses the buyer of lying': 'lying', 'accuses the buyer': 'accuses', 'threatens the buyer': 'threatens',
};

function toneList(warnings) {
  if (!warnings) return null;
  return h('div', { class: 'rv-tone', id: 'rv-tone', role: 'status' },
    h('h3', null, t('rv_tone')),
    warnings.length
      ? h('ul', { id: 'rv-tone-list' }, warnings.map((w) => h('li', { dataset: { words: w.words } },
        t('rv_tone_item', { words: w.words, why: t(`rv_tone.${TONE[w.why] || 'other'}`) }))))
      : h('p', { class: 'hint', id: 'rv-tone-ok' }, t('rv_tone_ok')));
}

async function replyPanel(r, events, warnings, reload) {
  const reply = r.reply;
  if (reply && reply.posted_at) {
    return panel('rv-reply', 'rv_reply',
      h('p', { class: 'complaint-content', id: 'rv-reply-posted-text' }, reply.text),
      h('p', { class: 'hint', id: 'rv-reply-posted' }, phrase('rv_reply_posted', { time: fmtTime(reply.posted_at), who: reply.posted_by || '' })));
  }
  let text = reply ? reply.text : '';
  let shown = warnings;
  if (!reply) {
    const d = await get(`/api/v1/reviews/${r.id}/reply-draft?lang=${encodeURIComponent(lang())}`);
    text = d.text;
    shown = shown || d.warnings || [];
  } else if (!shown) {
    // the tone check of the text saved, as the history has it
    const last = [...events].reverse().find((e) => e.kind === 'review_reply_drafted');
    if (last && last.data && last.data.text === reply.text) shown = last.data.warnings || [];
  }
  const box = h('textarea', { id: 'rv-reply-text', name: 'text', rows: '6', maxlength: '2000', value: text });
  const edit = app.can('complaint.edit');
  let sent = null;
  const form = reviewForm('rv-reply-form', r, { text: box },
    [h('p', { class: 'hint', id: 'rv-reply-state' }, t(reply ? 'rv_reply_saved' : 'rv_reply_draft')),
      field(t('rv_reply_text'), box),
      toneList(shown),
      edit && h('div', { class: 'decision' },
        h('button', { type: 'submit', value: 'save', id: 'rv-reply-save' }, t('rv_reply_save')),
        h('button', { type: 'submit', value: 'post', id: 'rv-reply-post', class: 'primary' }, t('rv_reply_post')))],
    async (by) => {
      sent = await post(`/api/v1/reviews/${r.id}/reply`, { text: box.value.trim(), ...(by && by.value === 'post' ? { posted: true } : {}) });
    },
    () => reload(sent ? sent.warnings || [] : null),
    { 'group:conflict': () => t('rv_err.not_kept') });
  return panel('rv-reply', 'rv_reply', h('p', { class: 'hint' }, t('rv_reply_intro')), form);
}

/* --- the contacts and the history ------------------------------------------------- */

function contactsPanel(r) {
  const items = r.contacts || [];
  return panel('rv-contacts', 'rv_contacts', items.length
    ? h('ol', { class: 'history', id: 'rv-contact-list' }, items.map((k) => h('li', { dataset: { contact: String(k.id), outcome: k.outcome || '' } },
      h('p', null, h('strong', null, h('time', { datetime: k.at }, fmtTime(k.at))), ' · ', methodWords(k.method), ' · ',
        badge(k.reached ? 'rv-reached' : 'rv-not-reached', t(k.reached ? 'rv_contact_reached' : 'rv_contact_not_reached')),
        k.outcome && [' ', badge(`rv-outcome-${k.outcome}`, t(`rv_outcome.${k.outcome}`))]),
      k.note && h('p', { class: 'ev-body' }, k.note),
      k.appointment_at && h('p', { class: 'rv-appt-at' }, t('rv_contact_appt', { time: fmtTime(k.appointment_at) })),
      h('p', { class: 'hint' }, phrase('rv_contact_by', { who: k.by || '', time: fmtTime(k.recorded_at) })))))
    : h('p', { class: 'empty', id: 'rv-contacts-none' }, t('rv_contacts_none')));
}

const SYSTEM_REASONS = { declined: 'declined', 'not changed after the reminders': 'reminders',
  'changed on the platform': 'changed_platform', 'withdrawn on the platform': 'withdrawn_platform' };

function eventText(e) {
  const d = e.data || {};
  switch (e.kind) {
    case 'review_received': return t('rv_ev.review_received', { platform: platformWords(d.platform), rating: ratingWords(d.rating) });
    case 'review_contact': return t('rv_ev.review_contact', {
      method: methodWords(d.method),
      result: !d.reached ? t('rv_contact_not_reached') : d.outcome ? t(`rv_outcome.${d.outcome}`) : t('rv_contact_reached'),
    });
    case 'review_group_changed': return t('rv_ev.review_group_changed', { from: groupWords(d.from), to: groupWords(d.to) });
    case 'review_message': {
      const channel = t(d.channel === 'sms' ? 'rv_channel.sms' : 'rv_channel.platform');
      return d.kind === 'review_reminder' ? t('rv_ev.review_reminder', { n: d.reminder, channel }) : t('rv_ev.review_change', { channel });
    }
    case 'review_contact_breached': return t('rv_ev.review_contact_breached', { time: fmtTime(d.due_at) });
    case 'review_edited': case 'review_reply_drafted': case 'review_reply_posted': case 'review_invited':
      return t(`rv_ev.${e.kind}`);
    default: return t('rv_ev_other');
  }
}

function eventBody(e, causes) {
  const d = e.data || {};
  const parts = [];
  const yesNo = (v) => t(v ? 'yes' : 'no');
  const causeWords = (k) => {
    if (!k) return t('rv_unset');
    const c = causes.find((x) => x.key === k);
    return c ? causeLabel(c) : k;
  };
  if (e.kind === 'review_edited') {
    if (d.serious) parts.push(t('rv_ch.serious', { from: yesNo(d.serious.from), to: yesNo(d.serious.to) }));
    if (d.age) parts.push(t('rv_ch.age', { from: d.age.from ? playbookWords(d.age.from) : t('rv_own_age'), to: d.age.to ? playbookWords(d.age.to) : t('rv_own_age') }));
    if (d.cause) parts.push(t('rv_ch.cause', { from: causeWords(d.cause.from), to: causeWords(d.cause.to) }));
    if ('complaint_id' in d) parts.push(t(d.complaint_id ? 'rv_ch.complaint' : 'rv_ch.complaint_none'));
    if ('assignee_id' in d) parts.push(t('rv_ch.assignee'));
    if ('team_id' in d) parts.push(t('rv_ch.team'));
    if ('contact_due_at' in d) parts.push(d.contact_due_at ? t('rv_ch.due', { time: fmtTime(d.contact_due_at) }) : t('rv_ch.no_due'));
  }
  if (e.kind === 'review_group_changed' && d.reason) {
    parts.push(SYSTEM_REASONS[d.reason] ? t(`rv_reason.${SYSTEM_REASONS[d.reason]}`) : d.reason);
  }
  if (e.kind === 'review_contact') {
    if (d.note) parts.push(d.note);
    if (d.appointment_at) parts.push(t('rv_contact_appt', { time: fmtTime(d.appointment_at) }));
  }
  if ((e.kind === 'review_reply_drafted' || e.kind === 'review_reply_posted') && d.text) parts.push(d.text);
  return parts;
}

function actorName(e) {
  if (e.actor === 'system') return t('actor.system');
  if (e.actor === 'platform') return t('rv_actor_platform');
  return e.actor || '';
}

function historyPanel(r, causes) {
  return panel('rv-history', 'rv_history', h('ol', { class: 'timeline', id: 'rv-timeline' }, (r.events || []).map((e) => h('li', { class: `ev ev-${e.kind}`, dataset: { kind: e.kind } },
    h('div', { class: 'ev-head' }, h('time', { datetime: e.at }, fmtTime(e.at)), ' ', h('span', { class: 'actor' }, actorName(e)), ' · ',
      h('span', { class: 'what' }, eventText(e))),
    eventBody(e, causes).map((p) => h('p', { class: 'ev-body' }, p))))));
}

/* --- the page ---------------------------------------------------------------------- */

export async function reviewView(root, id) {
  async function draw(warnings = null) {
    const [r, causes] = await Promise.all([get(`/api/v1/reviews/${encodeURIComponent(id)}`), app.causes().catch(() => [])]);
    const active = causes.filter((c) => c.active !== false);
    const edit = app.can('complaint.edit');
    const reload = (w = null) => draw(w);
    const group = GROUPS.includes(r.group) ? r.group : null;
    const over = !r.first_contact_at && r.contact_breached;
    const reply = r.group === 'kept' ? await replyPanel(r, r.events || [], warnings, reload) : null;
    clear(root, h('article', { class: 'review', dataset: { review: String(r.id), group: r.group, playbook: r.playbook, script: r.script } },
      h('p', null, h('a', { href: group ? `#/reviews/${group}` : '#/reviews', id: 'rv-back' }, t('rv_back'))),
      h('div', { class: 'complaint-head' },
        h('h1', { id: 'rv-head' }, phrase('rv_head', { buyer: r.buyer })),
        badge('rv-platform', platformWords(r.platform)), ratingBadge(r), stars(r.stars),
        h('span', { class: `badge rv-group rv-group-${r.group}`, id: 'rv-group' }, groupWords(r.group)),
        r.serious && badge('sev-high', t('rv_serious_badge')),
        over && badge('ck-breached', t('rv_breached'))),
      h('div', { class: 'cols' },
        h('div', { class: 'main' },
          recordPanel(r),
          // a review that stays: the public reply is what is left to do
          reply,
          playbookPanel(r),
          edit && r.group !== 'changed' && contactPanel(r, active, reload),
          contactsPanel(r),
          historyPanel(r, causes)),
        h('aside', { class: 'side' },
          edit && judgePanel(r, active, reload),
          edit && movePanel(r, reload),
          complaintPanel(r, reload)))));
  }
  await draw();
}
