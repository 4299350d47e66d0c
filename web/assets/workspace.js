// workspace.js - the agents' workspace: sign-in, the header, and a router
// over the views (queues, a complaint, registration, the negative
// reviews, the incidents and handling notices, knowledge base, dashboard,
// administration). The shell on top:
// it fills in app.js and draws the views; nothing imports it. Every view
// is a client of the public API.

import { t, lang, setLang, useWords, LANGS, LANG_NAMES } from './i18n.js';
import { h, clear, field, fieldError, toast, select, setText } from './dom.js';
import { get, post, put, del, setCsrf, ApiError } from './api.js';
import { loadFields } from './fields.js';
import { app, explain } from './app.js';
import WORDS from './workspace-words.js';
import { queueView } from './queue.js';
import { complaintView } from './complaint.js';
import { registerView } from './register.js';
import { kbView } from './kb.js';
import { dashboardView } from './dashboard.js';
import { teamView } from './team.js';
import { routingView } from './routing.js';
import { causesView } from './causes.js';
import { categoriesView } from './categories.js';
import { visitsView } from './visits.js';
import { reviewsView } from './reviews.js';
import { reviewView } from './review.js';
import { incidentsView } from './incidents.js';
import { incidentView } from './incident.js';
import { checklistsView, checklistRunView } from './checklists.js';
import { noticesView, noticeView, noticesLink, recountNotices } from './notices.js';
import { lessonsView, lessonView, lessonsLink, recountLessons } from './lessons.js';
import LESSON_WORDS from './words-lessons.js';
import { teamsView } from './teams.js';
import { usersView, rolesView } from './users.js';
import { calendarView, slaView } from './calendar.js';
import { channelsView, templatesView } from './channels.js';
import CALENDAR_WORDS from './words-calendar.js';
import CHANNEL_WORDS from './words-channels.js';
import REVIEW_WORDS from './words-reviews.js';
import INCIDENT_WORDS from './words-incidents.js';
import CHECKLIST_WORDS from './words-checklists.js';
import READING_WORDS from './words-reading.js';
import IMPROVE_WORDS from './words-improve.js';
import { actionsView, actionView } from './improve.js';
import WINBACK_WORDS from './words-winback.js';
import { winbackView } from './winback.js';
import { inboxView, inboxLink, recountInbox } from './inbox.js';
import { liveStart, liveStop, onLive, paced } from './live.js';

useWords(WORDS);
useWords(CALENDAR_WORDS);
useWords(CHANNEL_WORDS);
useWords(REVIEW_WORDS);
useWords(INCIDENT_WORDS);
useWords(CHECKLIST_WORDS);
useWords(READING_WORDS);
useWords(IMPROVE_WORDS);
useWords(LESSON_WORDS);
useWords(WINBACK_WORDS);

const root = document.getElementById('app');
const header = document.getElementById('top');
let cleanup = null;

function langSwitch() {
  return select({ id: 'lang', 'aria-label': t('language'), onchange: (ev) => setLang(ev.target.value) },
    LANGS.map((l) => [l, LANG_NAMES[l]]), lang());
}

function drawHeader() {
  if (!app.me) {
    clear(header, h('span', { class: 'brand' }, '客诉 kesu'), h('span', { class: 'spacer' }), langSwitch());
    return;
  }
  const here = location.hash.split('?')[0];
  const link = (hash, key) => h('a', { href: hash, 'aria-current': here.startsWith(hash) ? 'page' : null }, t(key));
  const search = h('input', { type: 'search', id: 'global-search', placeholder: t('search_placeholder'), 'aria-label': t('search') });
  const form = h('form', {
    class: 'global-search', role: 'search',
    onsubmit: (ev) => {
      ev.preventDefault();
      app.go(`#/queue/all?q=${encodeURIComponent(search.value.trim())}`);
    },
  }, search);
  // those who only take complaints in see the registration form and no more
  const reads = app.can('complaint.read');
  const lead = reads && app.me.role !== 'agent';
  clear(header,
    h('a', { class: 'brand', href: homeHash() }, '客诉 kesu'),
    h('nav', { 'aria-label': t('app_name') },
      reads && link('#/queue', 'nav_queues'),
      // a review's page (#/review/1) is under the reviews too
      reads && h('a', { href: '#/reviews', id: 'nav-reviews', 'aria-current': here.startsWith('#/review') ? 'page' : null }, t('nav_reviews')),
      // an incident's page (#/incident/1) is under the incidents too
      reads && h('a', { href: '#/incidents', id: 'nav-incidents', 'aria-current': here.startsWith('#/incident') ? 'page' : null }, t('nav_incidents')),
      // a run's page (#/checklist-run/1) is under the checklists too
      reads && h('a', { href: '#/checklists', id: 'nav-checklists', 'aria-current': here.startsWith('#/checklist') ? 'page' : null }, t('nav_checklists')),
      reads && noticesLink(h('a', { href: '#/notices', 'aria-current': here.startsWith('#/notice') ? 'page' : null }, t('nav_notices'))),
      // an action's page (#/action/1) is under the actions too
      reads && h('a', { href: '#/actions', id: 'nav-actions', 'aria-current': here.startsWith('#/action') ? 'page' : null }, t('nav_actions')),
      app.can('complaint.create') && link('#/new', 'nav_register'),
      reads && link('#/kb', 'nav_kb'),
      reads && lessonsLink(h('a', { href: '#/lessons', 'aria-current': here.startsWith('#/lesson') ? 'page' : null }, t('nav_lessons'))),
      lead && link('#/dashboard', 'nav_dashboard'),
      reads && app.can('complaint.assign') && link('#/team', 'nav_team'),
      reads && app.can('follow_up.duty') && visitsLink(link('#/visits', 'nav_visits')),
      reads && app.can('complaint.assign') && link('#/winback', 'nav_winback'),
      app.can('users.admin') && link('#/admin', 'nav_admin'),
      reads && inboxLink(link('#/inbox', 'nav_inbox'))),
    reads && form,
    h('span', { class: 'spacer' }),
    langSwitch(),
    reads && app.can('complaint.edit') && dutySwitch(),
    h('span', { class: 'who' }, app.me.display_name || app.me.username),
    h('button', { type: 'button', class: 'link', id: 'sign-out', onclick: signOut }, t('sign_out')));
}

// The duty switch: the teams' assignment rules choose only those on duty.
function dutySwitch() {
  const box = h('input', {
    type: 'checkbox', id: 'duty', checked: !!app.me.on_duty,
    onchange: async () => {
      box.disabled = true;
      try {
        const u = await put('/api/v1/users/me/duty', { on_duty: box.checked });
        app.me.on_duty = u.on_duty;
        toast(t(u.on_duty ? 'duty_on' : 'duty_off'));
      } catch (e) { box.checked = !box.checked; toast(explain(e), 'error'); }
      box.disabled = false;
    },
  });
  return h('label', { class: 'duty', for: 'duty' }, box, ' ', t('duty'));
}

// The supervisors' visits, with how many are due today or overdue.
function visitsLink(a) {
  a.id = 'nav-visits';
  get('/api/v1/visits?state=open&limit=1').then((r) => {
    if (r.due_count) a.append(' ', h('span', { class: 'count', 'data-count': 'visits' }, String(r.due_count)));
  }).catch(() => { /* the page itself says what went wrong */ });
  return a;
}

async function signOut() {
  try { await del('/api/v1/session'); } catch { /* signed out either way */ }
  app.me = null;
  app.cache.clear();
  setCsrf(null);
  liveStop();
  route();
}

function loginView(el, { needTotp = false, username = '' } = {}) {
  const user = h('input', { name: 'username', autocomplete: 'username', required: true, value: username });
  const pass = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const code = h('input', { name: 'totp', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card login', novalidate: true },
    h('h1', null, t('app_name')),
    field(t('username'), user),
    field(t('password'), pass),
    needTotp && field(t('totp'), code, t('totp_hint')),
    msg,
    h('button', { type: 'submit', class: 'primary' }, t('sign_in')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    const body = { username: user.value.trim(), password: pass.value };
    if (needTotp) body.totp = code.value.trim();
    try {
      await post('/api/v1/session', body);
      await start();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'totp_required' && !needTotp) {
        loginView(el, { needTotp: true, username: body.username });
        el.querySelector('input[name=password]').value = body.password;
        el.querySelector('input[name=totp]').focus();
        return;
      }
      // a full queue of sign-ins is a moment's wait, not a failure
      if (e instanceof ApiError && e.status === 503) setText(msg, t('login_busy', { s: e.retryAfter || 1 }));
      else setText(msg, `${t('login_failed')}: ${explain(e)}`);
    }
  });
  clear(el, form);
  (username ? pass : user).focus();
}

// A role that requires a second factor signs in to this step first.
async function totpSetupView(el) {
  let secret;
  try {
    secret = await post(`/api/v1/users/${app.me.id}/totp`);
  } catch (e) {
    clear(el, h('p', { class: 'form-error' }, explain(e)));
    return;
  }
  const code = h('input', { inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: '6' });
  const form = h('form', { class: 'card login' },
    h('h1', null, t('totp_setup_title')),
    h('p', null, t('totp_setup_text')),
    h('p', null, t('totp_secret'), ': ', h('code', { class: 'secret' }, secret.secret)),
    h('p', { class: 'hint' }, secret.otpauth_uri),
    field(t('totp'), code),
    h('button', { type: 'submit', class: 'primary' }, t('confirm')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await post(`/api/v1/users/${app.me.id}/totp/confirm`, { code: code.value.trim() });
      await start();
    } catch (e) { fieldError(code, explain(e)); }
  });
  clear(el, form);
}

const routes = [
  [/^#\/queue(?:\/(\w+))?$/, (el, m, q) => queueView(el, m[1] || homeQueue(), q)],
  [/^#\/c\/([\w-]+)$/, (el, m) => complaintView(el, m[1])],
  [/^#\/reviews(?:\/(\w+))?$/, (el, m, q) => reviewsView(el, m[1], q)],
  [/^#\/review\/(\d+)$/, (el, m) => reviewView(el, m[1])],
  [/^#\/incidents(?:\/(\w+))?$/, (el, m) => incidentsView(el, m[1])],
  [/^#\/incident\/(\d+)$/, (el, m) => incidentView(el, m[1])],
  [/^#\/actions(?:\/(\w+))?$/, (el, m, q) => actionsView(el, m[1], q)],
  [/^#\/action\/(\d+)$/, (el, m) => actionView(el, m[1])],
  [/^#\/checklists(?:\/(\w+))?$/, (el, m) => checklistsView(el, m[1])],
  [/^#\/checklist-run\/(\d+)$/, (el, m) => checklistRunView(el, m[1])],
  [/^#\/notices(?:\/(all))?$/, (el, m) => noticesView(el, m[1])],
  [/^#\/notice\/(\d+)$/, (el, m) => noticeView(el, m[1])],
  [/^#\/lessons(?:\/(all))?$/, (el, m) => lessonsView(el, m[1])],
  [/^#\/lesson\/(\d+)$/, (el, m) => lessonView(el, m[1])],
  [/^#\/new$/, (el) => registerView(el)],
  [/^#\/kb$/, (el, m, q) => kbView(el, q)],
  [/^#\/dashboard$/, (el) => dashboardView(el)],
  [/^#\/team$/, (el, m, q) => teamView(el, q)],
  [/^#\/visits$/, (el) => visitsView(el)],
  [/^#\/winback$/, (el, m, q) => winbackView(el, q)],
  [/^#\/inbox$/, (el, m, q) => inboxView(el, q)],
  [/^#\/admin(?:\/routing)?$/, (el) => adminOnly(el, routingView)],
  [/^#\/admin\/causes$/, (el) => adminOnly(el, causesView)],
  [/^#\/admin\/categories$/, (el) => adminOnly(el, categoriesView)],
  [/^#\/admin\/teams$/, (el) => adminOnly(el, teamsView)],
  [/^#\/admin\/users$/, (el, m, q) => adminOnly(el, (x) => usersView(x, q))],
  [/^#\/admin\/roles$/, (el) => adminOnly(el, rolesView)],
  [/^#\/admin\/calendar$/, (el) => adminOnly(el, calendarView)],
  [/^#\/admin\/sla$/, (el) => adminOnly(el, slaView)],
  [/^#\/admin\/channels$/, (el) => adminOnly(el, channelsView)],
  [/^#\/admin\/templates$/, (el, m, q) => adminOnly(el, (x) => templatesView(x, q))],
];

// The administration pages are for those who may change the settings.
function adminOnly(el, view) {
  if (!app.can('users.admin')) { clear(el, h('p', { class: 'form-error' }, t('forbidden'))); return null; }
  return view(el);
}

// Each route draws into a fresh container of its own: a view still loading
// when the next one starts (a quick click, a language switch) finishes
// into its detached container instead of over the newer view.
let drawing = 0;
async function route() {
  if (cleanup) { try { cleanup(); } catch { /* the old view is gone */ } cleanup = null; }
  const mine = ++drawing;
  drawHeader();
  const el = h('div', { class: 'view' });
  clear(root, el);
  if (!app.me) { loginView(el); return; }
  if (app.stage === 'totp_setup') { totpSetupView(el); return; }
  const [path, qs] = (location.hash || homeHash()).split('?');
  const q = new URLSearchParams(qs || '');
  for (const [re, view] of routes) {
    const m = path.match(re);
    if (m) {
      clear(el, h('p', { class: 'loading' }, t('loading')));
      let done = null;
      try { done = await view(el, m, q); } catch (e) { clear(el, h('p', { class: 'form-error' }, explain(e))); }
      if (mine === drawing) cleanup = done;
      else if (done) done();
      return;
    }
  }
  app.go(homeHash());
}

// The queue one lands on: one's team's, or everything for those in none.
function homeQueue() {
  return (app.me && app.me.teams && app.me.teams.length) ? 'team' : 'all';
}

// Where one lands: the queue, or for those who only take complaints in
// (a cashier, a salesperson) the registration form.
function homeHash() {
  return app.can('complaint.read') ? `#/queue/${homeQueue()}` : '#/new';
}

async function start() {
  try {
    await loadFields();
  } catch (e) {
    clear(root, h('p', { class: 'form-error' }, explain(e)));
    return;
  }
  try {
    const s = await get('/api/v1/session');
    setCsrf(s.csrf_token || null);
    app.stage = s.stage;
    app.today = s.today || null;
    app.perms = new Set(s.permissions || []);
    app.me = s.user;
    try {
      const me = await get(`/api/v1/users/${s.user.id}`);
      app.me = { ...s.user, ...me };
    } catch { /* the session's own fields will do */ }
  } catch {
    app.me = null;
  }
  // the live stream, for those who read complaints: the views and the
  // header's inbox count follow it
  if (app.me && app.stage !== 'totp_setup' && app.can('complaint.read')) liveStart();
  route();
}

// a handling notice published tells the inbox too: the count of those to
// confirm follows it
const recount = paced(() => Promise.all([recountInbox(), recountNotices(), recountLessons()]));
onLive((m) => { if (m.type !== 'poll') recount.poke(); });

window.addEventListener('hashchange', route);
document.addEventListener('kesu:route', route);
document.addEventListener('kesu:lang', route);
document.addEventListener('kesu:signed-out', () => {
  if (!app.me) return;
  app.me = null;
  liveStop();
  toast(t('session_over'), 'error');
  route();
});
start();
