// portal-thanks.js - the page of a thank-you letter's opt-out link
// (/thanks/opt-out/{id}#t=TOKEN): it asks the customer to confirm, then
// tells kesu with the token (X-Link-Token); nothing happens on opening it,
// so a mail scanner that follows links opts no one out.
import { h, clear } from './dom.js';
import { tr } from './i18n.js';
import { send } from './api.js';

export function renderOptOut(main, id, token) {
  tr(document.querySelector('title'), 'optout.title');
  const said = h('p', { role: 'status', id: 'optout-said' });
  const button = h('button', { type: 'button', id: 'optout-confirm', tr: 'optout.button' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    const r = await send('POST', `/api/v1/thanks/opt-out/${encodeURIComponent(id)}`,
      { headers: { 'X-Link-Token': token }, credentials: 'omit' });
    if (r.ok) {
      button.remove();
      tr(said, 'optout.done');
      said.className = 'notice ok';
    } else {
      button.disabled = false;
      tr(said, r.status === 404 ? 'optout.bad' : 'err.server');
      said.className = 'notice error';
    }
  });
  clear(main, h('section', { class: 'case' },
    h('h1', { tabindex: '-1', tr: 'optout.title' }),
    h('p', { tr: token ? 'optout.text' : 'optout.bad' }),
    token ? button : null, said));
}
