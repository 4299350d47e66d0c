// inbox.js - the caller's notices: what the workflow told them (assigned
// to them, an approval decided, the customer answered, a clock about to
// pass, an incident proposed, a handling notice published...), newest
// first, each opening its complaint (or its incident or handling notice)
// and marked read as it is opened; and the unread count the header shows.

import { t, lang, fmtTime } from './i18n.js';
import { h, clear } from './dom.js';
import { get, post } from './api.js';
import { app, fail } from './app.js';
import { panel } from './actions.js';

// The header's link, with how many are unread (none shown at zero).
export function inboxLink(a) {
  a.id = 'nav-inbox';
  get('/api/v1/inbox?unread=1&limit=1').then((r) => showCount(a, r.unread_count))
    .catch(() => { /* the page itself says what went wrong */ });
  return a;
}

function showCount(a, n) {
  const old = a.querySelector('[data-count=inbox]');
  if (old) old.remove();
  a.removeAttribute('aria-label');
  if (!n) return;
  a.setAttribute('aria-label', t('in_nav_unread', { n }));
  a.append(h('span', { class: 'count unread', 'data-count': 'inbox' }, String(n)));
}

/* The header's count asked for anew (something changed); a count told
 * meanwhile (a notice marked read) is newer and stays. */
let told = 0;
export async function recountInbox() {
  if (!document.getElementById('nav-inbox')) return;
  const before = told;
  const r = await get('/api/v1/inbox?unread=1&limit=1');
  if (before === told) refreshCount(r.unread_count);
}

function refreshCount(n) {
  told += 1;
  const a = document.getElementById('nav-inbox');
  if (a) showCount(a, n);
  const c = document.getElementById('inbox-count');
  if (c) clear(c, t('in_unread_count', { n }));
}

// The line in the page's language; the server writes all three.
function lineOf(item) {
  const l = item.line || {};
  return l[lang()] || l['zh-CN'] || item.tracking_no;
}

async function markRead(item, li) {
  const r = await post(`/api/v1/inbox/${item.id}/read`);
  item.read = true;
  li.dataset.read = 'true';
  li.classList.remove('unread');
  for (const gone of li.querySelectorAll('button.mark-read, .dot')) gone.remove();
  refreshCount(r.unread_count);
}

// What a notice opens: its complaint; one about an incident or a handling
// notice, that.
function hrefOf(item) {
  const d = item.data || {};
  if (item.kind === 'handling_notice' && d.notice_id) return `#/notice/${d.notice_id}`;
  if (!item.tracking_no && d.action_id) return `#/action/${d.action_id}`;
  if (item.kind === 'lesson_published' && d.lesson_id) return `#/lesson/${d.lesson_id}`;
  if (!item.tracking_no && d.incident_id) return `#/incident/${d.incident_id}`;
  return `#/c/${item.tracking_no}`;
}

function itemRow(item) {
  const li = h('li', { class: `inbox-item${item.read ? '' : ' unread'}`,
    dataset: { item: String(item.id), read: String(item.read), kind: item.kind } });
  const href = hrefOf(item);
  const open = h('a', {
    href,
    onclick: (ev) => {
      if (item.read) return;
      // read as it is opened; what it is about opens whatever the mark's fate
      ev.preventDefault();
      markRead(item, li).catch(() => { /* it stays unread */ })
        .finally(() => app.go(href));
    },
  }, lineOf(item));
  clear(li,
    h('p', null, !item.read && h('span', { class: 'dot', 'aria-hidden': 'true' }), open),
    h('p', { class: 'hint' }, fmtTime(item.created_at), item.tracking_no && [' · ', item.tracking_no]),
    !item.read && h('button', {
      type: 'button', class: 'link mark-read', 'aria-label': t('in_mark_read_one', { line: lineOf(item) }),
      onclick: () => markRead(item, li).catch(fail),
    }, t('in_mark_read')));
  return li;
}

export async function inboxView(el, q) {
  const unreadOnly = q && q.get('unread') === '1';
  const list = h('ul', { class: 'inbox', id: 'inbox-list' });
  const more = h('button', { type: 'button', id: 'inbox-more' }, t('load_more'));
  const count = h('p', { id: 'inbox-count' });
  let cursor = null;
  async function page() {
    const qs = new URLSearchParams({ limit: '50' });
    if (unreadOnly) qs.set('unread', '1');
    if (cursor) qs.set('cursor', cursor);
    const r = await get(`/api/v1/inbox?${qs}`);
    r.items.forEach((i) => list.append(itemRow(i)));
    cursor = r.next_cursor || null;
    more.hidden = !cursor;
    clear(count, t('in_unread_count', { n: r.unread_count }));
    refreshCount(r.unread_count);
    if (!list.children.length) list.replaceWith(h('p', { class: 'empty', id: 'inbox-empty' }, t(unreadOnly ? 'in_none_unread' : 'in_none')));
  }
  more.addEventListener('click', () => page().catch(fail));
  const all = h('button', {
    type: 'button', id: 'inbox-read-all',
    onclick: async () => {
      try {
        const r = await post('/api/v1/inbox/read');
        refreshCount(r.unread_count);
        app.go(location.hash);
      } catch (e) { fail(e); }
    },
  }, t('in_mark_all'));
  const filter = h('a', { id: 'inbox-filter', href: unreadOnly ? '#/inbox' : '#/inbox?unread=1' },
    t(unreadOnly ? 'in_show_all' : 'in_show_unread'));
  clear(el, panel('inbox', 'in_title', h('p', { class: 'inbox-tools' }, count, ' ', filter, ' ', all), list, more));
  await page();
}
