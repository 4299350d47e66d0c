// channels.js - (being written)

import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { adminTabs } from './routing.js';

export async function channelsView(root) {
  clear(root, h('div', { class: 'admin' }, adminTabs('channels'), h('h1', null, t('adm_channels'))));
  return null;
}

export async function templatesView(root) {
  clear(root, h('div', { class: 'admin' }, adminTabs('channels'), h('h1', null, t('adm_channels'))));
  return null;
}
