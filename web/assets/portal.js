// The customers' portal: /portal registers a complaint, /status/{tracking_no}
// shows one (the portal token after #t=). Plain modules, no framework;
// everything shown comes from the API or from the dictionaries.
import { h } from './portal-dom.js';
import { LANGS, initialLang, setLang, tr } from './portal-i18n.js';
import { renderRegister } from './portal-register.js';
import { renderStatus, renderLookup, fragment } from './portal-status.js';

function chrome() {
  const main = document.getElementById('main');
  const select = h('select', { id: 'lang', name: 'lang' },
    LANGS.map(([v, name]) => h('option', { value: v, lang: v, text: name })));
  select.addEventListener('change', () => {
    setLang(select.value, true);
    // an address that asked for a language keeps asking for this one
    const url = new URL(location.href);
    if (url.searchParams.has('lang')) {
      url.searchParams.set('lang', select.value);
      history.replaceState(history.state, '', url.href);
    }
  });
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

function start() {
  const { main, select } = chrome();
  const lang = initialLang();
  select.value = lang;
  setLang(lang, false);
  tr(document.querySelector('title'), 'site.name');
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

