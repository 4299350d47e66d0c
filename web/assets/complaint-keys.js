// complaint-keys.js - the complaint page by keyboard: r reply, n note,
// a assign, s state, 1-7 the page's tabs, j/k the next or previous
// complaint of the queue the agent came from, ? the list of keys. Single keys act only outside a
// field, so typing a reply never triggers one; Escape leaves a field.

import { t } from './i18n.js';
import { h } from './dom.js';
import { app } from './app.js';
import { reveal } from './tabs.js';

const QUEUE_KEY = 'kesu.queue';

/* The queue page's rows, in order, for j/k on the complaint page. */
export function rememberQueue(trackingNos) {
  try { sessionStorage.setItem(QUEUE_KEY, JSON.stringify(trackingNos.slice(0, 500))); } catch { /* private mode */ }
}

function queueList() {
  try {
    const l = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || '[]');
    return Array.isArray(l) ? l.filter((x) => typeof x === 'string') : [];
  } catch { return []; }
}

/* The complaint before (-1) or after (+1) ref in the remembered queue. */
export function neighbour(ref, step) {
  const l = queueList();
  const i = l.indexOf(ref);
  return i < 0 ? null : l[i + step] || null;
}

const KEYS = [
  ['r', 'key_reply', '#reply-body'],
  ['n', 'key_note', '#note-body'],
  ['a', 'key_assign', '#assign-user, #assign-team'],
  ['s', 'key_state', '#move-to'],
  ['1–7', 'key_tabs'],
  ['j', 'key_next'],
  ['k', 'key_prev'],
  ['?', 'key_help'],
  ['Esc', 'key_leave'],
];

let dialog = null;
/* The list of keys, a modal dialog (Escape or the button closes it). */
export function showKeys() {
  if (dialog && dialog.isConnected) { dialog.showModal(); return; }
  const close = h('button', { type: 'button', id: 'keys-close', onclick: () => dialog.close() }, t('keys_close'));
  dialog = h('dialog', { id: 'keys-help', class: 'keys-help', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, t('keys_title')),
    h('dl', { class: 'keys' }, KEYS.map(([k, words]) => [h('dt', null, h('kbd', null, k)), h('dd', null, t(words))])),
    close);
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
}

/* Listens on the page for the complaint ref; returns the clean-up. */
export function complaintKeys(ref) {
  const onKey = (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    const inField = ev.target.closest && ev.target.closest('input, textarea, select, [contenteditable]');
    if (ev.key === 'Escape' && inField) { ev.target.blur(); return; }
    if (inField || (dialog && dialog.open)) return;
    if (ev.key === '?') { ev.preventDefault(); showKeys(); return; }
    if (ev.key === 'j' || ev.key === 'k') {
      const to = neighbour(ref, ev.key === 'j' ? 1 : -1);
      if (to) { ev.preventDefault(); app.go(`#/c/${encodeURIComponent(to)}`); }
      return;
    }
    // a digit shows the tab of that number, the cursor on it
    const tabs = document.getElementById('c-tabs');
    if (/^[1-9]$/.test(ev.key) && tabs && tabs.names[Number(ev.key) - 1]) {
      ev.preventDefault();
      tabs.select(tabs.names[Number(ev.key) - 1], { focus: true });
      tabs.scrollIntoView({ block: 'start' });
      return;
    }
    const key = KEYS.find(([k, , sel]) => sel && k === ev.key);
    const el = key && document.querySelector(key[2]);
    if (!el) return;
    ev.preventDefault();
    reveal(el); // in a tab not shown: that tab first
    el.scrollIntoView({ block: 'center' });
    el.focus();
  };
  document.addEventListener('keydown', onKey);
  return () => {
    document.removeEventListener('keydown', onKey);
    if (dialog) { dialog.remove(); dialog = null; }
  };
}
