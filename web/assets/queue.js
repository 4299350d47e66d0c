// queue.js - the queues: rows and counts that follow the live stream
// (counts polled every 15 s when there is none), a sortable table paged by
// cursor ("most urgent" puts the most overdue first), a search box, rows
// selected for one act on them all (bulk bar, one summary), and keyboard
// use (arrows or j/k, x or Space, Enter, /).

import { t, fmtTime } from './i18n.js';
import { h, add, clear, select, setText } from './dom.js';
import { get, post, del, query } from './api.js';
import { label, names, options } from './fields.js';
import { app, fail, errorWords } from './app.js';
import { canTake } from './complaint.js';
import { rememberQueue } from './complaint-keys.js';
import { onLive, livePolling, paced } from './live.js';

// without the live stream, the counts are asked for this often
const COUNT_EVERY_MS = 15000;

// The queues as the server lists them, everything the caller may see last;
// the follow-up (待回访) is the supervisors' work list, shown to them only.
const queues = () => [...names('queue').filter((n) => n !== 'all'
  && (n !== 'follow_up' || app.can('follow_up.duty'))), 'all'];

function excerpt(s, n = 42) {
  const chars = Array.from(s || '');
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}

// A breached row says so in words (which clock, since when), not only in
// colour.
function dueCell(c) {
  const iso = c.next_due_at;
  if (!iso) return h('td', { class: 'due' }, '—');
  const left = new Date(iso).getTime() - Date.now();
  const over = c.breached || left < 0;
  const cls = over ? 'due overdue' : left < 2 * 3600e3 ? 'due soon' : 'due';
  return h('td', { class: cls }, h('time', { datetime: iso }, fmtTime(iso)),
    over && h('span', { class: 'breached-mark', dataset: { breached: c.overdue_clock || '' } },
      ` ${c.overdue_clock ? t('breached_clock', { clock: label('clock', c.overdue_clock) }) : t('c_overdue')}`));
}

// 接手 from the row: the complaint becomes the caller's without opening it;
// took (if given) is told its tracking number, and again with false if the
// take failed.
function takeCell(c, took) {
  const cell = h('td', { class: 'take' });
  if (!canTake(c)) return cell;
  const button = h('button', {
    type: 'button', class: 'take', dataset: { take: c.tracking_no }, 'aria-label': t('c_take_row', { tracking_no: c.tracking_no }),
    onclick: async (ev) => {
      ev.stopPropagation();
      button.disabled = true;
      if (took) took(c.tracking_no, true);
      try {
        await post(`/api/v1/complaints/${c.id}/take`);
        clear(cell, h('span', { class: 'taken' }, t('c_taken')));
      } catch (e) { button.disabled = false; if (took) took(c.tracking_no, false); fail(e); }
    },
    onkeydown: (ev) => { if (ev.key === 'Enter') ev.stopPropagation(); },
  }, t('c_take'));
  return add(cell, button);
}

export async function queueView(root, name, params) {
  const queue = names('queue').includes(name) ? name : 'team';
  const sort = names('sort').includes(params.get('sort')) ? params.get('sort') : (queue === 'due_soon' || queue === 'breached' ? 'due' : 'newest');
  const q = params.get('q') || '';
  // a saved view (its filters are the server's), or the page's own filters
  const view = params.get('view') || '';
  const chosen = (group, key) => (names(group).includes(params.get(key)) ? params.get(key) : '');
  const filters = view ? {} : { status: chosen('status', 'status'), severity: chosen('severity', 'severity'), channel: chosen('channel', 'channel') };
  const self = (over) => {
    const p = { sort, q, view, ...filters, ...over };
    return `#/queue/${queue}${query(p)}`;
  };

  const counts = new Map();
  const side = h('nav', { class: 'queues', 'aria-label': t('nav_queues') });
  const countsAt = h('p', { class: 'hint' });
  let views = [];
  const countText = (c) => (c.capped ? t('queue_more', { n: c.count }) : String(c.count));
  function drawSide() {
    clear(side, h('ul', null, queues().map((n) => {
      const c = counts.get(n);
      return h('li', null, h('a', {
        href: `#/queue/${n}`, 'aria-current': n === queue && !view ? 'page' : null, dataset: { queue: n },
      }, h('span', null, label('queue', n)),
      c && h('span', { class: `count${c.count ? '' : ' zero'}`, 'data-count': n }, countText(c))));
    })),
    views.length > 0 && h('h2', { class: 'views-title' }, t('views_title')),
    views.length > 0 && h('ul', { id: 'saved-views' }, views.map((v) => h('li', { dataset: { view: String(v.id) } },
      h('a', { href: `#/queue/all${query({ view: v.id })}`, 'aria-current': String(v.id) === view ? 'page' : null },
        h('span', { class: 'view-name' }, v.name),
        v.scope === 'team' && h('span', { class: 'badge' }, t('views_team')),
        h('span', { class: `count${v.count ? '' : ' zero'}`, 'data-view-count': String(v.id) }, countText(v))),
      (v.owner_id === app.me.id || (v.scope === 'team' && app.can('complaint.assign'))) && h('button', {
        type: 'button', class: 'view-delete', 'aria-label': t('views_delete', { name: v.name }),
        onclick: async () => {
          try { await del(`/api/v1/views/${v.id}`); await refreshCounts(); } catch (e) { fail(e); }
        },
      }, '×')))),
    countsAt);
  }
  async function refreshCounts() {
    try {
      const [r, vs] = await Promise.all([get('/api/v1/queues'), get('/api/v1/views')]);
      views = vs.items;
      for (const it of r.items) counts.set(it.name, it);
      setText(countsAt, t('counts_at', { time: fmtTime(r.at, false) }));
      drawSide();
    } catch (e) { /* the list still works; try again at the next round */ }
  }
  drawSide();

  const search = h('input', { type: 'search', id: 'queue-search', value: q, placeholder: t('search_placeholder'), 'aria-label': t('search') });
  const searchForm = h('form', {
    role: 'search', class: 'inline',
    onsubmit: (ev) => { ev.preventDefault(); app.go(self({ q: search.value.trim() })); },
  }, search, h('button', { type: 'submit' }, t('search')));
  // the page's filters, and saving them (with the queue's) as a view
  const filterSel = (key, group) => select({
    id: `queue-filter-${key}`, 'aria-label': t(`filter_${key}`), disabled: Boolean(view),
    onchange: (ev) => app.go(self({ [key]: ev.target.value })),
  }, [['', t(`filter_${key}`)], ...options(group)], filters[key] || '');
  const viewName = h('input', { id: 'view-name', maxlength: 60, 'aria-label': t('views_name'), placeholder: t('views_name'), required: true });
  const viewScope = app.can('complaint.assign') && select({ id: 'view-scope', 'aria-label': t('views_scope') },
    [['mine', t('views_mine')], ['team', t('views_team')]], 'mine');
  const saveForm = !view && h('form', {
    class: 'inline', id: 'view-save',
    onsubmit: async (ev) => {
      ev.preventDefault();
      const f = {};
      if (filters.status) f.state = filters.status;
      if (filters.severity) f.severity = filters.severity;
      if (filters.channel) f.channel = filters.channel;
      if (queue === 'due_soon' || queue === 'breached') f.due = queue;
      if (queue === 'mine') f.assignee = 'me';
      if (queue === 'unassigned') f.assignee = 'unassigned';
      try {
        const v = await post('/api/v1/views', { name: viewName.value.trim(), scope: viewScope ? viewScope.value : 'mine', filters: f });
        viewName.value = '';
        await refreshCounts();
        app.go(`#/queue/all${query({ view: v.id })}`);
      } catch (e) { fail(e); }
    },
  }, viewName, viewScope, h('button', { type: 'submit' }, t('views_save')));
  const sortSel = select({ id: 'queue-sort', 'aria-label': t('sort_by'), onchange: (ev) => app.go(self({ sort: ev.target.value })) },
    options('sort'), sort);

  const headCell = (key, label, sortKey) => {
    if (!sortKey) return h('th', { scope: 'col' }, label);
    const on = sortKey === 'created' ? (sort === 'newest' || sort === 'oldest') : sort === 'due';
    const next = sortKey === 'created' ? (sort === 'newest' ? 'oldest' : 'newest') : 'due';
    return h('th', { scope: 'col', 'aria-sort': on ? (sort === 'newest' ? 'descending' : 'ascending') : 'none' },
      h('a', { href: self({ sort: next }), class: 'sort', dataset: { sort: key } }, label, on ? (sort === 'newest' ? ' ↓' : ' ↑') : ''));
  };
  // the rows chosen for a bulk act, by tracking number
  const picked = new Set();
  const pickAll = h('input', { type: 'checkbox', id: 'queue-pick-all', 'aria-label': t('pick_all') });
  const tbody = h('tbody');
  const table = h('table', { class: 'queue', id: 'queue-table' },
    h('caption', { class: 'sr-only' }, label('queue', queue)),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'pick' }, pickAll),
      headCell('tracking', t('col_tracking')),
      headCell('status', t('col_status')),
      headCell('severity', t('col_severity')),
      headCell('mood', t('col_mood')),
      headCell('customer', t('col_customer')),
      headCell('content', t('col_content')),
      headCell('created', t('col_created'), 'created'),
      headCell('due', t('col_due'), 'due'),
      headCell('take', t('col_take')))),
    tbody);
  const more = h('button', { type: 'button', class: 'more', hidden: true }, t('load_more'));
  const empty = h('p', { class: 'empty', hidden: true }, t('nothing_here'));
  // the bulk bar: one act on every picked row, then one summary
  const pickedN = h('span', { class: 'picked-count', 'aria-live': 'polite' });
  const stateSel = select({ id: 'bulk-state', 'aria-label': t('bulk_state') },
    options('status'), 'in_progress');
  const summary = h('div', { class: 'bulk-summary', id: 'bulk-summary', role: 'status', hidden: true });
  const bulkButton = (id, text, body) => h('button', { type: 'button', id, onclick: () => bulk(body()) }, text);
  // supervisors assign to an agent of their (first) team; each complaint
  // stays in its own team
  const myTeam = ((app.me && app.me.teams) || [])[0];
  const agentSel = app.can('complaint.assign') && myTeam && h('select', { id: 'bulk-agent', 'aria-label': t('bulk_agent') });
  if (agentSel) {
    get(`/api/v1/teams/${myTeam}/members`).then((r) => clear(agentSel, (r.items || []).map((m) =>
      h('option', { value: String(m.id) }, m.display_name || m.username)))).catch(() => { /* none to offer */ });
  }
  const bar = h('div', { class: 'bulk-bar', id: 'bulk-bar', role: 'toolbar', 'aria-label': t('bulk_bar'), hidden: true },
    pickedN,
    bulkButton('bulk-take', t('bulk_take'), () => ({ action: 'take' })),
    agentSel,
    agentSel && bulkButton('bulk-assign', t('bulk_assign'), () => ({ action: 'assign', assignee_id: Number(agentSel.value) })),
    bulkButton('bulk-ack', t('bulk_ack'), () => ({ action: 'acknowledge' })),
    stateSel,
    bulkButton('bulk-move', t('bulk_move'), () => ({ action: 'transition', to: stateSel.value })));
  const main = h('section', { class: 'queue-main', 'aria-labelledby': 'queue-title' },
    h('div', { class: 'toolbar' },
      h('h1', { id: 'queue-title' }, view ? '' : label('queue', queue)), searchForm, sortSel),
    h('div', { class: 'toolbar filters' }, filterSel('status', 'status'), filterSel('severity', 'severity'), filterSel('channel', 'channel'), saveForm),
    h('p', { class: 'hint' }, t('queue_keys')),
    bar, summary, table, empty, more);
  clear(root, h('div', { class: 'queue-view' }, side, main));

  let cursor = null;
  let rows = [];
  let selected = -1;
  function choose(i, focus = true) {
    if (!rows.length) return;
    selected = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach((r, k) => r.setAttribute('aria-selected', String(k === selected)));
    if (focus) rows[selected].focus();
  }
  const boxes = [];
  // rows taken here stay, saying so, when the queue is drawn anew
  const takenHere = new Set();
  function drawPicked() {
    bar.hidden = picked.size === 0;
    setText(pickedN, t('picked_n', { n: picked.size }));
    pickAll.checked = boxes.length > 0 && boxes.every((b) => b.checked);
    pickAll.indeterminate = picked.size > 0 && !pickAll.checked;
  }
  function pick(box, on) {
    box.checked = on;
    if (on) picked.add(box.value); else picked.delete(box.value);
    box.closest('tr').classList.toggle('picked', on);
    drawPicked();
  }
  pickAll.addEventListener('change', () => {
    const on = pickAll.checked;
    for (const b of boxes) pick(b, on);
  });
  async function bulk(body) {
    const refs = [...picked];
    for (const b of bar.querySelectorAll('button')) b.disabled = true;
    try {
      const r = await post('/api/v1/complaints/bulk', { ...body, refs });
      clear(summary, h('p', null, t('bulk_done', { done: r.done, refused: r.refused.length })),
        r.refused.length > 0 && h('ul', null, r.refused.map((x) => h('li', { dataset: { ref: x.ref } },
          `${x.ref}: ${errorWords(x.error)}`))));
      summary.hidden = false;
      picked.clear();
      await reload();
    } catch (e) { fail(e); }
    for (const b of bar.querySelectorAll('button')) b.disabled = false;
  }
  function addRows(items) {
    for (const c of items) {
      const open = () => app.go(`#/c/${c.tracking_no}`);
      const box = h('input', {
        type: 'checkbox', value: c.tracking_no, tabindex: '-1', checked: picked.has(c.tracking_no),
        'aria-label': t('pick_row', { tracking_no: c.tracking_no }),
        onclick: (ev) => ev.stopPropagation(),
        onchange: (ev) => pick(ev.target, ev.target.checked),
      });
      boxes.push(box);
      const tr = h('tr', {
        tabindex: '-1', 'aria-selected': 'false', dataset: { tracking: c.tracking_no },
        class: [c.breached && 'breached', picked.has(c.tracking_no) && 'picked'].filter(Boolean).join(' ') || null,
        onclick: open,
        onkeydown: (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); open(); } },
      },
      h('td', { class: 'pick', onclick: (ev) => ev.stopPropagation() }, box),
      h('td', null, h('a', { href: `#/c/${c.tracking_no}`, tabindex: '-1' }, c.tracking_no),
        c.second_of && [' ', h('span', { class: 'badge second', title: t('c_second_of', { tracking_no: c.second_of.tracking_no }) }, t('c_second'))]),
      h('td', null, h('span', { class: `badge st-${c.status}` }, label('status', c.status))),
      h('td', null, h('span', { class: `badge sev-${c.severity}` }, label('severity', c.severity))),
      h('td', null, c.emotion && h('span', { class: `badge emo-${c.emotion}` }, label('emotion', c.emotion)),
        // above the ladder's first rung (the front line)
        c.level !== names('level')[0] && h('span', { class: 'badge level' }, label('level', c.level))),
      h('td', null, c.complainant && c.complainant.name),
      h('td', { class: 'content' }, excerpt(c.content)),
      h('td', null, h('time', { datetime: c.created_at }, fmtTime(c.created_at))),
      dueCell(c),
      takeCell(c, (no, on) => { if (on) takenHere.add(no); else takenHere.delete(no); }));
      rows.push(tr);
      tbody.append(tr);
    }
    if (selected < 0 && rows.length) choose(0, false);
    drawPicked();
  }
  // after a bulk act: the queue as it is now, from its first page
  async function reload() {
    round += 1;
    rows = [];
    boxes.length = 0;
    selected = -1;
    cursor = null;
    clear(tbody);
    await Promise.all([load(), refreshCounts()]);
  }
  const pageOf = (at) => get(`/api/v1/complaints${query(view ? { view, sort, q, limit: 50, cursor: at } : { queue, sort, q, ...filters, limit: 50, cursor: at })}`);
  let round = 0; // a page asked for before the rows were drawn anew is dropped
  async function load() {
    more.disabled = true;
    const mine = round;
    try {
      const r = await pageOf(cursor);
      if (mine !== round) { more.disabled = false; return; }
      addRows(r.items);
      // j/k on a complaint's page walk these rows
      rememberQueue(rows.map((tr) => tr.dataset.tracking));
      // for the benchmark: when a page of the queue is on screen
      performance.mark('kesu:queue-page');
      cursor = r.next_cursor || null;
      more.hidden = !cursor;
      empty.hidden = rows.length > 0;
    } catch (e) { fail(e); }
    more.disabled = false;
  }
  more.addEventListener('click', load);

  // Something changed: as many rows as are shown, drawn anew at once,
  // keeping the highlighted row (and the focus on it) and the picks that
  // are still there.
  async function refreshRows() {
    const mine = ++round;
    const want = Math.max(rows.length, 1);
    const items = [];
    let next = null;
    do {
      const r = await pageOf(next);
      if (mine !== round) return;
      items.push(...r.items);
      next = r.next_cursor || null;
    } while (next && items.length < want);
    const was = selected >= 0 && rows[selected] ? rows[selected].dataset.tracking : null;
    const focused = rows.includes(document.activeElement && document.activeElement.closest('tr'));
    const there = new Set(items.map((c) => c.tracking_no));
    const kept = rows.map((tr, i) => [i, tr]).filter(([, tr]) => takenHere.has(tr.dataset.tracking) && !there.has(tr.dataset.tracking));
    for (const [, tr] of kept) there.add(tr.dataset.tracking);
    for (const no of [...picked]) if (!there.has(no)) picked.delete(no);
    rows = [];
    boxes.length = 0;
    selected = -1;
    clear(tbody);
    addRows(items);
    for (const [i, tr] of kept) {
      tbody.insertBefore(tr, rows[i] || null);
      rows.splice(i, 0, tr);
      boxes.splice(i, 0, tr.querySelector('input[type=checkbox]'));
    }
    rememberQueue(rows.map((tr) => tr.dataset.tracking));
    drawPicked();
    const i = rows.findIndex((r) => r.dataset.tracking === was);
    if (i >= 0) choose(i, focused);
    else if (rows.length) choose(0, focused);
    cursor = next;
    more.hidden = !cursor;
    empty.hidden = rows.length > 0;
  }

  // keys on the table; '/' anywhere outside a field
  table.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'j') { ev.preventDefault(); choose(selected + 1); }
    else if (ev.key === 'ArrowUp' || ev.key === 'k') { ev.preventDefault(); choose(selected - 1); }
    else if (ev.key === 'Home') { ev.preventDefault(); choose(0); }
    else if (ev.key === 'End') { ev.preventDefault(); choose(rows.length - 1); }
    else if ((ev.key === 'x' || ev.key === ' ') && selected >= 0 && ev.target.closest('tr, table') && !ev.target.closest('input, button, a')) {
      ev.preventDefault();
      pick(boxes[selected], !boxes[selected].checked);
    }
  });
  table.addEventListener('focusin', (ev) => {
    const i = rows.indexOf(ev.target.closest('tr'));
    if (i >= 0 && i !== selected) choose(i, false);
  });
  const onKey = (ev) => {
    const inField = ev.target.closest('input, textarea, select, [contenteditable]');
    if (ev.key === '/' && !inField) { ev.preventDefault(); search.focus(); search.select(); }
    else if ((ev.key === 'j' || ev.key === 'k' || ev.key === 'ArrowDown') && !inField && !table.contains(ev.target) && rows.length) {
      ev.preventDefault(); choose(selected < 0 ? 0 : selected);
    }
  };
  document.addEventListener('keydown', onKey);
  // a roving focus: the table is one tab stop, the selected row
  table.tabIndex = 0;
  table.addEventListener('focus', () => { if (rows.length) choose(selected < 0 ? 0 : selected); });

  await Promise.all([load(), refreshCounts()]);
  // a view's page is titled with its name (text, never markup)
  if (view) {
    const v = views.find((x) => String(x.id) === view);
    setText(main.querySelector('#queue-title'), v ? v.name : '');
  }
  // the live stream: a change redraws the rows and the counts, at most
  // once a second, and not while the page is hidden (then once it shows)
  const fresh = paced(() => Promise.all([refreshRows(), refreshCounts()]));
  let stale = false;
  let timer = null;
  const poll = () => { if (!timer) timer = setInterval(refreshCounts, COUNT_EVERY_MS); };
  const stopLive = onLive((m) => {
    if (m.type === 'poll') poll();
    else if (document.hidden) stale = true;
    else fresh.poke();
  });
  if (livePolling()) poll();
  const onVisible = () => {
    if (document.hidden) return;
    if (stale) { stale = false; fresh.poke(); } else refreshCounts();
  };
  document.addEventListener('visibilitychange', onVisible);
  return () => {
    stopLive();
    fresh.stop();
    clearInterval(timer);
    document.removeEventListener('keydown', onKey);
    document.removeEventListener('visibilitychange', onVisible);
  };
}
