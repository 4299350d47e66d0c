// users.js - (being written)

import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { adminTabs } from './routing.js';

export async function usersView(root) {
  clear(root, h('div', { class: 'admin' }, adminTabs('users'), h('h1', null, t('adm_users'))));
  return null;
}

export async function rolesView(root) {
  clear(root, h('div', { class: 'admin' }, adminTabs('roles'), h('h1', null, t('adm_roles'))));
  return null;
}
