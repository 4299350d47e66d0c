// portal.js - the customers' portal: /portal registers a complaint,
// /status/{tracking_no} shows one (the portal token after #t=). The shell:
// the header with the language switch, and the page the address asks
// for. Plain modules, no framework; everything shown comes from the API
// or from the portal's dictionaries.
import { h, clear } from './dom.js';
import { LANGS, LANG_NAMES, lang, setLang, tr, useWords } from './i18n.js';
import { loadFields } from './fields.js';
import zhCN from './portal-zh-cn.js';
import zhTW from './portal-zh-tw.js';
import en from './portal-en.js';
import { renderRegister } from './portal-register.js';
import { renderStatus, renderLookup, fragment } from './portal-status.js';
import { renderOptOut } from './portal-thanks.js';

useWords({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

function chrome() {
  const main = document.getElementById('main');
  const select = h('select', { id: 'lang', name: 'lang' },
    LANGS.map((l) => h('option', { value: l, lang: l }, LANG_NAMES[l])));
  select.addEventListener('change', () => setLang(select.value));
  const skip = h('a', { class: 'skip', href: '#main', tr: 'site.skip' });
  // the fragment holds the portal token: move the focus, not the address
  skip.addEventListener('click', (ev) => {
    ev.preventDefault();
    const target = main.querySelector('h1') || main;
    target.focus();
  });
  const header = h('header', { class: 'bar' },
    h('div', { class: 'inner' },
      h('a', { class: 'brand', href: '/portal', tr: 'site.name' }),
      h('div', { class: 'lang' }, h('label', { for: 'lang', tr: 'lang.label' }), select)));
  document.body.prepend(skip, header);
  document.body.append(h('footer', { class: 'foot' }, h('p', { tr: 'site.footer' })));
  return { main, select };
}

function route(main) {
  const path = location.pathname;
  const o = /^\/thanks\/opt-out\/(\d+)$/.exec(path);
  if (o) {
    renderOptOut(main, o[1], fragment().token);
    return;
  }
  const m = /^\/status\/([^/]*)$/.exec(path);
  if (m) {
    const no = decodeURIComponent(m[1]).trim();
    const { token, survey } = fragment();
    if (no && token) renderStatus(main, no, token, survey);
    else renderLookup(main, no, token);
    return;
  }
  if (location.hash === '#lookup') renderLookup(main, '', '');
  else renderRegister(main);
}

async function start() {
  const { main, select } = chrome();
  select.value = lang();
  tr(document.querySelector('title'), 'site.name');
  try {
    await loadFields();
  } catch (e) {
    clear(main, h('p', { class: 'notice error', role: 'alert', tr: e.status ? 'err.server' : 'err.network' }));
    return;
  }
  route(main);
  window.addEventListener('popstate', () => route(main));
  window.addEventListener('hashchange', () => {
    // a new link pasted in, or the way to the lookup form; nothing else
    // (a half-filled form is never thrown away)
    if (location.pathname.startsWith('/status/') && fragment().token) route(main);
    else if (location.hash === '#lookup') route(main);
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

