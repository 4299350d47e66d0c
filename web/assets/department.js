// department.js - the page a department's contact opens from the mail
// about an improvement action (/department/actions/{id}#t=TOKEN): what is
// asked and by when, a button to accept it, a form to report it done with
// its evidence, and the verdict once kesu has compared the complaints
// before and after. No account: the link's token (after #, never sent to
// a server's logs) goes in the X-Action-Token header.
import { h, clear } from './dom.js';
import { LANGS, LANG_NAMES, lang, setLang, t, useWords, fmtDate } from './i18n.js';

const zhCN = {
  'dept.title': '改进措施', 'dept.what': '需要改进的内容', 'dept.department': '部门',
  'dept.cause': '投诉原因', 'dept.due': '完成期限', 'dept.state': '状态', 'dept.complaints': '相关投诉数',
  'dept.owner': '负责人', 'dept.accept': '接受这项措施', 'dept.evidence': '做了什么改变，如何查验',
  'dept.done_on': '生效日期', 'dept.done': '报告已完成', 'dept.verify_at': '见效核查日期',
  'dept.verdict': '核查结论', 'dept.before': '之前每周/每千单', 'dept.after': '之后每周/每千单',
  'dept.nolink': '链接无效或已失效，请联系客户服务中心。', 'dept.lang': '语言',
  'state.proposed': '待接受', 'state.accepted': '已接受', 'state.done': '已完成，待核查',
  'state.verified': '已见效', 'state.failed': '未见效，已重新打开', 'state.dropped': '已撤销',
  'dept.saved': '已记录，谢谢。', 'dept.failed_hint': '同类投诉没有明显减少，请进一步改进后再次报告完成。',
};
const zhTW = {
  'dept.title': '改善措施', 'dept.what': '需要改善的內容', 'dept.department': '部門',
  'dept.cause': '客訴原因', 'dept.due': '完成期限', 'dept.state': '狀態', 'dept.complaints': '相關客訴數',
  'dept.owner': '負責人', 'dept.accept': '接受這項措施', 'dept.evidence': '做了什麼改變，如何查驗',
  'dept.done_on': '生效日期', 'dept.done': '回報已完成', 'dept.verify_at': '見效查核日期',
  'dept.verdict': '查核結論', 'dept.before': '之前每週/每千單', 'dept.after': '之後每週/每千單',
  'dept.nolink': '連結無效或已失效，請聯絡客戶服務中心。', 'dept.lang': '語言',
  'state.proposed': '待接受', 'state.accepted': '已接受', 'state.done': '已完成，待查核',
  'state.verified': '已見效', 'state.failed': '未見效，已重新開啟', 'state.dropped': '已撤銷',
  'dept.saved': '已記錄，謝謝。', 'dept.failed_hint': '同類客訴沒有明顯減少，請進一步改善後再次回報完成。',
};
const en = {
  'dept.title': 'Improvement action', 'dept.what': 'What is to change', 'dept.department': 'Department',
  'dept.cause': 'Cause of the complaints', 'dept.due': 'Due', 'dept.state': 'State',
  'dept.complaints': 'Complaints that led to it', 'dept.owner': 'Owner',
  'dept.accept': 'Accept this action', 'dept.evidence': 'What was changed, and how it can be checked',
  'dept.done_on': 'In effect since', 'dept.done': 'Report it done', 'dept.verify_at': 'Checked on',
  'dept.verdict': 'Verdict', 'dept.before': 'Before (per week or per 1,000 orders)',
  'dept.after': 'After (per week or per 1,000 orders)',
  'dept.nolink': 'This link is not valid. Please contact customer service.', 'dept.lang': 'Language',
  'state.proposed': 'to accept', 'state.accepted': 'accepted', 'state.done': 'done, to be checked',
  'state.verified': 'worked', 'state.failed': 'did not work, open again', 'state.dropped': 'dropped',
  'dept.saved': 'Recorded, thank you.',
  'dept.failed_hint': 'Complaints of this kind did not fall enough: change more, then report it done again.',
};
useWords({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });

const id = (/^\/department\/actions\/(\d+)$/.exec(location.pathname) || [])[1];
const token = new URLSearchParams(location.hash.slice(1)).get('t') || '';

async function call(method, path, body) {
  const r = await fetch(path, {
    method,
    headers: { 'X-Action-Token': token, 'Content-Type': 'application/json', 'Accept-Language': lang() },
    body: body ? JSON.stringify(body) : undefined,
  });
  const j = await r.json().catch(() => ({}));
  if (!r.ok) throw Object.assign(new Error((j.error && j.error.message) || r.statusText), { status: r.status, field: j.error && j.error.field });
  return j;
}

function row(key, value) {
  return [h('dt', { tr: key }), h('dd', {}, value == null ? '—' : String(value))];
}

function draw(main, x, note) {
  const open = ['proposed', 'accepted', 'failed'].includes(x.state);
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const kids = [
    h('h1', { tr: 'dept.title' }),
    note ? h('p', { class: 'notice', role: 'status' }, note) : null,
    x.state === 'failed' ? h('p', { class: 'notice', tr: 'dept.failed_hint' }) : null,
    h('dl', { class: 'facts', id: 'action' },
      row('dept.what', x.what), row('dept.department', x.department), row('dept.cause', (x.cause_label && x.cause_label[lang()]) || x.cause),
      row('dept.due', fmtDate(x.due_at)), [h('dt', { tr: 'dept.state' }), h('dd', { id: 'state', tr: `state.${x.state}` })],
      row('dept.complaints', x.complaints), row('dept.owner', x.owner_name),
      x.done_at ? row('dept.verify_at', fmtDate(x.verify_at)) : null),
  ];
  if (x.verification) {
    const v = x.verification;
    kids.push(h('dl', { class: 'facts', id: 'verdict' },
      [h('dt', { tr: 'dept.verdict' }), h('dd', { tr: `state.${v.verdict}` })],
      row('dept.before', v.before.rate), row('dept.after', v.after.rate)));
  }
  if (x.state === 'proposed') {
    const owner = h('input', { id: 'owner', name: 'owner_name', maxlength: '100' });
    const f = h('form', { id: 'accept' },
      h('label', { for: 'owner', tr: 'dept.owner' }), owner,
      h('button', { type: 'submit', tr: 'dept.accept' }));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try { draw(main, await call('POST', `/api/v1/department/actions/${id}/accept`, owner.value ? { owner_name: owner.value } : {}), t('dept.saved')); }
      catch (e) { msg.textContent = e.message; }
    });
    kids.push(f);
  }
  if (open) {
    const ev1 = h('textarea', { id: 'evidence', name: 'evidence', rows: '4', maxlength: '4000', required: true });
    const on = h('input', { id: 'done_on', name: 'done_on', type: 'date' });
    const f = h('form', { id: 'done' },
      h('label', { for: 'evidence', tr: 'dept.evidence' }), ev1,
      h('label', { for: 'done_on', tr: 'dept.done_on' }), on,
      h('button', { type: 'submit', tr: 'dept.done' }));
    f.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const body = { evidence: ev1.value };
      if (on.value) body.done_on = on.value;
      try { draw(main, await call('POST', `/api/v1/department/actions/${id}/done`, body), t('dept.saved')); }
      catch (e) { msg.textContent = e.message; }
    });
    kids.push(f);
  }
  kids.push(msg);
  clear(main, ...kids);
}

async function start() {
  const main = document.getElementById('main');
  const select = h('select', { id: 'lang', name: 'lang' },
    LANGS.map((l) => h('option', { value: l, lang: l, selected: l === lang() }, LANG_NAMES[l])));
  select.addEventListener('change', () => setLang(select.value));
  document.body.prepend(h('header', { class: 'bar' }, h('div', { class: 'inner' },
    h('div', { class: 'lang' }, h('label', { for: 'lang', tr: 'dept.lang' }), select))));
  try {
    draw(main, await call('GET', `/api/v1/department/actions/${id}`));
  } catch {
    clear(main, h('h1', { tr: 'dept.title' }), h('p', { class: 'form-error', tr: 'dept.nolink' }));
  }
}
start();
