// categories.js - the administrators' editor of the category list: each
// category's name (what a complaint's category holds, matched by scripts,
// SLA rules, routing and skills), its words in the three languages, and
// whether it is still offered when registering. Complaints keep theirs.

import { t } from './i18n.js';
import { h, clear, toast } from './dom.js';
import { get, put } from './api.js';
import { app } from './app.js';
import { adminTabs, saveTable } from './routing.js';

const LABELS = ['zh-CN', 'zh-TW', 'en'];

export async function categoriesView(root) {
  const data = await get('/api/v1/categories');
  const tbody = h('tbody', { id: 'category-rows' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  let rows = [];
  let seq = 0;

  function row(cat) {
    const n = ++seq;
    const label = cat.label || {};
    const cell = (el) => h('td', null, el, h('p', { class: 'field-error', id: `${el.id}-err`, hidden: true }));
    const controls = {
      name: h('input', { id: `category-${n}-name`, value: cat.name || '', 'aria-label': t('adm_category_name') }),
      ...Object.fromEntries(LABELS.map((l) => [l, h('input', { id: `category-${n}-${l}`, value: label[l] || '', 'aria-label': `${t('adm_cause_label')} ${l}`, lang: l })])),
      active: h('input', { type: 'checkbox', id: `category-${n}-active`, checked: cat.active !== false, 'aria-label': t('adm_cause_active') }),
    };
    const r = { controls };
    r.el = h('tr', { dataset: { category: cat.name || '' } },
      cell(controls.name), LABELS.map((l) => cell(controls[l])), cell(controls.active),
      h('td', null, h('button', { type: 'button', class: 'link', onclick: () => { rows = rows.filter((x) => x !== r); r.el.remove(); } }, t('delete'))));
    r.read = () => ({
      name: controls.name.value.trim(),
      label: Object.fromEntries(LABELS.map((l) => [l, controls[l].value.trim()])),
      active: controls.active.checked,
    });
    return r;
  }

  rows = (data.categories || []).map(row);
  clear(tbody, rows.map((r) => r.el));
  const save = h('button', { type: 'submit', class: 'primary', id: 'categories-save' }, t('save'));
  const form = h('form', { id: 'categories-form', novalidate: true },
    h('table', { class: 'queue categories' },
      h('thead', null, h('tr', null, [t('adm_category_name'), ...LABELS.map((l) => `${t('adm_cause_label')} ${l}`), t('adm_cause_active'), ''].map((x) => h('th', { scope: 'col' }, x)))),
      tbody),
    h('p', null, h('button', {
      type: 'button', id: 'category-add',
      onclick: () => { const r = row({}); rows.push(r); tbody.append(r.el); r.controls.name.focus(); },
    }, t('adm_add_category'))),
    msg, save);
  saveTable(form, save, msg, () => rows, async () => {
    await put('/api/v1/categories', { categories: rows.map((r) => r.read()) });
    app.cache.delete('categories');
    toast(t('saved'));
    await categoriesView(root);
  }, (e) => {
    // "categories[3].label.en": beside that control, or the row's name
    const m = /^categories\[(\d+)\](?:\.(?:label\.)?([\w-]+))?/.exec(e.field || '');
    const r = m && rows[Number(m[1])];
    return r && { el: r.controls[m[2]] || r.controls.name, text: e.message };
  });
  clear(root, h('div', { class: 'admin' }, adminTabs('categories'),
    h('h1', null, t('adm_categories')), h('p', { class: 'hint' }, t('adm_categories_hint')), form));
  return null;
}
