// checklists.js - prevention checklists (自我筛查, domain.md 10): the runs
// to do (due and overdue) and the finished ones, the checklists with a
// button to start one before a campaign, and a run's form: pass, fail or
// not applicable per item with a note, "make an improvement action" on a
// failed item, and on the history item the causes Pareto of the last days
// with the improvement actions still open.

import { t, lang, fmtTime } from './i18n.js';
import { h, clear, select, field, fieldError, toast } from './dom.js';
import { get, post, query } from './api.js';
import { label } from './fields.js';
import { app, causeLabel, fail, showErrors } from './app.js';

/* A text of the server's: free, or {zh-CN, zh-TW, en}. */
function text(v) {
  if (v == null) return '';
  if (typeof v === 'string') return v;
  return v[lang()] || v['zh-CN'] || '';
}

const badge = (s, id) => h('span', { class: `badge ck-state ck-state-${s}`, id }, label('checklist_run_state', s));

/* Whether the caller answers runs of owner: the owner role, or those who
 * keep the checklists. */
function mayAnswer(owner) {
  return app.can('complaint.edit') && (app.can('complaint.assign') || (app.me && app.me.role === owner));
}

function runFor(r) {
  return r.occasion || (r.day ? t('ck_for_day', { day: r.day }) : '—');
}

function row(r) {
  const href = `#/checklist-run/${r.id}`;
  return h('tr', { dataset: { run: String(r.id), state: r.state }, onclick: (ev) => { if (!ev.target.closest('a')) app.go(href); } },
    h('td', { class: 'title' }, h('a', { href }, text(r.name))),
    h('td', null, runFor(r)),
    h('td', null, badge(r.state)),
    h('td', null, h('time', { datetime: r.due_at }, fmtTime(r.due_at))),
    h('td', null, t('ck_progress', { answered: r.answered, items: r.item_count, failed: r.failed })));
}

/* A checklist with its start button for those who answer it. */
function checklistCard(k) {
  const occasion = h('input', { id: `ck-occasion-${k.id}`, maxlength: '200' });
  const start = async (ev) => {
    ev.preventDefault();
    try {
      const r = await post(`/api/v1/checklists/${k.id}/runs`, occasion.value.trim() ? { occasion: occasion.value.trim() } : {});
      toast(t('ck_started'));
      app.go(`#/checklist-run/${r.id}`);
    } catch (e) {
      const rest = showErrors(e, { occasion });
      if (rest) toast(rest, 'error');
    }
  };
  return h('li', { class: 'card ck-list', dataset: { checklist: String(k.id), frequency: k.frequency } },
    h('h3', null, text(k.name)),
    h('p', { class: 'hint' }, t('ck_list_line', { n: k.items.length, frequency: label('checklist_frequency', k.frequency), role: label('role', k.owner_role) })),
    k.active && mayAnswer(k.owner_role) && h('form', { class: 'ck-start', id: `ck-start-${k.id}`, onsubmit: start },
      field(t('ck_occasion'), occasion, t('ck_occasion_hint')),
      h('button', { type: 'submit', class: 'primary', id: `ck-start-button-${k.id}` }, t('ck_start'))));
}

/* The runs: tab 'overdue' or 'done', none for every open one. */
export async function checklistsView(root, tab) {
  const state = ['overdue', 'done'].includes(tab) ? tab : null;
  const [runs, lists] = await Promise.all([
    get(`/api/v1/checklist-runs${query({ state, limit: 100 })}`),
    get('/api/v1/checklists'),
  ]);
  const tabs = [[null, '#/checklists', t('ck_tab_open')], ['overdue', '#/checklists/overdue', label('checklist_run_state', 'overdue')],
    ['done', '#/checklists/done', label('checklist_run_state', 'done')]];
  const col = (key) => h('th', { scope: 'col' }, t(key));
  clear(root, h('section', { class: 'checklists-view', 'aria-labelledby': 'ck-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'ck-title' }, t('ck_title'))),
    h('p', { class: 'hint' }, t('ck_intro')),
    h('nav', { class: 'tabs ck-tabs', id: 'ck-tabs', 'aria-label': t('ck_tabs') }, tabs.map(([s, href, words]) =>
      h('a', { href, 'aria-current': s === state ? 'page' : null, dataset: { state: s || 'open' } }, words))),
    h('table', { class: 'queue ck-table', id: 'ck-runs' },
      h('caption', { class: 'sr-only' }, state ? label('checklist_run_state', state) : t('ck_tab_open')),
      h('thead', null, h('tr', null, col('ck_col_name'), col('ck_col_for'), col('ck_col_state'), col('ck_col_due'), col('ck_col_progress'))),
      h('tbody', null, runs.items.map(row))),
    h('p', { class: 'empty', id: 'ck-none', hidden: runs.items.length > 0 }, t('ck_none')),
    h('h2', null, t('ck_lists')),
    h('ul', { class: 'ck-lists', id: 'ck-lists' }, lists.items.filter((k) => k.active).map(checklistCard))));
  return null;
}

/* --- a run ------------------------------------------------------------------------------- */

const RESULTS = ['pass', 'fail', 'not_applicable'];

/* The history item: the causes Pareto and the open improvement actions. */
function historyBox(hist) {
  const col = (key) => h('th', { scope: 'col' }, t(key));
  const pct = (x) => `${Math.round(x * 100)}%`;
  return h('section', { class: 'ck-history', id: 'ck-history' },
    h('h3', null, t('ck_history', { days: hist.days, n: hist.complaints })),
    hist.pareto.length
      ? h('table', { class: 'queue ck-pareto', id: 'ck-pareto' },
        h('thead', null, h('tr', null, col('ck_col_cause'), col('ck_col_count'), col('ck_col_share'), col('ck_col_cumulative'))),
        h('tbody', null, hist.pareto.map((p) => h('tr', { dataset: { cause: p.cause, vital: String(p.vital_few) } },
          h('td', null, causeLabel({ key: p.cause, label: p.label }), p.vital_few && [' ', h('span', { class: 'badge ck-vital' }, t('ck_vital'))]),
          h('td', { class: 'num' }, String(p.count)), h('td', { class: 'num' }, pct(p.share)), h('td', { class: 'num' }, pct(p.cumulative))))))
      : h('p', { class: 'empty' }, t('ck_history_none')),
    h('h3', null, t('ck_open_actions')),
    hist.open_actions.length
      ? h('ul', { id: 'ck-open-actions' }, hist.open_actions.map((x) => h('li', { dataset: { action: String(x.id) } },
        t('ck_open_line', { id: x.id, what: x.what, department: x.department, due: fmtTime(x.due_at) }))))
      : h('p', { class: 'empty', id: 'ck-open-none' }, t('ck_open_none')));
}

/* "Make an improvement action" on a failed item: its cause, department,
 * what will change and by when. */
async function actionForm(run, item, redraw) {
  const [causes, depts] = await Promise.all([app.causes(),
    app.once('departments', () => get('/api/v1/departments')).then((r) => r.items || [])]);
  const n = item.n;
  const c = {
    cause: select({ id: `ck-action-cause-${n}` }, causes.filter((k) => k.active !== false).map((k) => [k.key, causeLabel(k)])),
    department_id: select({ id: `ck-action-department-${n}` }, [['', '—'], ...depts.map((d) => [String(d.id), d.name])]),
    what: h('textarea', { id: `ck-action-what-${n}`, rows: '2', maxlength: '2000', value: item.answer.note || '' }),
    due: h('input', { id: `ck-action-due-${n}`, type: 'date' }),
  };
  const submit = async (ev) => {
    ev.preventDefault();
    for (const el of Object.values(c)) fieldError(el, '');
    const body = { cause: c.cause.value, what: c.what.value.trim(), due: c.due.value };
    if (c.department_id.value) body.department_id = Number(c.department_id.value);
    try {
      const r = await post(`/api/v1/checklist-runs/${run.id}/items/${n}/action`, body);
      toast(t('ck_action_made', { id: r.action_id }));
      redraw(r);
    } catch (e) {
      const rest = showErrors(e, c);
      if (rest) toast(rest, 'error');
    }
  };
  return h('details', { class: 'ck-action', id: `ck-action-${n}` },
    h('summary', null, t('ck_action')),
    h('form', { id: `ck-action-form-${n}`, novalidate: true, onsubmit: submit },
      field(t('ck_action_cause'), c.cause), field(t('ck_action_department'), c.department_id),
      field(t('ck_action_what'), c.what), field(t('ck_action_due'), c.due),
      h('button', { type: 'submit', class: 'primary', id: `ck-action-submit-${n}` }, t('ck_action_submit'))));
}

/* One item: its text, the result and the note (editable or not), what was
 * answered, the action of a failed one, the history. */
async function itemBox(run, item, editable, redraw) {
  const n = item.n;
  const a = item.answer;
  const group = h('fieldset', { class: 'ck-results', id: `ck-result-${n}` }, RESULTS.map((r) => h('label', { class: 'ck-choice' },
    h('input', { type: 'radio', name: `ck-result-${n}`, id: `ck-result-${n}-${r}`, value: r, checked: !!a && a.result === r, disabled: !editable }),
    ' ', label('checklist_result', r))));
  const note = h('textarea', { id: `ck-note-${n}`, rows: '2', maxlength: '2000', value: (a && a.note) || '', disabled: !editable });
  let action = null;
  if (a && a.action_id) action = h('p', { class: 'ck-action-made', id: `ck-action-made-${n}`, dataset: { action: String(a.action_id) } }, t('ck_action_made', { id: a.action_id }));
  else if (a && a.result === 'fail' && app.can('complaint.assign')) action = await actionForm(run, item, redraw);
  return {
    group, note,
    box: h('fieldset', { class: `card ck-item${a ? ` ck-${a.result}` : ''}`, id: `ck-item-${n}`, dataset: { n: String(n), result: a ? a.result : '' } },
      h('legend', null, `${n}. ${text(item.text)}`),
      field(t('ck_result'), group),
      field(t('ck_note'), note, t('ck_note_hint')),
      a && h('p', { class: 'hint ck-answered' }, t('ck_answered_by', { who: a.answered_by, time: fmtTime(a.answered_at) })),
      action,
      item.history && historyBox(item.history)),
  };
}

export async function checklistRunView(root, id) {
  const draw = async (run) => {
    const editable = run.state !== 'done' && mayAnswer(run.owner_role);
    const boxes = [];
    for (const item of run.items) boxes.push(await itemBox(run, item, editable, draw));
    const save = async (ev) => {
      ev.preventDefault();
      const sent = [];
      const answers = [];
      run.items.forEach((item, k) => {
        const chosen = boxes[k].group.querySelector('input:checked');
        fieldError(boxes[k].note, '');
        fieldError(boxes[k].group, '');
        if (!chosen) return;
        const x = { n: item.n, result: chosen.value };
        if (boxes[k].note.value.trim()) x.note = boxes[k].note.value.trim();
        answers.push(x);
        sent.push(boxes[k]);
      });
      if (!answers.length) { toast(t('ck_nothing'), 'error'); return; }
      try {
        const r = await post(`/api/v1/checklist-runs/${run.id}/answers`, { answers });
        toast(t('ck_saved'));
        await draw(r);
      } catch (e) {
        const controls = {};
        sent.forEach((b, k) => { controls[`answers[${k}].note`] = b.note; controls[`answers[${k}].result`] = b.group; controls[`answers[${k}].n`] = b.group; });
        const rest = showErrors(e, controls);
        if (rest) toast(rest, 'error');
      }
    };
    const finish = async () => {
      try {
        const r = await post(`/api/v1/checklist-runs/${run.id}/finish`);
        toast(t('ck_finished_toast'));
        await draw(r);
      } catch (e) { fail(e); }
    };
    clear(root, h('article', { class: 'checklist-run', dataset: { run: String(run.id), state: run.state }, 'aria-labelledby': 'ck-run-title' },
      h('p', null, h('a', { href: '#/checklists', id: 'ck-back' }, t('ck_back'))),
      h('div', { class: 'toolbar' }, h('h1', { id: 'ck-run-title' }, text(run.name)), badge(run.state, 'ck-run-state')),
      h('p', { class: 'hint', id: 'ck-run-for' }, runFor(run), ' · ', t('ck_due', { time: fmtTime(run.due_at) }),
        run.finished_at && [' · ', t('ck_finished', { who: run.finished_by, time: fmtTime(run.finished_at) })]),
      h('form', { id: 'ck-form', novalidate: true, onsubmit: save },
        boxes.map((b) => b.box),
        editable && h('div', { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', id: 'ck-save' }, t('ck_save')),
          h('button', { type: 'button', id: 'ck-finish', onclick: finish }, t('ck_finish'))))));
  };
  await draw(await get(`/api/v1/checklist-runs/${id}`));
  return null;
}

