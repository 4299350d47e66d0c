// portal-register.js - the registration form (投诉登记表) in the
// customer's words: what happened, what was bought, how it was used, what
// they want, how to reach them. Errors of the API are shown beside the
// field they name; what was typed stays.
import { h, clear } from './dom.js';
import { t, tr, has, lang, fmtDateTime, fmtRelative } from './i18n.js';
import { send } from './api.js';
import { label, names } from './fields.js';
import { input, radios, setError, notice, say, button, busy, errorsOf, errorKey, minutes } from './portal-form.js';

/* [value, words] of each value of group a customer may give, the words
 * following the language. */
const choices = (group) => names(group, { given: true }).map((v) => [v, () => label(group, v)]);

/* "Tuesday 2 December 2026 at 10:00 (tomorrow)"-like words for a due time. */
const due = (iso) => t('time.at', { date: fmtDateTime(iso), rel: fmtRelative(iso) });

function pad(n) {
  return String(n).padStart(2, '0');
}
function localDate(d) {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
function localDateTime(d) {
  return `${localDate(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/* The list of what happens next and when, from an `expected` object. */
export function expectedList(expected) {
  // soonest first; clocks due together in the server's order of clocks
  const order = names('clock');
  const kinds = Object.keys(expected || {}).sort((a, b) => {
    const ta = Date.parse(expected[a]), tb = Date.parse(expected[b]);
    return ta - tb || order.indexOf(a) - order.indexOf(b);
  });
  if (!kinds.length) return h('p', { tr: 'next.none' });
  return h('ul', { class: 'next' }, kinds.map((k) => {
    const key = has(`exp.${k}`) ? `exp.${k}` : 'exp.other';
    const when = expected[k];
    return h('li', null, h('time', { datetime: when, tr: [key, { time: () => due(when) }] }));
  }));
}

export function renderRegister(main) {
  clear(main);
  tr(document.querySelector('title'), 'title.register');
  const now = new Date();
  const f = {
    content: input({ name: 'content', label: 'f.content', hint: 'h.content', control: 'textarea', rows: 6, required: true, maxlength: 20000 }),
    occurred_at: input({ name: 'occurred_at', label: 'f.occurred', type: 'datetime-local', max: localDateTime(now) }),
    'object.kind': input({ name: 'object.kind', label: 'f.kind', control: 'select', options: [['', 'kind.none'], ...choices('object_kind')] }),
    'object.name': input({ name: 'object.name', label: 'f.objname', maxlength: 200 }),
    'object.ref': input({ name: 'object.ref', label: 'f.ref', hint: 'h.ref', maxlength: 100, spellcheck: false }),
    purchased_at: input({ name: 'purchased_at', label: 'f.purchased', type: 'date', max: localDate(now) }),
    usage: input({ name: 'usage', label: 'f.usage', hint: 'h.usage', control: 'textarea', rows: 3, maxlength: 5000 }),
    demand: input({ name: 'demand', label: 'f.demand', control: 'textarea', rows: 3, maxlength: 5000 }),
    desired_resolution: radios({ name: 'desired_resolution', legend: 'f.resolution', inline: true, checked: '', options: [['', 'res.none'], ...choices('resolution')] }),
    'complainant.name': input({ name: 'complainant.name', label: 'f.name', maxlength: 100, autocomplete: 'name' }),
    'complainant.phone': input({ name: 'complainant.phone', label: 'f.phone', type: 'tel', maxlength: 32, autocomplete: 'tel', inputmode: 'tel' }),
    'complainant.email': input({ name: 'complainant.email', label: 'f.email', type: 'email', maxlength: 254, autocomplete: 'email', spellcheck: false }),
    'complainant.contact_other': input({ name: 'complainant.contact_other', label: 'f.other', maxlength: 200 }),
  };
  const top = notice('error');
  const submit = button('reg.submit', { class: 'primary' });
  const section = (key, intro, ...inside) => {
    const id = `sec-${key.replace('.', '-')}`;
    return h('section', { class: 'group', 'aria-labelledby': id },
      h('h2', { id, tr: key }),
      intro ? h('p', { class: 'hint', tr: intro }) : null,
      inside.map((n) => f[n].box));
  };
  const form = h('form', { class: 'register', novalidate: true, 'aria-labelledby': 'reg-heading' },
    section('sec.what', null, 'content', 'occurred_at'),
    section('sec.bought', null, 'object.kind', 'object.name', 'object.ref', 'purchased_at', 'usage'),
    section('sec.want', null, 'demand', 'desired_resolution'),
    section('sec.contact', 'h.contact', 'complainant.name', 'complainant.phone', 'complainant.email', 'complainant.contact_other'),
    top,
    h('div', { class: 'actions' }, submit));
  main.append(
    h('h1', { id: 'reg-heading', tabindex: '-1', tr: 'reg.heading' }),
    h('p', { class: 'intro', tr: 'reg.intro' }),
    form,
    h('p', { class: 'aside' }, h('a', { href: '/portal#lookup', tr: 'reg.lookup' })));
  // a phone or an e-mail typed in answers the "one of them" error of both
  const clearOne = (n) => {
    setError(f[n], null);
    f[n].contact = false;
  };
  for (const n of ['complainant.phone', 'complainant.email'])
    f[n].input.addEventListener('input', () => {
      if (!f[n].input.value.trim()) return;
      for (const m of ['complainant.phone', 'complainant.email'])
        if (f[m].contact) clearOne(m);
    });
  const clearAll = () => {
    for (const n of Object.keys(f)) clearOne(n);
    say(top, null);
  };
  const fail = (n, key, params) => {
    setError(f[n], key, params);
    if (key === 'err.contact') f[n].contact = true;
  };
  const focusFirst = () => {
    for (const n of Object.keys(f))
      if (f[n].box.classList.contains('invalid')) {
        (f[n].first || f[n].input).focus();
        return;
      }
  };

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    busy(submit, 'busy.sending', async () => {
      clearAll();
      const v = (n) => f[n].input.value.trim();
      // what we can tell at once; the API checks the rest
      let bad = false;
      if (!v('content')) {
        fail('content', 'err.content');
        bad = true;
      }
      if (!v('complainant.phone') && !v('complainant.email')) {
        fail('complainant.phone', 'err.contact');
        bad = true;
      }
      if (bad) {
        say(top, 'err.summary');
        focusFirst();
        return;
      }
      const body = { content: v('content'), language: lang() };
      const complainant = {}, object = {};
      for (const k of ['name', 'phone', 'email', 'contact_other'])
        if (v(`complainant.${k}`)) complainant[k] = v(`complainant.${k}`);
      for (const k of ['kind', 'name', 'ref'])
        if (v(`object.${k}`)) object[k] = v(`object.${k}`);
      body.complainant = complainant;
      if (Object.keys(object).length) body.object = object;
      for (const k of ['usage', 'demand', 'purchased_at'])
        if (v(k)) body[k] = v(k);
      if (v('occurred_at')) {
        const d = new Date(v('occurred_at'));
        if (isNaN(d)) {
          fail('occurred_at', 'err.date');
          say(top, 'err.summary');
          focusFirst();
          return;
        }
        body.occurred_at = d.toISOString();
      }
      const res = f.desired_resolution.inputs.find((i) => i.checked);
      if (res && res.value) body.desired_resolution = res.value;

      const r = await send('POST', '/api/v1/portal/complaints', { body, credentials: 'omit' });
      if (r.status === 201) {
        renderDone(main, r.body);
        return;
      }
      if (r.status === 400) {
        // every wrong field at once, each beside its own control
        let marked = 0;
        for (const err of errorsOf(r)) {
          const name = err.field === 'complainant' ? 'complainant.phone' : err.field;
          if (!f[name]) continue;
          const [key, params] = errorKey(err);
          fail(name, key, params);
          marked++;
        }
        if (marked) {
          say(top, 'err.summary');
          focusFirst();
        } else {
          say(top, 'err.rejected');
          top.focus();
        }
        return;
      }
      if (r.status === 429) say(top, 'err.rate', { minutes: minutes(r.retryAfter) });
      else if (r.status === 0) say(top, 'err.network');
      else say(top, 'err.server');
    });
  });
}

function renderDone(main, c) {
  clear(main);
  const link = new URL(c.status_url, location.origin).href;
  const copied = notice('ok');
  const copy = h('button', { type: 'button', class: 'secondary', tr: 'done.copy' });
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(link);
      say(copied, 'done.copied');
    } catch (e) {
      // no clipboard here: select the link for the customer to copy
      const sel = window.getSelection();
      const range = document.createRange();
      range.selectNodeContents(linkText);
      sel.removeAllRanges();
      sel.addRange(range);
    }
  });
  const linkText = h('span', { class: 'url' }, link);
  const heading = h('h1', { tabindex: '-1', tr: 'done.heading' });
  main.append(
    h('div', { class: 'done' },
      heading,
      h('p', { class: 'label', tr: 'done.number' }),
      h('p', { class: 'tracking', id: 'tracking-no' }, c.tracking_no),
      h('p', { tr: 'done.keep' }),
      h('p', { class: 'actions' },
        h('a', { class: 'button primary', id: 'status-link', href: c.status_url, tr: 'done.link' }),
        copy),
      h('p', { class: 'linkline' }, linkText),
      copied),
    h('section', { class: 'group', 'aria-labelledby': 'next-h' },
      h('h2', { id: 'next-h', tr: 'next.heading' }),
      expectedList(c.expected),
      h('p', { class: 'hint', tr: 'done.notice' })),
    h('p', { class: 'aside' }, h('a', { href: '/portal', tr: 'done.another' })));
  heading.focus();
  window.scrollTo(0, 0);
}
