// portal-status.js - a complaint's status page: where it stands in plain
// words, what happens next, the plans proposed and the customer's answer
// to them, the customer-visible history, and the boxes to add
// information, attach files, confirm the e-mail address and, once
// resolved, rate the outcome. The tracking number is in the path, the
// portal token after #t= (never sent to the server except as
// X-Portal-Token), and the confirmation code a mail carried after &v=.
import { h, clear, setText } from './dom.js';
import { t, tr, has, fmtDateTime } from './i18n.js';
import { send, download } from './api.js';
import { label, names } from './fields.js';
import { input, radios, setError, notice, say, button, busy, errorOf, errorKey, minutes } from './portal-form.js';
import { expectedList } from './portal-register.js';

const one = (no) => `/api/v1/portal/complaints/${encodeURIComponent(no)}`;

/* A call of the customer's: the portal token, never a cookie. */
const call = (method, path, token, body) =>
  send(method, path, { body, headers: { 'X-Portal-Token': token }, credentials: 'omit' });

/* Words for value of group, following the language: the portal's own
 * (key: a sentence for the customer) where it has them, else the
 * server's label. */
const words = (key, group, value) => () => (has(key) ? t(key) : label(group, value));
const statusWords = (s) => words(`status.${s}`, 'status', s);

/* The token, the wish to rate and the e-mail's confirmation code, from the
 * part after #: t=TOKEN&survey=1&v=CODE. */
export function fragment() {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  return { token: p.get('t') || '', survey: p.get('survey') === '1', verify: p.get('v') || '' };
}

function when(iso) {
  return h('time', { datetime: iso, tr: ['time.plain', { v: () => fmtDateTime(iso) }] });
}

/* The page for tracking number no with token; survey jumps to the rating.
 * after: a notice to show at the top once loaded (after a rating). */
export async function renderStatus(main, no, token, survey, after) {
  tr(document.querySelector('title'), 'title.status', { no });
  // the first time a word that it is coming; a reload keeps the page until then
  if (!main.querySelector('.case')) {
    clear(main);
    main.append(h('p', { class: 'loading', role: 'status', tr: 'busy.loading' }));
  }
  const r = await call('GET', one(no), token);
  if (r.status !== 200) {
    const problem = r.status === 404 ? ['err.notfound']
      : r.status === 429 ? ['err.locked', { minutes: minutes(r.retryAfter) }]
      : r.status === 0 ? ['err.network'] : ['err.server'];
    renderLookup(main, no, token, problem);
    return;
  }
  const c = r.body;
  clear(main);
  const state = { no: c.tracking_no, token };
  const reload = (notes) => renderStatus(main, state.no, token, false, notes);
  const heading = h('h1', { tabindex: '-1', tr: 'st.heading' });
  const top = notice('ok');
  main.append(
    h('header', { class: 'case' },
      heading,
      h('p', { class: 'number' }, h('span', { tr: ['st.number', { no: c.tracking_no }] })),
      h('div', { class: `status s-${c.status}` },
        h('span', { class: 'label', tr: 'st.status' }),
        h('strong', { id: 'status-words', tr: statusWords(c.status) })),
      top,
      h('p', { class: 'tools' },
        h('button', { type: 'button', class: 'secondary', tr: 'st.refresh', onclick: () => reload() }))));
  if (after) say(top, after);

  /* Opened from the confirmation mail's link by someone who has not
   * confirmed yet: whoever registered may have typed anyone's address, so
   * until its owner says it was them, the page shows nothing the
   * registration said, only the question. */
  const code = after ? '' : fragment().verify;
  if (code && c.complainant && c.complainant.email && c.email_confirmed === false) {
    main.append(h('section', { class: 'group', id: 'was-it-you', 'aria-labelledby': 'mail-h' },
      h('h2', { id: 'mail-h', tr: 'mail.heading' }),
      h('p', { tr: ['mail.was_it_you', { no: c.tracking_no }] }),
      confirmForm(state, reload, code),
      h('p', { class: 'hint', tr: 'mail.not_you' })));
    heading.focus();
    return;
  }

  const rating = c.can_rate ? ratingBox(c, state, (res) => {
    reload(res.status === 'closed' ? 'rate.closed' : 'rate.reopened');
  }) : null;
  if (rating) main.append(rating);
  if (c.merged) main.append(mergedBox(c.merged));
  if (c.complainant && c.complainant.email && c.email_confirmed === false)
    main.append(confirmBox(state, reload));
  if (c.demand_restatement) main.append(demandBox(c.demand_restatement, state, reload));
  if ((c.plans || []).length) main.append(plansBox(c, state, reload));
  if (c.progress) main.append(doingBox(c.progress));
  if (Object.keys(c.expected || {}).length)
    main.append(h('section', { class: 'group', 'aria-labelledby': 'next-h' },
      h('h2', { id: 'next-h', tr: 'next.heading' }), expectedList(c.expected)));
  main.append(timeline(c), messageBox(state, reload), filesBox(c, state, reload), summary(c));

  if (survey && rating) {
    rating.scrollIntoView({ block: 'start' });
    rating.querySelector('h2').focus();
  } else if (survey) {
    say(top, 'rate.later');
    heading.focus();
  } else if (after) {
    heading.focus();
  }
}

/* Merged into the complaint it repeats: handled there from now on. The
 * server names that complaint only when it is this customer's too. */
function mergedBox(m) {
  return h('section', { class: 'group', id: 'merged', 'aria-labelledby': 'merged-h' },
    h('h2', { id: 'merged-h', tr: 'merged.heading' }),
    h('p', { id: 'merged-where', tr: m.into ? ['merged.into', { no: m.into }] : 'merged.other' }),
    h('p', { class: 'hint', tr: 'merged.hint' }));
}

/* What the team said it is doing, in its own words, and by when the
 * customer hears from it again (the latest such word). */
function told(p) {
  return [p.line ? h('p', { class: 'body doing-line', tr: ['now.line', { line: p.line }] }) : null,
    p.next_contact_at ? h('p', { class: 'doing-next' }, h('time', {
      datetime: p.next_contact_at, tr: ['now.next', { time: () => fmtDateTime(p.next_contact_at) }],
    })) : null];
}

function doingBox(p) {
  return h('section', { class: 'group', id: 'doing', 'aria-labelledby': 'doing-h' },
    h('h2', { id: 'doing-h', tr: 'now.heading' }), told(p));
}

function timeline(c) {
  const items = (c.timeline || []).map((e) => {
    let head, body = null, note = null;
    if (e.kind === 'created') head = h('p', { class: 'what', tr: 'tl.created' });
    else if (e.kind === 'status_changed') {
      head = h('p', { class: 'what' }, h('span', { tr: ['tl.status', { status: statusWords(e.status) }] }));
      if (e.note) note = h('p', { class: 'body note' }, e.note);
    } else if (e.kind === 'reply') {
      head = h('p', { class: 'what', tr: 'tl.reply' });
      body = h('p', { class: 'body' }, e.body || '');
    } else if (e.kind === 'plan_proposed') {
      head = h('p', { class: 'what', tr: 'tl.plan' });
      body = h('p', { class: 'body' }, e.body || '');
    } else if (e.kind === 'plan_answered' && names('plan_answer').includes(e.answer)) {
      head = h('p', { class: 'what', tr: words(`tl.answer.${e.answer}`, 'plan_answer', e.answer) });
    } else if (e.kind === 'demand_restated') {
      head = h('p', { class: 'what', tr: 'tl.demand' });
      body = h('p', { class: 'body' }, e.body || '');
    } else if (e.kind === 'demand_answered' && names('demand_answer').includes(e.answer)) {
      head = h('p', { class: 'what', tr: `tl.demand.${e.answer}` });
      if (e.body) body = h('p', { class: 'body' }, e.body);
    } else if (e.kind === 'customer_message') {
      head = h('p', { class: 'what', tr: 'tl.message' });
      body = h('p', { class: 'body' }, e.body || '');
    } else if (e.kind === 'task_created') {
      head = h('p', { class: 'what', tr: 'tl.department' });
    } else return null;
    return h('li', { class: `event k-${e.kind === 'customer_message' ? 'mine' : e.kind}` }, when(e.at), head, body, note,
      e.progress ? told(e.progress) : null);
  });
  return h('section', { class: 'group', 'aria-labelledby': 'tl-h' },
    h('h2', { id: 'tl-h', tr: 'tl.heading' }),
    h('ol', { class: 'timeline' }, items));
}

function summary(c) {
  const rows = [];
  const row = (key, value) => {
    if (value == null || value === '') return;
    rows.push(h('dt', { tr: key }), h('dd', null, value));
  };
  row('sum.created', when(c.created_at));
  row('sum.content', h('span', { class: 'body' }, c.content));
  const o = c.object || {};
  const about = [o.kind ? h('span', { tr: () => label('object_kind', o.kind) }) : null,
    o.kind && o.name ? '：' : null, o.name ? h('span', null, o.name) : null].filter(Boolean);
  if (about.length) row('sum.object', h('span', null, about));
  row('sum.ref', o.ref);
  row('sum.demand', c.demand ? h('span', { class: 'body' }, c.demand) : null);
  if (c.desired_resolution) row('sum.resolution', h('span', { tr: () => label('resolution', c.desired_resolution) }));
  const p = c.complainant || {};
  row('sum.name', p.name);
  row('sum.contact', [p.phone, p.email].filter(Boolean).join(' · '));
  return h('section', { class: 'group', 'aria-labelledby': 'sum-h' },
    h('h2', { id: 'sum-h', tr: 'sum.heading' }), h('dl', { class: 'summary' }, rows));
}

/* The code the e-mail carried: until it is entered (or the mail's link,
 * which brings it after &v=, is followed and its owner says it was them)
 * our mails say nothing the registration said. */
function confirmForm(state, reload, code) {
  const f = input({ name: 'code', label: 'mail.code', hint: 'mail.hint', required: true, maxlength: 20,
    inputmode: 'numeric', autocomplete: 'one-time-code' });
  f.input.value = code || '';
  const top = notice('error');
  const submit = button(code ? 'mail.it_was_me' : 'mail.confirm', { class: 'primary' });
  const form = h('form', { class: 'confirm', novalidate: true }, f.box, top, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, 'busy.sending', async () => {
      setError(f, null);
      say(top, null);
      const value = f.input.value.replace(/\s+/g, '');
      if (!value) {
        setError(f, 'mail.wrong');
        f.input.focus();
        return;
      }
      const r = await call('POST', `${one(state.no)}/email-confirmation`, state.token, { code: value });
      if (r.status === 200) {
        reload('mail.confirmed');
        return;
      }
      if (r.status === 400) {
        setError(f, 'mail.wrong');
        f.input.focus();
      } else say(top, r.status === 0 ? 'err.network' : r.status === 429 ? 'err.locked' : 'err.server',
        { minutes: minutes(r.retryAfter) });
    });
  });
  return form;
}

function confirmBox(state, reload) {
  return h('section', { class: 'group', id: 'confirm-mail', 'aria-labelledby': 'mail-h' },
    h('h2', { id: 'mail-h', tr: 'mail.heading' }), confirmForm(state, reload, ''));
}

function messageBox(state, reload) {
  const f = input({ name: 'body', label: 'f.message', hint: 'msg.hint', control: 'textarea', rows: 4, required: true, maxlength: 5000 });
  const top = notice('error');
  const submit = button('msg.send', { class: 'primary' });
  const form = h('form', { class: 'message', novalidate: true }, f.box, top, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, 'busy.sending', async () => {
      setError(f, null);
      say(top, null);
      const text = f.input.value.trim();
      if (!text) {
        setError(f, 'err.message');
        f.input.focus();
        return;
      }
      const r = await call('POST', `${one(state.no)}/messages`, state.token, { body: text });
      if (r.status === 201) {
        reload('msg.sent');
        return;
      }
      if (r.status === 400) {
        const [key, params] = errorKey(errorOf(r));
        setError(f, key, params);
        f.input.focus();
      } else say(top, r.status === 0 ? 'err.network' : r.status === 429 ? 'err.locked' : 'err.server',
        { minutes: minutes(r.retryAfter) });
    });
  });
  return h('section', { class: 'group', id: 'add-info', 'aria-labelledby': 'msg-h' },
    h('h2', { id: 'msg-h', tr: 'msg.heading' }), form);
}

function filesBox(c, state, reload) {
  const list = (c.attachments || []).length
    ? h('ul', { class: 'files' }, c.attachments.map((a) => {
      const b = h('button', { type: 'button', class: 'link' }, a.filename);
      b.addEventListener('click', async () => {
        const blob = await download(`${one(state.no)}/attachments/${encodeURIComponent(a.id)}`, { 'X-Portal-Token': state.token });
        if (!blob) return;
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: a.filename });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      });
      return h('li', null, b, ' ',
        h('span', { class: 'size', tr: ['files.kb', { n: () => Math.max(1, Math.round(a.size / 1024)).toLocaleString() }] }));
    }))
    : h('p', { class: 'hint', tr: 'files.none' });
  // the browser's own file button speaks the browser's language: a label
  // in ours stands in for it, and says what was chosen
  const f = input({ name: 'file', label: 'f.file', hint: 'files.hint', type: 'file' });
  f.input.multiple = true;
  f.input.classList.add('file-input');
  f.box.querySelector('label').classList.add('button', 'secondary', 'file-button');
  const chosen = h('p', { class: 'chosen', 'aria-live': 'polite', tr: 'files.chosen.none' });
  f.input.after(chosen);
  f.input.addEventListener('change', () => {
    const picked = [...f.input.files].map((x) => x.name);
    if (picked.length) setText(chosen, picked.join('、'));
    else tr(chosen, 'files.chosen.none');
  });
  const top = notice('error');
  const submit = button('files.upload', { class: 'secondary' });
  const form = h('form', { class: 'upload', novalidate: true }, f.box, top, h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, 'busy.sending', async () => {
      setError(f, null);
      say(top, null);
      const files = [...f.input.files];
      if (!files.length) {
        setError(f, 'err.file.none');
        f.input.focus();
        return;
      }
      const form = new FormData();
      for (const x of files) form.append('file', x, x.name);
      const r = await call('POST', `${one(state.no)}/attachments`, state.token, form);
      if (r.status === 201) {
        reload('files.done');
        return;
      }
      const key = r.status === 413 ? 'err.file.large' : r.status === 415 ? 'err.file.type'
        : r.status === 409 ? 'err.file.full' : r.status === 400 ? 'err.invalid'
        : r.status === 0 ? 'err.network' : 'err.server';
      setError(f, key);
      f.input.focus();
    });
  });
  return h('section', { class: 'group', 'aria-labelledby': 'files-h' },
    h('h2', { id: 'files-h', tr: 'files.heading' }), list, form);
}

/* How we understood what the customer wants, and the outcome we aim for:
 * while it waits, the customer confirms it or corrects it in their words
 * (a plan is proposed on a demand they confirmed). */
function demandBox(d, state, reload) {
  const kids = [
    h('h2', { id: 'demand-h', tabindex: '-1', tr: 'demand.heading' }),
    h('p', { class: 'what', tr: `demand.state.${d.state}` }),
    h('p', { class: 'body' }, h('strong', { tr: 'demand.restatement' }), ' ', h('span', { id: 'demand-restatement' }, d.restatement || '')),
    h('p', { class: 'body' }, h('strong', { tr: 'demand.target' }), ' ', h('span', { id: 'demand-target' }, d.target || '')),
    d.correction ? h('p', { class: 'body' }, h('strong', { tr: 'demand.correction' }), ' ', h('span', null, d.correction)) : null,
  ];
  if (d.state === 'pending') kids.push(h('p', { tr: 'demand.intro' }), demandForm(d, state, reload));
  return h('section', { class: 'group demand', id: 'demand', 'data-state': d.state, 'aria-labelledby': 'demand-h' }, kids);
}

function demandForm(d, state, reload) {
  const correction = input({ name: 'correction', label: 'f.correction', hint: 'h.correction', control: 'textarea', rows: 3, maxlength: 2000, required: true });
  const top = notice('error');
  const yes = button('demand.confirm', { class: 'primary', type: 'button', id: 'demand-confirm' });
  const fix = button('demand.correct', { class: 'secondary', type: 'button', id: 'demand-correct' });
  const send2 = button('demand.send', { class: 'primary', id: 'demand-send' });
  correction.box.hidden = true;
  send2.hidden = true;
  const form = h('form', { class: 'demand-answer', novalidate: true }, correction.box, top,
    h('div', { class: 'actions' }, yes, fix, send2));
  const answer = (btn, body) => busy(btn, 'busy.sending', async () => {
    setError(correction, null);
    say(top, null);
    const r = await call('POST', `${one(state.no)}/demand-restatements/${encodeURIComponent(d.id)}/answer`, state.token, body);
    if (r.status === 200) {
      reload(`demand.sent.${body.answer}`);
      return;
    }
    if (r.status === 400) {
      const [key, params] = errorKey(errorOf(r));
      setError(correction, key, params);
      correction.input.focus();
    } else if (r.status === 409) reload('demand.conflict');
    else say(top, r.status === 0 ? 'err.network' : r.status === 429 ? 'err.locked' : 'err.server',
      { minutes: minutes(r.retryAfter) });
  });
  yes.addEventListener('click', () => answer(yes, { answer: 'confirmed' }));
  fix.addEventListener('click', () => {
    correction.box.hidden = false;
    send2.hidden = false;
    fix.hidden = true;
    correction.input.focus();
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const words = correction.input.value.trim();
    if (!words) {
      setError(correction, 'err.correction');
      correction.input.focus();
      return;
    }
    answer(send2, { answer: 'corrected', correction: words });
  });
  return form;
}

/* The plans proposed to the customer, newest first; the one still waiting
 * takes the customer's answer: accept, decline, or a counter offer. */
function plansBox(c, state, reload) {
  const items = c.plans.map((p) => {
    return h('li', { class: `plan p-${p.state}`, 'data-plan': p.id },
      h('p', { class: 'what', tr: words(`plan.state.${p.state}`, 'plan_state', p.state) }),
      h('p', { class: 'body' }, p.summary || ''),
      p.proposed_at ? h('p', { class: 'when' }, h('span', { tr: ['plan.proposed', { time: () => fmtDateTime(p.proposed_at) }] })) : null,
      p.answered_at ? h('p', { class: 'when' }, h('span', { tr: ['plan.answered', { time: () => fmtDateTime(p.answered_at) }] })) : null,
      p.conditions ? h('p', { class: 'body' }, h('strong', { tr: 'plan.conditions' }), ' ', h('span', null, p.conditions)) : null,
      p.counter_offer ? h('p', { class: 'body' }, h('strong', { tr: 'plan.counter_offer' }), ' ', h('span', null, p.counter_offer)) : null,
      p.state === 'proposed' ? answerForm(p, state, reload) : null);
  });
  return h('section', { class: 'group plans', id: 'plans', 'aria-labelledby': 'plans-h' },
    h('h2', { id: 'plans-h', tabindex: '-1', tr: 'plan.heading' }),
    h('p', { tr: 'plan.intro' }), h('ol', { class: 'plans' }, items));
}

function answerForm(p, state, reload) {
  const answer = radios({ name: 'answer', legend: 'plan.answer', required: true,
    options: names('plan_answer').map((a) => [a, words(`plan.choice.${a}`, 'plan_answer', a)]) });
  const counter = input({ name: 'counter_offer', label: 'f.counter', control: 'textarea', rows: 3, maxlength: 2000, required: true });
  const conditions = input({ name: 'conditions', label: 'f.conditions', hint: 'h.conditions', control: 'textarea', rows: 2, maxlength: 2000 });
  const top = notice('error');
  const submit = button('plan.submit', { class: 'primary' });
  const form = h('form', { class: 'plan-answer', novalidate: true }, answer.box, counter.box, conditions.box, top,
    h('div', { class: 'actions' }, submit));
  const chosen = () => (answer.inputs.find((i) => i.checked) || {}).value;
  const sync = () => { counter.box.hidden = chosen() !== 'counter_offer'; };
  answer.inputs.forEach((i) => i.addEventListener('change', sync));
  sync();
  const fields = { answer, counter_offer: counter, conditions };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, 'busy.sending', async () => {
      for (const x of Object.values(fields)) setError(x, null);
      say(top, null);
      const a = chosen();
      if (!a) {
        setError(answer, 'err.plan.answer');
        answer.first.focus();
        return;
      }
      const body = { answer: a };
      if (a === 'counter_offer') {
        body.counter_offer = counter.input.value.trim();
        if (!body.counter_offer) {
          setError(counter, 'err.counter');
          counter.input.focus();
          return;
        }
      }
      const cond = conditions.input.value.trim();
      if (cond) body.conditions = cond;
      const r = await call('POST', `${one(state.no)}/plans/${encodeURIComponent(p.id)}/answer`, state.token, body);
      if (r.status === 200 || r.status === 201) {
        reload(`plan.sent.${a}`);
        return;
      }
      if (r.status === 400 || r.status === 422) {
        const err = errorOf(r);
        const target = fields[err.field] || conditions;
        const [key, params] = errorKey(err);
        setError(target, key, params);
        (target.first || target.input).focus();
      } else if (r.status === 409) reload('plan.conflict');
      else say(top, r.status === 0 ? 'err.network' : r.status === 429 ? 'err.locked' : 'err.server',
        { minutes: minutes(r.retryAfter) });
    });
  });
  return form;
}

function ratingBox(c, state, done) {
  const sat = radios({ name: 'satisfaction', legend: 'rate.satisfaction', required: true,
    options: [5, 4, 3, 2, 1].map((n) => [String(n), `rate.${n}`]) });
  // the closed loop checks that the promise was kept: the answer is required
  const carried = radios({ name: 'carried_out', legend: 'rate.carried', inline: true, required: true,
    options: [['yes', 'rate.yes'], ['no', 'rate.no']] });
  const comment = input({ name: 'comment', label: 'f.comment', hint: 'h.comment', control: 'textarea', rows: 3, maxlength: 2000 });
  const top = notice('error');
  const submit = button('rate.submit', { class: 'primary' });
  const form = h('form', { class: 'rating', novalidate: true }, sat.box, carried.box, comment.box, top,
    h('div', { class: 'actions' }, submit));
  const fields = { satisfaction: sat, carried_out: carried, comment };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, 'busy.sending', async () => {
      for (const x of Object.values(fields)) setError(x, null);
      say(top, null);
      const picked = sat.inputs.find((i) => i.checked);
      const text = comment.input.value.trim();
      if (!picked) {
        setError(sat, 'err.satisfaction');
        sat.first.focus();
        return;
      }
      const n = parseInt(picked.value, 10);
      if (n < 4 && !text) {
        setError(comment, 'err.comment');
        comment.input.focus();
        return;
      }
      const co = carried.inputs.find((i) => i.checked);
      if (!co) {
        setError(carried, 'err.carried');
        carried.first.focus();
        return;
      }
      const body = { satisfaction: n, carried_out: co.value === 'yes' };
      if (text) body.comment = text;
      const r = await call('POST', `${one(state.no)}/rating`, state.token, body);
      if (r.status === 201) {
        done(r.body);
        return;
      }
      if (r.status === 400) {
        const err = errorOf(r);
        const target = fields[err.field] || comment;
        const [key, params] = errorKey(err);
        setError(target, key, params);
        (target.first || target.input).focus();
      } else say(top, r.status === 409 ? 'rate.conflict' : r.status === 0 ? 'err.network' : 'err.server');
    });
  });
  return h('section', { class: 'group rate', id: 'rate', 'aria-labelledby': 'rate-h' },
    h('h2', { id: 'rate-h', tabindex: '-1', tr: 'rate.heading' }),
    h('p', { tr: 'rate.intro' }), form);
}

/* Tracking number and access key typed in by hand, for a link without #t=
 * or one that did not work. problem: [key, params] to say why. */
export function renderLookup(main, no, token, problem) {
  clear(main);
  tr(document.querySelector('title'), 'title.lookup');
  const num = input({ name: 'tracking_no', label: 'f.tracking', required: true, maxlength: 40, autocomplete: 'off', spellcheck: false });
  const key = input({ name: 'token', label: 'f.token', required: true, maxlength: 100, autocomplete: 'off', spellcheck: false });
  num.input.value = no || '';
  key.input.value = token || '';
  const top = notice('error');
  const form = h('form', { class: 'lookup', novalidate: true }, num.box, key.box, top,
    h('div', { class: 'actions' }, button('look.submit', { class: 'primary' })));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    setError(num, null);
    setError(key, null);
    const n = num.input.value.trim().toUpperCase(), k = key.input.value.trim().replace(/^#?t=/, '');
    if (!n) setError(num, 'err.required');
    if (!k) setError(key, 'err.required');
    if (!n || !k) {
      (n ? key : num).input.focus();
      return;
    }
    // the address says which complaint; the key stays after # as in the link
    history.pushState(null, '', `/status/${encodeURIComponent(n)}${location.search}#t=${encodeURIComponent(k)}`);
    renderStatus(main, n, k, false);
  });
  const heading = h('h1', { tabindex: '-1', tr: 'look.heading' });
  main.append(heading, h('p', { class: 'intro', tr: 'look.intro' }), form,
    h('p', { class: 'aside' }, h('a', { href: '/portal', tr: 'look.new' })));
  if (problem) {
    say(top, problem[0], problem[1]);
    (no ? key : num).input.focus();
  }
}
