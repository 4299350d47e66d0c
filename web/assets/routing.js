// routing.js - the administrators' editor of the routing table: rules
// tried in order at registration, the first whose conditions all match
// sets the complaint's team and its starting level (the front line or
// management). A condition is a list of values; an empty one matches
// anything. Above the rules, the switch of kesu's reading of complaints
// (reading.js), whose threat and mindset the rules see.

import { t } from './i18n.js';
import { h, clear, field, fieldError, select, toast, setText } from './dom.js';
import { get, put, ApiError } from './api.js';
import { label, options } from './fields.js';
import { app, explain, causeLabel, errorWords } from './app.js';
import { analysisSwitch } from './reading.js';

// The save of a settings table: the rows' errors cleared, send() run, and
// a refusal put beside the control locate(error) names, else under the form.
export function saveTable(form, save, msg, rows, send, locate) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const r of rows()) for (const el of Object.values(r.controls)) fieldError(el, '');
    save.disabled = true;
    try {
      await send();
    } catch (e) {
      const hit = e instanceof ApiError && locate(e);
      if (hit) { fieldError(hit.el, hit.text); hit.el.focus(); } else setText(msg, explain(e));
    }
    save.disabled = false;
  });
}

// the levels a rule may start a complaint at: the front line's flow or
// management's (the routing table's rule; their words are the server's)
const LEVELS = ['agent', 'management'];
const LISTS = ['category', 'cause', 'mindset', 'severity', 'channel', 'customer_type'];

// Free text (category) as a list: separated by commas, 、 or new lines.
const words = (s) => s.split(/[,，、\n]/).map((x) => x.trim()).filter(Boolean);

function multi(id, options, chosen) {
  return h('select', { id, multiple: true, size: String(Math.min(6, options.length)) },
    options.map(([v, label]) => h('option', { value: v, selected: chosen.includes(v) }, label)));
}

export function adminTabs(here) {
  return h('nav', { class: 'tabs', 'aria-label': t('nav_admin') },
    [['users', 'adm_users'], ['roles', 'adm_roles'], ['teams', 'adm_teams'], ['routing', 'adm_routing'],
      ['categories', 'adm_categories'], ['causes', 'adm_causes'], ['calendar', 'adm_calendar'], ['sla', 'adm_sla'],
      ['channels', 'adm_channels'], ['templates', 'adm_templates']].map(([k, key]) =>
      h('a', { href: `#/admin/${k}`, 'aria-current': k === here ? 'page' : null }, t(key))));
}

export async function routingView(root) {
  const [table, teams, causeList, reading] = await Promise.all([get('/api/v1/routing'), app.teams(), app.causes(), analysisSwitch()]);
  const choices = {
    cause: causeList.map((x) => [x.key, causeLabel(x)]),
    mindset: options('mindset'),
    severity: options('severity'),
    channel: options('channel'),
    customer_type: options('customer_type'),
  };
  const list = h('ol', { class: 'rules', id: 'rules' });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  let rows = [];
  let seq = 0;

  // One rule as a card of controls; read() gives it back as the API wants it.
  function row(rule) {
    const n = ++seq;
    const when = rule.when || {};
    const controls = {
      category: h('input', { id: `rule-${n}-category`, value: (when.category || []).join('、') }),
      team_id: select({ id: `rule-${n}-team` }, [['', t('choose')], ...teams.map((x) => [String(x.id), x.name])], rule.team_id ? String(rule.team_id) : ''),
      level: select({ id: `rule-${n}-level` }, LEVELS.map((l) => [l, label('level', l)]), rule.level || LEVELS[0]),
    };
    for (const k of LISTS.slice(1)) controls[k] = multi(`rule-${n}-${k}`, choices[k], when[k] || []);
    const title = h('h3');
    const r = { controls, title };
    const move = (d) => () => {
      const i = rows.indexOf(r);
      const j = i + d;
      if (j < 0 || j >= rows.length) return;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      draw();
      r.el.querySelector(d < 0 ? '.up' : '.down').focus();
    };
    r.el = h('li', { class: 'card rule' },
      h('div', { class: 'toolbar' }, title,
        h('button', { type: 'button', class: 'up', onclick: move(-1) }, t('adm_up')),
        h('button', { type: 'button', class: 'down', onclick: move(1) }, t('adm_down')),
        h('button', { type: 'button', class: 'remove', onclick: () => { rows = rows.filter((x) => x !== r); draw(); } }, t('delete'))),
      h('div', { class: 'rule-when' },
        field(t('f_category'), controls.category, t('adm_list_hint')),
        LISTS.slice(1).map((k) => field(t(`adm_when_${k}`), controls[k], t('adm_any_hint')))),
      h('div', { class: 'rule-then' }, field(t('f_team'), controls.team_id), field(t('c_level'), controls.level)));
    r.read = () => {
      const w = {};
      const cats = words(controls.category.value);
      if (cats.length) w.category = cats;
      for (const k of LISTS.slice(1)) {
        const v = [...controls[k].selectedOptions].map((o) => o.value);
        if (v.length) w[k] = v;
      }
      return { when: w, team_id: controls.team_id.value ? Number(controls.team_id.value) : null, level: controls.level.value };
    };
    return r;
  }

  function draw() {
    rows.forEach((r, i) => {
      setText(r.title, t('adm_rule_n', { n: i + 1 }));
      r.el.querySelector('.up').disabled = i === 0;
      r.el.querySelector('.down').disabled = i === rows.length - 1;
    });
    clear(list, rows.map((r) => r.el));
    if (!rows.length) list.append(h('li', { class: 'hint' }, t('adm_no_rules')));
  }

  rows = (table.rules || []).map(row);
  draw();
  const save = h('button', { type: 'submit', class: 'primary', id: 'routing-save' }, t('save'));
  const form = h('form', { class: 'routing', id: 'routing-form', novalidate: true },
    list,
    h('p', null, h('button', {
      type: 'button', id: 'rule-add',
      onclick: () => { rows.push(row({})); draw(); rows[rows.length - 1].controls.category.focus(); },
    }, t('adm_add_rule'))),
    msg, save);
  saveTable(form, save, msg, () => rows, async () => {
    await put('/api/v1/routing', { rules: rows.map((r) => r.read()) });
    toast(t('saved'));
  }, (e) => {
    // "rules[2].team_id", "rules[0].when.channel": beside that control
    const m = /^rules\[(\d+)\](?:\.when)?\.(\w+)/.exec(e.field || '');
    const el = m && rows[Number(m[1])] && rows[Number(m[1])].controls[m[2]];
    return el && { el, text: errorWords(e.errors[0]) };
  });
  clear(root, h('div', { class: 'admin' }, adminTabs('routing'),
    h('h1', null, t('adm_routing')), h('p', { class: 'hint' }, t('adm_routing_hint')), reading, form));
  return null;
}
