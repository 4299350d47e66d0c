// causes.js - the administrators' editor of the cause list: each cause's
// key, its words in the three languages, whether it lies in the business's
// own policy or process (systemic), and whether it is still offered. A key
// in use is retired (not active), never removed.

import { t } from './i18n.js';
import { h, clear, toast } from './dom.js';
import { get, put } from './api.js';
import { app, errorWords } from './app.js';
import { adminTabs, saveTable } from './routing.js';

const LABELS = ['zh-CN', 'zh-TW', 'en'];

export async function causesView(root) {
  const data = await get('/api/v1/causes');
  const tbody = h('tbody', { id: 'cause-rows' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  let rows = [];
  let seq = 0;

  function row(cause) {
    const n = ++seq;
    const label = cause.label || {};
    const cell = (el) => h('td', null, el, h('p', { class: 'field-error', id: `${el.id}-err`, hidden: true }));
    const controls = {
      key: h('input', { id: `cause-${n}-key`, value: cause.key || '', 'aria-label': t('adm_cause_key'), readonly: cause.key ? true : null }),
      ...Object.fromEntries(LABELS.map((l) => [l, h('input', { id: `cause-${n}-${l}`, value: label[l] || '', 'aria-label': `${t('adm_cause_label')} ${l}`, lang: l })])),
      systemic: h('input', { type: 'checkbox', id: `cause-${n}-systemic`, checked: !!cause.systemic, 'aria-label': t('c_systemic') }),
      active: h('input', { type: 'checkbox', id: `cause-${n}-active`, checked: cause.active !== false, 'aria-label': t('adm_cause_active') }),
    };
    const r = { controls, fresh: !cause.key };
    r.el = h('tr', { dataset: { cause: cause.key || '' } },
      cell(controls.key), LABELS.map((l) => cell(controls[l])), cell(controls.systemic), cell(controls.active),
      // a cause already saved may be in use: retire it instead
      h('td', null, r.fresh && h('button', { type: 'button', class: 'link', onclick: () => { rows = rows.filter((x) => x !== r); r.el.remove(); } }, t('delete'))));
    r.read = () => ({
      key: controls.key.value.trim(),
      label: Object.fromEntries(LABELS.map((l) => [l, controls[l].value.trim()])),
      systemic: controls.systemic.checked,
      active: controls.active.checked,
    });
    return r;
  }

  rows = (data.causes || []).map(row);
  clear(tbody, rows.map((r) => r.el));
  const save = h('button', { type: 'submit', class: 'primary', id: 'causes-save' }, t('save'));
  const form = h('form', { id: 'causes-form', novalidate: true },
    h('table', { class: 'queue causes' },
      h('thead', null, h('tr', null, [t('adm_cause_key'), ...LABELS.map((l) => `${t('adm_cause_label')} ${l}`), t('c_systemic'), t('adm_cause_active'), ''].map((x) => h('th', { scope: 'col' }, x)))),
      tbody),
    h('p', null, h('button', {
      type: 'button', id: 'cause-add',
      onclick: () => { const r = row({}); rows.push(r); tbody.append(r.el); r.controls.key.focus(); },
    }, t('adm_add_cause'))),
    msg, save);
  saveTable(form, save, msg, () => rows, async () => {
    await put('/api/v1/causes', { causes: rows.map((r) => r.read()) });
    app.cache.delete('causes');
    toast(t('saved'));
    await causesView(root);
  }, (e) => {
    // "causes[3]": what is wrong with that row goes beside the row's key
    const m = /^causes\[(\d+)\]/.exec(e.field || '');
    const r = m && rows[Number(m[1])];
    return r && { el: r.controls.key, text: errorWords(e.errors[0]) };
  });
  clear(root, h('div', { class: 'admin' }, adminTabs('causes'),
    h('h1', null, t('adm_causes')), h('p', { class: 'hint' }, t('adm_causes_hint')), form));
  return null;
}
