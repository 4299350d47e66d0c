// calendar.js - (being written)

import { t } from './i18n.js';
import { h, clear } from './dom.js';
import { adminTabs } from './routing.js';

export async function calendarView(root) {
  clear(root, h('div', { class: 'admin' }, adminTabs('calendar'), h('h1', null, t('adm_calendar'))));
  return null;
}

export async function slaView(root) {
  clear(root, h('div', { class: 'admin' }, adminTabs('calendar'), h('h1', null, t('adm_calendar'))));
  return null;
}
