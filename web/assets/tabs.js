// tabs.js - the complaint page's tabs: what the agent does not act on in
// the first screen (the timeline, the handling's details, compensation,
// assignment, tasks, the registration and files), one group at a time.
// WAI-ARIA tabs: a tablist of buttons, arrows/Home/End move between them
// and show the one reached; the choice is kept for the browser session
// and written into the address (#/c/KS…?tab=name) so that it can be
// linked. Something asked for inside a hidden tab (a key, a refused
// resolve, a link) shows its tab: dispatch `kesu:reveal` on it.

import { t } from './i18n.js';
import { h } from './dom.js';

const KEY = 'kesu.complaint-tab';

export function rememberedTab() {
  try { return sessionStorage.getItem(KEY); } catch { return null; }
}

function remember(name) {
  try { sessionStorage.setItem(KEY, name); } catch { /* private mode */ }
}

// the tab the address names: #/c/KS…?tab=money
const addressed = () => new URLSearchParams(location.hash.split('?')[1] || '').get('tab');

/* groups: [[name, words key, ...panels]]. Shows the tab the address
 * names, else the session's, else the first. Returns the element. */
export function tabs(groups) {
  const shown = groups.filter(([, , ...kids]) => kids.some(Boolean));
  const names = shown.map(([name]) => name);
  let current = [addressed(), rememberedTab()].find((n) => n && names.includes(n)) || names[0];
  const buttons = shown.map(([name, key], i) => h('button', {
    type: 'button', role: 'tab', id: `tab-${name}`, 'aria-controls': `tp-${name}`,
    dataset: { tab: name }, 'aria-keyshortcuts': i < 9 ? String(i + 1) : null,
  }, t(key), i < 9 ? h('kbd', { class: 'tab-key', 'aria-hidden': 'true' }, String(i + 1)) : null));
  const panels = shown.map(([name, , ...kids]) => h('div', {
    role: 'tabpanel', id: `tp-${name}`, 'aria-labelledby': `tab-${name}`, tabindex: '0', class: 'tabpanel',
  }, kids));
  const list = h('div', { role: 'tablist', class: 'ctabs-list', 'aria-label': t('c_tabs') }, buttons);
  const root = h('div', { class: 'ctabs', id: 'c-tabs' }, list, panels);

  function select(name, { focus = false, keep = true } = {}) {
    if (!names.includes(name)) return;
    current = name;
    buttons.forEach((b, i) => {
      const on = names[i] === name;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      panels[i].hidden = !on;
    });
    if (focus) buttons[names.indexOf(name)].focus();
    if (!keep) return;
    remember(name);
    // the address names the tab (replaceState: no new route, no redraw)
    const [path, qs] = location.hash.split('?');
    const q = new URLSearchParams(qs || '');
    q.set('tab', name);
    history.replaceState(history.state, '', `${path}?${q}`);
  }
  for (const b of buttons) b.addEventListener('click', () => select(b.dataset.tab));
  list.addEventListener('keydown', (ev) => {
    const i = names.indexOf(current);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: names.length - 1 }[ev.key];
    if (to === undefined) return;
    ev.preventDefault();
    select(names[(to + names.length) % names.length], { focus: true });
  });
  root.addEventListener('kesu:reveal', (ev) => {
    const panel = ev.target.closest && ev.target.closest('[role="tabpanel"]');
    if (panel && panel.hidden) select(panel.id.slice(3));
  });
  root.select = select;
  root.names = names;
  select(current, { keep: false });
  return root;
}

/* Shows the tab holding el, if any: before focusing or scrolling to it. */
export function reveal(el) {
  if (el) el.dispatchEvent(new CustomEvent('kesu:reveal', { bubbles: true }));
}
