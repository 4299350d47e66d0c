// presence.js - on a complaint's page, who else has it open and who is
// typing on it (POST/GET/DELETE /api/v1/complaints/{ref}/presence, and
// the live stream's `presence` events), in one status line; and, when
// the complaint changes while something typed here is unsaved, a word
// that says so and offers to load it anew (the typing is never thrown
// away unasked). The complaint's view mounts it with presenceMount().

import { t } from './i18n.js';
import { h, clear, phrase } from './dom.js';
import { send } from './api.js';
import { app } from './app.js';
import { onLive, onPresence } from './live.js';

// the server forgets a page silent for 40 s (PRESENCE_TTL_MS)
const HEARTBEAT_MS = 15000;
// fields whose typing is "editing"; buttons, choices and files are not
const TYPED = 'textarea, input:not([type]), input[type=text], input[type=search], '
  + 'input[type=email], input[type=tel], input[type=url], input[type=number]';

// one page's words after another's, in order: a view drawn anew leaves
// (DELETE) before it comes back (POST), never the other way round
let last = Promise.resolve();
function ordered(method, path, opts) {
  last = last.then(() => send(method, path, opts));
  return last;
}

function names(people) {
  return people.map((p) => p.name).join(t('pr_and'));
}

/* Says on root's complaint page (the complaint ref) who else is on it;
 * answers the function that leaves. */
export function presenceMount(root, ref) {
  const path = `/api/v1/complaints/${encodeURIComponent(ref)}/presence`;
  const typed = new Set(); // fields typed in and not yet saved
  let editing = false;
  let others = [];
  let changed = false; // the complaint changed under unsaved typing
  let stopped = false;
  const line = h('p', { id: 'presence', class: 'presence', role: 'status' });
  const notice = h('div', { id: 'presence-changed', class: 'presence-changed', role: 'status' });
  const box = h('div', { class: 'presence-box' }, line, notice);

  const tracking = () => { const a = root.querySelector('article.complaint'); return a && a.dataset.tracking; };

  function typing() {
    for (const el of typed) if (!el.isConnected || !el.value.trim()) typed.delete(el);
    return typed.size > 0;
  }

  function draw() {
    const group = (list, key) => list.length > 0 && h('span', { class: `presence-${key}` },
      phrase(`pr_${key}_${list.length > 1 ? 'many' : 'one'}`, { names: names(list) }));
    const groups = [group(others.filter((p) => p.editing), 'editing'),
      group(others.filter((p) => !p.editing), 'viewing')].filter(Boolean);
    clear(line, groups.flatMap((g, i) => (i ? [' ', g] : [g])));
    clear(notice, changed && [
      h('span', null, t('pr_changed')), ' ',
      h('button', { type: 'button', id: 'presence-reload', onclick: () => app.go(location.hash) }, t('pr_reload'))]);
  }

  // the page drawn (anew): the line goes under its head; what was typed went with the old one
  function place() {
    const article = root.querySelector('article.complaint');
    if (!article || box.parentNode === article) return;
    const head = article.querySelector('.complaint-head');
    if (head) head.after(box); else article.prepend(box);
    changed = false;
    draw();
    sync();
  }

  async function say() {
    if (stopped) return;
    const r = await ordered('POST', path, { body: { editing } });
    if (stopped || !r.ok || !r.body) return;
    others = r.body.items || [];
    draw();
  }

  function sync() {
    const now = typing();
    if (now !== editing) { editing = now; say(); }
    if (!now && changed) { changed = false; draw(); }
  }

  function onInput(ev) {
    const el = ev.target;
    if (el instanceof Element && el.matches(TYPED) && el.closest('form')) typed.add(el);
    sync();
  }
  // saving: that form's typing is no longer unsaved (its change is ours)
  function onSubmit(ev) {
    for (const el of ev.target.elements || []) typed.delete(el);
    sync();
  }
  // the page goes away: at once, whatever is under way
  function gone() {
    send('DELETE', path, { keepalive: true });
  }

  root.addEventListener('input', onInput);
  root.addEventListener('submit', onSubmit, true);
  window.addEventListener('pagehide', gone);
  const seen = new MutationObserver(place);
  seen.observe(root, { childList: true });
  const beat = setInterval(say, HEARTBEAT_MS);
  const stopLive = onLive((m) => {
    if (m.type === 'reset') say();
    else if (m.type === 'complaint' && m.tracking_no === tracking() && typing()) {
      changed = true;
      draw();
    }
  });
  const stopPresence = onPresence((d) => {
    if (d.tracking_no !== tracking()) return;
    others = d.present.filter((p) => p.user !== app.me.id);
    draw();
  });
  place();
  say();

  return () => {
    stopped = true;
    clearInterval(beat);
    seen.disconnect();
    stopLive();
    stopPresence();
    root.removeEventListener('input', onInput);
    root.removeEventListener('submit', onSubmit, true);
    window.removeEventListener('pagehide', gone);
    box.remove();
    ordered('DELETE', path);
  };
}
