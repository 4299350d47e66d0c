// live.js - what changed, told by the server: one EventSource on GET
// /api/v1/stream for the signed-in page, whatever view is drawn. A view
// listens with onLive() and is told {type: 'complaint', tracking_no, kind,
// event, id} for a change to a complaint the caller may read, {type:
// 'reset'} when it missed some and should load its data anew, and {type:
// 'poll'} when the stream cannot be had (refused, or no EventSource): it
// then polls as it did before there was a stream. <html data-live> says
// which: 'open' or 'polling'. Who has such a complaint open is told apart,
// to onPresence() (the views that redraw on any change need not hear it).

const listeners = new Set();
const presenceListeners = new Set();
let source = null;
let polling = false;

function tell(message) {
  for (const fn of [...listeners]) {
    try { fn(message); } catch { /* one view's trouble is not another's */ }
  }
}

function mark(state) {
  if (state) document.documentElement.dataset.live = state;
  else delete document.documentElement.dataset.live;
}

// The stream is gone for good (an answer other than the stream, such as
// 429 for too many open pages): the views go back to polling.
function fallBack() {
  if (source) { source.close(); source = null; }
  polling = true;
  mark('polling');
  tell({ type: 'poll' });
}

/* Opens the stream for the signed-in caller (once). */
export function liveStart() {
  if (source || polling) return;
  if (typeof EventSource !== 'function') { fallBack(); return; }
  const es = new EventSource('/api/v1/stream');
  source = es;
  es.addEventListener('hello', () => { if (source === es) mark('open'); });
  es.addEventListener('complaint', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch { return; }
    if (d && typeof d.tracking_no === 'string') tell({ ...d, type: 'complaint' });
  });
  es.addEventListener('presence', (ev) => {
    let d;
    try { d = JSON.parse(ev.data); } catch { return; }
    if (!d || typeof d.tracking_no !== 'string' || !Array.isArray(d.present)) return;
    for (const fn of [...presenceListeners]) {
      try { fn(d); } catch { /* as tell() */ }
    }
  });
  es.addEventListener('reset', () => tell({ type: 'reset' }));
  // a lost connection is tried again by the browser (and the server
  // replays what was missed, or says reset); a closed one is not
  es.addEventListener('error', () => {
    if (source === es && es.readyState === EventSource.CLOSED) fallBack();
  });
}

/* Closes it (signed out). */
export function liveStop() {
  if (source) source.close();
  source = null;
  polling = false;
  mark(null);
}

/* True when the views must poll instead. */
export function livePolling() { return polling; }

/* Listens to the stream; answers the function that stops listening. */
export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/* Listens to who has a complaint open: fn({tracking_no, present: [{user,
 * name, editing, since}]}); answers the function that stops listening. */
export function onPresence(fn) {
  presenceListeners.add(fn);
  return () => presenceListeners.delete(fn);
}

/* fn run when poked, at once if it last ran ms ago or more, else when ms
 * have passed; pokes while it waits or runs make one run more, not many.
 * Answers {poke, stop}. */
export function paced(fn, ms = 1000) {
  let last = 0;
  let timer = null;
  let running = false;
  let again = false;
  let stopped = false;
  async function run() {
    timer = null;
    if (stopped) return;
    running = true;
    last = Date.now();
    try { await fn(); } catch { /* the next change tries again */ }
    running = false;
    if (again) { again = false; poke(); }
  }
  function poke() {
    if (stopped || timer) return;
    if (running) { again = true; return; }
    timer = setTimeout(run, Math.max(0, last + ms - Date.now()));
  }
  return { poke, stop() { stopped = true; clearTimeout(timer); timer = null; } };
}
