// calendar.js - the administrators' pages of time. The business calendar:
// the working periods of a day, the working weekdays, public holidays and
// the make-up working days of 调休, on which every working-time clock
// counts. The time limits: the clocks' targets by severity, the rules that
// replace them for a channel, a category or a severity, the follow-up,
// callback and 12315 deadlines, when a clock warns, key customers and
// their visits, and how high kesu escalates by itself.

import { t } from './i18n.js';
import { h, clear, field, fieldError, select, toast, setText } from './dom.js';
import { get, put, post, ApiError } from './api.js';
import { label, options, names } from './fields.js';
import { app, explain, errorWords, categoryLabel } from './app.js';
import { adminTabs, saveTable } from './routing.js';

const MAX_PERIODS = 6;
// Monday first, as Chinese calendars print the week; the API counts from Sunday (0)
const WEEK = [1, 2, 3, 4, 5, 6, 0];
const KINDS = ['holiday', 'workday', 'ordinary'];
const LISTS = { holiday: 'holidays', workday: 'workdays' };

// A table cell holding a control and the place of its error.
const cell = (el) => h('td', null, el, h('p', { class: 'field-error', id: `${el.id}-err`, hidden: true }));

// The words of a refusal: with the rule the control follows when the
// value was the fault, since the code alone says only that it was.
function said(x, rule) {
  const message = errorWords(x);
  return x.code === 'invalid_value' && rule ? t('cal_error_rule', { message, rule }) : message;
}

// "9:00", "09：00" (an IME's colon), "0900" as "09:00"; anything else as
// typed, for the server to judge
function hhmm(s) {
  const v = s.trim().replace('：', ':');
  const m = /^(\d{1,2}):?(\d{2})$/.exec(v);
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : v;
}

function minutes(s) {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  const v = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  return m && Number(m[2]) < 60 && v <= 24 * 60 ? v : NaN;
}

// The first period the server's rule refuses: a time that is none, an end
// not after its start, a start before the end of the one before.
function badPeriod(rows, only) {
  for (let i = 0; i < rows.length; i++) {
    if (only != null && i !== only) continue;
    const a = minutes(hhmm(rows[i].from.value));
    const b = minutes(hhmm(rows[i].to.value));
    if (Number.isNaN(a)) return { i, at: 'from' };
    if (Number.isNaN(b) || b <= a) return { i, at: 'to' };
    if (i > 0 && a < minutes(hhmm(rows[i - 1].to.value))) return { i, at: 'from' };
  }
  return only != null ? { i: only, at: 'from' } : null;
}

/* --- days ---------------------------------------------------------- */

const DAY = 86400e3;
const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
const isoOf = (n) => new Date(n * DAY).toISOString().slice(0, 10);
const weekdayOf = (iso) => new Date(`${iso}T00:00:00Z`).getUTCDay();

// "2027-1-1", "2027/01/01", "2027.1.1", "2027年1月1日" as "2027-01-01";
// null for what is no real date (2026-02-30)
function isoDay(s) {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

// One line of an imported list as an item of POST /api/v1/calendar/days:
// a date, or a range ("2027-02-06 至 2027-02-12", "~", "to"); null if neither.
function dayItem(line, kind) {
  const one = isoDay(line);
  if (one) return { date: one, kind };
  const m = /^(\S+?)\s*(?:~|～|至|到|—|–|\bto\b|\s-\s|\s)\s*(\S+)$/i.exec(line.trim());
  const from = m && isoDay(m[1]);
  const to = m && isoDay(m[2]);
  return from && to ? { from, to, kind } : null;
}

export async function calendarView(root) {
  drawCalendar(root, await get('/api/v1/calendar'));
  return null;
}

function drawCalendar(root, cal) {
  const days = { holidays: [...(cal.holidays || [])], workdays: [...(cal.workdays || [])] };
  const base = JSON.stringify({ periods: cal.periods || [], weekdays: [...(cal.weekdays || [])].sort(),
    holidays: [...days.holidays].sort(), workdays: [...days.workdays].sort() });
  const msg = h('p', { class: 'form-error', role: 'alert' });
  // what an edit of the lists did, for those who do not see the table change
  const told = h('p', { class: 'hint', role: 'status', id: 'cal-days-status' });
  let seq = 0;
  let periods = [];
  let sent = []; // the periods in the order they were sent, for the server's refusal

  /* the working periods of a day */
  const periodRows = h('tbody', { id: 'period-rows' });
  const addPeriod = h('button', {
    type: 'button', id: 'period-add',
    onclick: () => { const r = periodRow(['', '']); periods.push(r); drawPeriods(); r.from.focus(); },
  }, t('cal_add_period'));
  const periodsBox = h('fieldset', { id: 'cal-periods' },
    h('table', { class: 'cal-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('cal_period')), h('th', { scope: 'col' }, t('cal_period_from')),
        h('th', { scope: 'col' }, t('cal_period_to')), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('delete'))))),
      periodRows),
    h('p', null, addPeriod));

  function periodRow([from, to]) {
    const n = ++seq;
    const input = (id, value) => h('input', { id, value, size: '6', inputmode: 'numeric', autocomplete: 'off' });
    const r = { from: input(`period-${n}-from`, from), to: input(`period-${n}-to`, to), head: h('th', { scope: 'row' }), which: h('span', { class: 'sr-only' }) };
    r.remove = h('button', {
      type: 'button', class: 'link',
      onclick: () => {
        const i = periods.indexOf(r);
        periods.splice(i, 1);
        drawPeriods();
        const next = periods[i] || periods[i - 1];
        (next ? next.remove : addPeriod).focus();
      },
    }, t('delete'), ' ', r.which);
    r.el = h('tr', null, r.head, cell(r.from), cell(r.to), h('td', null, r.remove));
    return r;
  }

  function drawPeriods() {
    periods.forEach((r, i) => {
      setText(r.head, t('cal_period_n', { n: i + 1 }));
      setText(r.which, t('cal_period_n', { n: i + 1 }));
      r.from.setAttribute('aria-label', t('cal_period_from_n', { n: i + 1 }));
      r.to.setAttribute('aria-label', t('cal_period_to_n', { n: i + 1 }));
    });
    clear(periodRows, periods.map((r) => r.el));
    addPeriod.disabled = periods.length >= MAX_PERIODS;
  }

  /* the working weekdays */
  const weekBoxes = WEEK.map((d) => h('input', { type: 'checkbox', id: `cal-wd-${d}`, value: String(d), checked: (cal.weekdays || []).includes(d), onchange: () => drawDays() }));
  const weekBox = h('fieldset', { id: 'cal-weekdays' },
    h('div', { class: 'cal-week' }, weekBoxes.map((b) => h('label', { class: 'check', for: b.id }, b, t(`cal_wd_${b.value}`)))));

  /* holidays and make-up working days */
  const kind = select({ id: 'cal-add-kind' }, KINDS.map((k) => [k, t(`cal_kind_${k}`)]), 'holiday');
  const from = h('input', { type: 'date', id: 'cal-add-from' });
  const to = h('input', { type: 'date', id: 'cal-add-to' });
  const add = h('button', { type: 'button', id: 'cal-add', onclick: () => addDays() }, t('cal_add_days'));
  // Enter in the row adds its days instead of saving the whole form
  for (const el of [kind, from, to]) el.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); addDays(); } });
  const addBox = h('fieldset', { id: 'cal-add-group' }, h('legend', null, t('cal_add_title')),
    h('div', { class: 'cal-add' }, field(t('cal_kind'), kind), field(t('cal_day_from'), from), field(t('cal_day_to'), to, t('cal_day_to_hint')), h('p', null, add)));

  function listBox(name) {
    const body = h('tbody', { id: `${name}-rows` });
    const count = h('p', { class: 'hint', id: `${name}-count` });
    const box = h('fieldset', { id: `cal-${name}` }, count,
      h('table', { class: 'cal-table cal-days' },
        h('thead', null, h('tr', null, [t('cal_date'), t('cal_weekday'), t('cal_note')].map((x) => h('th', { scope: 'col' }, x)),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('delete'))))),
        body));
    return { body, count, box };
  }
  const lists = { holidays: listBox('holidays'), workdays: listBox('workdays') };
  const past = h('button', { type: 'button', id: 'cal-drop-past', onclick: () => dropPast() }, t('cal_drop_past'));
  const pastDays = () => (app.today ? [...days.holidays, ...days.workdays].filter((d) => d < app.today) : []);

  function drawDays() {
    const working = new Set(weekBoxes.filter((b) => b.checked).map((b) => Number(b.value)));
    for (const name of ['holidays', 'workdays']) {
      const list = days[name].sort();
      const { body, count } = lists[name];
      setText(count, t('cal_days_count', { n: list.length }));
      clear(body, list.map((iso) => {
        const wd = weekdayOf(iso);
        // a holiday on a day off, a make-up day on a working weekday: it changes nothing
        const idle = name === 'holidays' ? !working.has(wd) : working.has(wd);
        return h('tr', { dataset: { day: iso } },
          h('th', { scope: 'row' }, iso), h('td', null, t(`cal_wd_${wd}`)),
          h('td', { class: 'hint' }, idle ? t(name === 'holidays' ? 'cal_rest_anyway' : 'cal_work_anyway') : ''),
          h('td', null, h('button', { type: 'button', class: 'link', onclick: () => drop(name, iso) }, t('delete'), ' ', h('span', { class: 'sr-only' }, iso))));
      }));
      if (!list.length) body.append(h('tr', null, h('td', { colspan: '4', class: 'hint' }, t('cal_no_days'))));
    }
    past.disabled = !pastDays().length;
  }

  function drop(name, iso) {
    const i = days[name].indexOf(iso);
    days[name] = days[name].filter((d) => d !== iso);
    drawDays();
    setText(told, t('cal_removed', { date: iso }));
    const buttons = lists[name].body.querySelectorAll('button');
    (buttons[i] || buttons[i - 1] || add).focus();
  }

  function dropPast() {
    const gone = new Set(pastDays());
    for (const name of ['holidays', 'workdays']) days[name] = days[name].filter((d) => !gone.has(d));
    drawDays();
    setText(told, t('cal_dropped_past', { n: gone.size }));
    add.focus();
  }

  // A date or a range marked one kind, as the server merges an import: a
  // day is one thing, so marking it takes it off the other list.
  function addDays() {
    fieldError(from, '');
    fieldError(to, '');
    const a = from.value;
    const b = to.value || a;
    if (!isoDay(a)) { fieldError(from, t('cal_need_date')); from.focus(); return; }
    if (!isoDay(b) || dayNo(b) < dayNo(a) || dayNo(b) - dayNo(a) > 366) { fieldError(to, t('cal_range_rule')); to.focus(); return; }
    const list = LISTS[kind.value];
    let n = 0;
    for (let d = dayNo(a); d <= dayNo(b); d++, n++) {
      const iso = isoOf(d);
      for (const name of ['holidays', 'workdays']) days[name] = days[name].filter((x) => x !== iso);
      if (list) days[list].push(iso);
    }
    from.value = '';
    to.value = '';
    drawDays();
    setText(told, t(list ? 'cal_added' : 'cal_marked_ordinary', { n }));
    from.focus();
  }

  function read() {
    // in order of their start, as the server wants them
    const start = (r) => { const m = minutes(hhmm(r.from.value)); return Number.isNaN(m) ? 1e9 : m; };
    sent = [...periods].sort((x, y) => start(x) - start(y));
    return {
      periods: sent.map((r) => [hhmm(r.from.value), hhmm(r.to.value)]),
      weekdays: weekBoxes.filter((b) => b.checked).map((b) => Number(b.value)).sort(),
      holidays: [...days.holidays].sort(),
      workdays: [...days.workdays].sort(),
    };
  }

  periods = (cal.periods || []).map(periodRow);
  drawPeriods();
  drawDays();
  const save = h('button', { type: 'submit', class: 'primary', id: 'calendar-save' }, t('save'));
  const form = h('form', { id: 'calendar-form', novalidate: true },
    field(t('cal_periods'), periodsBox, t('cal_periods_hint')),
    field(t('cal_weekdays'), weekBox, t('cal_weekdays_hint')),
    h('h2', null, t('cal_days')), h('p', { class: 'hint' }, t('cal_days_hint')),
    addBox, told,
    h('div', { class: 'cal-lists' }, field(t('cal_holidays'), lists.holidays.box), field(t('cal_workdays'), lists.workdays.box)),
    h('p', null, past),
    msg, save);
  const controls = () => [{ controls: [periodsBox, weekBox, lists.holidays.box, lists.workdays.box, ...periods.flatMap((r) => [r.from, r.to])] }];
  saveTable(form, save, msg, controls, async () => {
    const saved = await put('/api/v1/calendar', read());
    toast(t('saved'));
    drawCalendar(root, saved);
  }, (e) => {
    // "periods" (its index in the words only), "periods[1]", "holidays[3]"
    const x = e.errors[0];
    const m = /^(periods|weekdays|holidays|workdays)(?:\[(\d+)\])?/.exec(x.field || '');
    if (!m) return null;
    if (m[1] === 'periods') {
      const bad = badPeriod(sent, m[2] != null ? Number(m[2]) : null);
      const r = bad && sent[bad.i];
      return r ? { el: r[bad.at], text: said(x, t('cal_period_rule')) } : { el: periodsBox, text: said(x, t('cal_periods_count')) };
    }
    if (m[1] === 'weekdays') return { el: weekBox, text: errorWords(x) };
    const list = days[m[1]];
    const at = m[2] != null && list[Number(m[2])];
    return { el: lists[m[1]].box, text: at ? t('error_field', { field: at, message: said(x, t('cal_days_rule')) }) : said(x, t('cal_days_rule')) };
  });

  /* a list of days imported at once: the next year's official schedule */
  const importKind = select({ id: 'cal-import-kind' }, KINDS.map((k) => [k, t(`cal_kind_${k}`)]), 'holiday');
  const paste = h('textarea', { id: 'cal-import-list', rows: '5' });
  const importMsg = h('p', { class: 'form-error', role: 'alert' });
  const importGo = h('button', { type: 'submit', id: 'cal-import-go' }, t('cal_import_go'));
  const importForm = h('form', { id: 'calendar-import', class: 'card cal-import', novalidate: true },
    h('h2', null, t('cal_import')), h('p', { class: 'hint' }, t('cal_import_hint')),
    field(t('cal_kind'), importKind), field(t('cal_import_list'), paste, t('cal_import_list_hint')),
    importMsg, importGo);
  importForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(importMsg, '');
    fieldError(paste, '');
    const lines = paste.value.split(/[\n,，、;；]+/).map((s) => s.trim()).filter(Boolean);
    if (!lines.length) { fieldError(paste, t('cal_import_empty')); paste.focus(); return; }
    const items = [];
    for (const [i, line] of lines.entries()) {
      const item = dayItem(line, importKind.value);
      if (!item) { fieldError(paste, t('cal_import_bad', { n: i + 1, line })); paste.focus(); return; }
      items.push(item);
    }
    // the import changes the calendar in force: edits not saved would be lost
    if (JSON.stringify(read()) !== base) { setText(importMsg, t('cal_import_save_first')); return; }
    importGo.disabled = true;
    try {
      const saved = await post('/api/v1/calendar/days', { days: items });
      toast(t('cal_imported', { n: items.length }));
      drawCalendar(root, saved);
    } catch (e) {
      const x = e instanceof ApiError && e.errors[0];
      const m = x && /^days\[(\d+)\]/.exec(x.field);
      if (m && lines[Number(m[1])] != null) {
        fieldError(paste, t('cal_import_line', { n: Number(m[1]) + 1, line: lines[Number(m[1])], message: said(x, t('cal_range_rule')) }));
        paste.focus();
      } else setText(importMsg, explain(e));
    }
    importGo.disabled = false;
  });

  clear(root, h('div', { class: 'admin' }, adminTabs('calendar'),
    h('h1', null, t('adm_calendar')), h('p', { class: 'hint' }, t('cal_hint')), form, importForm));
}

/* --- time limits ---------------------------------------------------- */

const TARGETS = ['acknowledge', 'first_response', 'resolution'];
// kesu escalates by itself at most to management: platform and PR are a person's decision
const LEVELS = ['agent', 'supervisor', 'management'];
const MAX_RULES = 32;

// "4 H", "５ｗｄ" as "4h", "5wd": durations as the API writes them
const duration = (s) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
// a whole number, or what was typed for the server to refuse
function int(el) {
  const v = el.value.trim();
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

const durationInput = (id, value, props = {}) =>
  h('input', { id, value: value || '', size: '7', autocomplete: 'off', spellcheck: 'false', ...props });

export async function slaView(root) {
  const [sla, cats] = await Promise.all([get('/api/v1/sla'), app.categories()]);
  drawSla(root, sla, cats);
  return null;
}

function drawSla(root, sla, cats) {
  // the controls by the API's path of what they set: a refusal names it
  const controls = {};
  // the rule a control's value follows: said beside a value refused
  const rules = new Map();
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const set = (path, el, rule, required) => {
    controls[path] = el;
    if (rule) rules.set(el, rule);
    if (required) el.dataset.required = '1';
    return el;
  };
  let seq = 0;
  let rows = [];

  /* the targets by severity, the most severe first */
  const sevs = options('severity').reverse();
  const hintId = 'sla-targets-box-hint';
  const targetsBox = h('fieldset', { id: 'sla-targets-box' },
    h('table', { class: 'cal-table', id: 'sla-targets' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('f_severity')), TARGETS.map((k) => h('th', { scope: 'col' }, t(`sla_${k}`))))),
      h('tbody', null, sevs.map(([sev, words]) => h('tr', { dataset: { severity: sev } },
        h('th', { scope: 'row' }, words),
        TARGETS.map((k) => cell(set(`severity.${sev}.${k}`,
          durationInput(`sla-${sev}-${k}`, ((sla.severity || {})[sev] || {})[k],
            { 'aria-label': t('sla_target_of', { severity: words, target: t(`sla_${k}`) }), 'aria-describedby': hintId }),
          'sla_rule_working', true))))))));

  /* the rules that replace them */
  const list = h('ol', { class: 'rules', id: 'sla-rules' });
  const addRule = h('button', {
    type: 'button', id: 'sla-rule-add',
    onclick: () => { rows.push(ruleRow({})); drawRules(); rows[rows.length - 1].controls.channel.focus(); },
  }, t('adm_add_rule'));

  function ruleRow(rule) {
    const n = ++seq;
    const any = ['', t('sla_any')];
    const catOptions = cats.map((c) => [c.name, categoryLabel(c)]);
    // a category no longer listed still shows what the rule holds
    if (rule.category && !cats.some((c) => c.name === rule.category)) catOptions.push([rule.category, rule.category]);
    // a channel saved before channels were checked shows as written, not as
    // "any" (saving would widen the rule); the server asks for a real one
    const chOptions = options('channel');
    if (rule.channel && !chOptions.some(([v]) => v === rule.channel)) chOptions.push([rule.channel, rule.channel]);
    const hint = `sla-rule-${n}-hint`;
    const c = {
      channel: select({ id: `sla-rule-${n}-channel` }, [any, ...chOptions], rule.channel || ''),
      category: select({ id: `sla-rule-${n}-category` }, [any, ...catOptions], rule.category || ''),
      severity: select({ id: `sla-rule-${n}-severity` }, [any, ...options('severity')], rule.severity || ''),
    };
    for (const k of TARGETS) {
      c[k] = durationInput(`sla-rule-${n}-${k}`, rule[k], { 'aria-describedby': `${hint} ${hintId}` });
      rules.set(c[k], 'sla_rule_working');
    }
    const title = h('h3');
    const r = { controls: c, title };
    const move = (d) => () => {
      const i = rows.indexOf(r);
      const j = i + d;
      if (j < 0 || j >= rows.length) return;
      [rows[i], rows[j]] = [rows[j], rows[i]];
      drawRules();
      r.el.querySelector(d < 0 ? '.up' : '.down').focus();
    };
    r.el = h('li', { class: 'card rule sla-rule' },
      h('div', { class: 'toolbar' }, title,
        h('button', { type: 'button', class: 'up', onclick: move(-1) }, t('adm_up')),
        h('button', { type: 'button', class: 'down', onclick: move(1) }, t('adm_down')),
        h('button', { type: 'button', class: 'remove', onclick: () => { rows = rows.filter((x) => x !== r); drawRules(); addRule.focus(); } }, t('delete'))),
      h('div', { class: 'rule-when' }, field(t('f_channel'), c.channel), field(t('f_category'), c.category), field(t('f_severity'), c.severity)),
      h('p', { class: 'hint', id: hint }, t('sla_rule_targets_hint')),
      h('div', { class: 'rule-then' }, TARGETS.map((k) => field(t(`sla_${k}`), c[k]))));
    r.read = () => {
      const o = {};
      for (const k of ['channel', 'category', 'severity']) if (c[k].value) o[k] = c[k].value;
      for (const k of TARGETS) if (duration(c[k].value)) o[k] = duration(c[k].value);
      return o;
    };
    return r;
  }

  function drawRules() {
    rows.forEach((r, i) => {
      setText(r.title, t('adm_rule_n', { n: i + 1 }));
      r.el.querySelector('.up').disabled = i === 0;
      r.el.querySelector('.down').disabled = i === rows.length - 1;
    });
    clear(list, rows.map((r) => r.el));
    if (!rows.length) list.append(h('li', { class: 'hint' }, t('adm_no_rules')));
    addRule.disabled = rows.length >= MAX_RULES;
  }

  /* follow-up, callback, 12315, warnings */
  const other = (k) => field(t(`sla_${k}`), set(k, durationInput(`sla-${k}`, sla[k]), 'sla_rule_duration', true), t(`sla_${k}_hint`));
  const number = (path, id, value, min, max, rule) =>
    set(path, h('input', { type: 'number', id, min: String(min), max: String(max), step: '1', value: value == null ? '' : String(value) }), rule);
  const key = sla.key_customer || {};
  const visits = sla.key_customer_visits || {};
  const every = /^(\d+)(mo|d)$/.exec(visits.every || '') || [null, '', 'mo'];
  const everyUnit = select({ id: 'sla-visits-unit' }, [['mo', t('sla_unit_mo')], ['d', t('sla_unit_d')]], every[2]);

  rows = (sla.rules || []).map(ruleRow);
  drawRules();
  const save = h('button', { type: 'submit', class: 'primary', id: 'sla-save' }, t('save'));
  const form = h('form', { id: 'sla-form', novalidate: true },
    field(t('sla_targets'), targetsBox, t('sla_duration_hint')),
    h('h2', null, t('sla_rules')), h('p', { class: 'hint' }, t('sla_rules_hint')),
    list, h('p', null, addRule),
    h('div', { class: 'sla-groups' },
      field(t('sla_others'), h('fieldset', { id: 'sla-others' },
        other('follow_up'), other('callback'), other('negotiation'),
        field(t('sla_warn_percent'), number('warn_percent', 'sla-warn_percent', sla.warn_percent, 1, 99, 'sla_rule_percent'), t('sla_warn_percent_hint')))),
      field(t('sla_key'), h('fieldset', { id: 'sla-key' },
        field(t('sla_key_min_severity'), set('key_customer.min_severity', select({ id: 'sla-key-min_severity' }, options('severity'), key.min_severity))),
        field(t('sla_key_repeat'), number('key_customer.repeat_within_days', 'sla-key-repeat', key.repeat_within_days, 0, 3650, 'sla_rule_repeat'), t('sla_key_repeat_hint')))),
      field(t('sla_visits'), h('fieldset', { id: 'sla-visits' },
        h('div', { class: 'sla-every' },
          field(t('sla_every'), number('key_customer_visits.every', 'sla-visits-every', every[1], 1, 365, 'sla_rule_every')),
          field(t('sla_every_unit'), everyUnit)),
        field(t('sla_times'), number('key_customer_visits.times', 'sla-visits-times', visits.times, 0, 12, 'sla_rule_times'), t('sla_times_hint')),
        field(t('sla_method'), set('key_customer_visits.method', select({ id: 'sla-visits-method' }, options('visit_method'), visits.method)))), t('sla_visits_hint')),
      field(t('sla_escalation'), h('fieldset', { id: 'sla-escalation' },
        field(t('sla_max_level'), set('auto_escalation_max_level', select({ id: 'sla-max-level' }, LEVELS.map((l) => [l, label('level', l)]), sla.auto_escalation_max_level)), t('sla_max_level_hint'))))),
    msg, save);

  function read() {
    // an empty duration would keep the default without a word: refused here
    const empty = Object.entries(controls).find(([, el]) => el.dataset.required && !el.value.trim());
    if (empty) throw new ApiError(400, { error: { code: 'missing_field', field: empty[0], reason: 'required' } });
    const d = (k) => duration(controls[k].value);
    return {
      severity: Object.fromEntries(names('severity').map((s) => [s, Object.fromEntries(TARGETS.map((k) => [k, d(`severity.${s}.${k}`)]))])),
      rules: rows.map((r) => r.read()),
      follow_up: d('follow_up'),
      callback: d('callback'),
      negotiation: d('negotiation'),
      warn_percent: int(controls.warn_percent),
      key_customer: { min_severity: controls['key_customer.min_severity'].value, repeat_within_days: int(controls['key_customer.repeat_within_days']) },
      key_customer_visits: {
        every: `${controls['key_customer_visits.every'].value.trim()}${everyUnit.value}`,
        times: int(controls['key_customer_visits.times']),
        method: controls['key_customer_visits.method'].value,
      },
      auto_escalation_max_level: controls.auto_escalation_max_level.value,
    };
  }

  saveTable(form, save, msg, () => [{ controls }, ...rows], async () => {
    const saved = await put('/api/v1/sla', read());
    toast(t('saved'));
    drawSla(root, saved, cats);
  }, (e) => {
    // "severity.high.resolution", "rules[2].channel", "key_customer_visits.every"
    const x = e.errors[0];
    const f = x.field || '';
    const m = /^rules\[(\d+)\](?:\.(\w+))?$/.exec(f);
    let el = controls[f];
    if (m) {
      const r = rows[Number(m[1])];
      if (!r) return null;
      if (!m[2]) {
        // the rule itself: a condition or a target is missing
        const c = r.controls;
        const cond = c.channel.value || c.category.value || c.severity.value;
        return { el: cond ? c.acknowledge : c.channel, text: said(x, t(cond ? 'sla_rule_no_target' : 'sla_rule_no_condition')) };
      }
      el = r.controls[m[2]];
    }
    // "severity.high": its first control
    if (!el && f) el = controls[Object.keys(controls).find((k) => k.startsWith(`${f}.`))];
    return el && { el, text: said(x, rules.has(el) ? t(rules.get(el)) : '') };
  });
  clear(root, h('div', { class: 'admin' }, adminTabs('sla'),
    h('h1', null, t('adm_sla')), h('p', { class: 'hint' }, t('sla_hint')), form));
}
