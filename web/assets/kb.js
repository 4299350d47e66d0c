// kb.js - the knowledge base (知识库): the unified response scripts
// (统一应答口径) per category, step and language, kept by supervisors, with
// the actions a script may carry as a macro, and the articles that grow
// from closed cases. On a complaint's page, its scripts filled in by the
// server (contacts masked as the reader must see them), to copy.

import { t, fmtTime } from './i18n.js';
import { h, clear, field, fieldError, select, setText, add } from './dom.js';
import { get, post, patch, del, query, ApiError } from './api.js';
import { label, options } from './fields.js';
import { app, fail, explain, causeLabel, errorWords } from './app.js';
import { categoryList } from './register.js';

const PLACEHOLDERS = ['{customer_name}', '{customer_phone}', '{tracking_no}', '{due}', '{object_name}', '{category}', '{agent_name}', '{company}'];

// The macro part of a script's form: what applying it does, each blank
// for "not done". value() is the actions to send ({} removes them).
function actionControls(s, causes) {
  const a = s.actions || {};
  const blank = [['', t('kb_unchanged')]];
  const reply = h('textarea', { id: 'macro-reply', name: 'actions.reply', rows: '3' });
  reply.value = a.reply || '';
  const state = select({ id: 'macro-state', name: 'actions.state' }, [...blank, ...options('status')], a.state || '');
  const cause = select({ id: 'macro-cause', name: 'actions.cause' },
    [...blank, ...causes.filter((x) => x.active !== false || x.key === a.cause).map((x) => [x.key, causeLabel(x)])], a.cause || '');
  const responsibility = select({ id: 'macro-responsibility', name: 'actions.responsibility' },
    [...blank, ...options('responsibility')], a.responsibility || '');
  const assign = select({ id: 'macro-assign', name: 'actions.assign' },
    [...blank, ['self', t('kb_macro_assign_self')], ['team', t('kb_macro_assign_team')]], a.assign || '');
  const controls = { 'actions.reply': reply, 'actions.state': state, 'actions.cause': cause, 'actions.responsibility': responsibility, 'actions.assign': assign };
  const set = h('fieldset', { class: 'macro-fields', id: 'script-actions' },
    h('legend', null, t('kb_actions')), h('p', { class: 'hint' }, t('kb_actions_hint')),
    field(t('kb_macro_reply'), reply), field(t('kb_macro_state'), state), field(t('c_cause'), cause),
    field(t('kb_responsibility'), responsibility), field(t('kb_macro_assign'), assign));
  const value = () => Object.fromEntries(Object.entries(controls)
    .map(([k, el]) => [k.slice('actions.'.length), k === 'actions.reply' ? el.value.trim() : el.value]).filter(([, v]) => v));
  return { set, controls, value };
}

function scriptForm(script, done, causes) {
  const s = script || {};
  const category = h('input', { id: 'script-category', name: 'category', list: 'kb-categories', value: s.category || '', placeholder: t('kb_any_category') });
  const step = select({ id: 'script-step', name: 'step' }, [1, 2, 3, 4].map((n) => [String(n), `${n}. ${t(`step_${n}`)}`]), String(s.step || 1));
  const language = select({ id: 'script-language', name: 'language' }, options('language'), s.language || 'zh-CN');
  const responsibility = select({ id: 'script-responsibility', name: 'responsibility' },
    [['', t('kb_any_responsibility')], ...options('responsibility')], s.responsibility || '');
  const customerType = select({ id: 'script-customer-type', name: 'customer_type' },
    [['', t('kb_any_customer_type')], ...options('customer_type')], s.customer_type || '');
  // a review playbook's script is never offered for a complaint
  const playbook = select({ id: 'script-playbook', name: 'playbook' },
    [['', t('kb_no_playbook')], ...options('script_playbook')], s.playbook || '');
  const title = h('input', { id: 'script-title', name: 'title', value: s.title || '' });
  const body = h('textarea', { id: 'script-body', name: 'body', rows: '4' });
  body.value = s.body || '';
  const macro = actionControls(s, causes);
  const controls = { category, step, responsibility, customer_type: customerType, playbook, language, title, body, ...macro.controls };
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', id: 'script-form' },
    h('h2', null, script ? t('edit') : t('kb_new_script')),
    field(t('f_category'), category), field(t('kb_step'), step), field(t('kb_responsibility'), responsibility),
    field(t('c_cust_type'), customerType), field(t('kb_playbook'), playbook), field(t('f_language'), language),
    field(t('kb_title'), title), field(t('kb_body'), body, t('kb_placeholders', { list: PLACEHOLDERS.join(' ') })),
    macro.set,
    msg, h('button', { type: 'submit', class: 'primary' }, t('save')),
    script && h('button', { type: 'button', id: 'script-delete', onclick: async () => { try { await del(`/api/v1/scripts/${s.id}`); done(); } catch (e) { fail(e); } } }, t('delete')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    for (const el of Object.values(controls)) fieldError(el, '');
    const bodyJson = { category: category.value.trim() || null, step: Number(step.value), responsibility: responsibility.value || null, customer_type: customerType.value || null, playbook: playbook.value || null, language: language.value, title: title.value.trim(), body: body.value, actions: macro.value() };
    try {
      if (script) await patch(`/api/v1/scripts/${s.id}`, bodyJson);
      else await post('/api/v1/scripts', bodyJson);
      done();
    } catch (e) {
      const el = e instanceof ApiError && controls[e.field];
      if (el) { fieldError(el, errorWords(e.errors[0])); el.focus(); } else setText(msg, explain(e));
    }
  });
  return form;
}

function articleForm(article, done) {
  const a = article || {};
  const title = h('input', { id: 'article-title', name: 'title', value: a.title || '' });
  const category = h('input', { id: 'article-category', name: 'category', list: 'kb-categories', value: a.category || '' });
  const body = h('textarea', { id: 'article-body', name: 'body', rows: '10' });
  body.value = a.body || '';
  const status = select({ id: 'article-status', name: 'status' }, options('article_status'), a.status || 'published');
  const controls = { title, category, status, body };
  const msg = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'card', id: 'article-form' },
    h('h2', null, article ? t('edit') : t('kb_new_article')),
    field(t('kb_title'), title), field(t('f_category'), category), field(t('kb_status'), status), field(t('kb_body'), body),
    msg, h('button', { type: 'submit', class: 'primary' }, t('save')),
    article && h('button', { type: 'button', id: 'article-delete', onclick: async () => { try { await del(`/api/v1/kb/articles/${a.id}`); done(); } catch (e) { fail(e); } } }, t('delete')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    setText(msg, '');
    const json = { title: title.value.trim(), category: category.value.trim() || null, status: status.value, body: body.value };
    try {
      const r = article ? await patch(`/api/v1/kb/articles/${a.id}`, json) : await post('/api/v1/kb/articles', json);
      done(r && r.id);
    } catch (e) {
      const el = e instanceof ApiError && controls[e.field];
      if (el) fieldError(el, errorWords(e.errors[0])); else setText(msg, explain(e));
    }
  });
  return form;
}

export async function kbView(root, params) {
  const editor = app.can('knowledge.edit');
  const q = params.get('q') || '';
  const drafts = editor && params.get('status') === 'draft';
  const chosen = params.get('article');
  const scriptLang = params.get('lang') || 'zh-CN';
  const [scripts, articles, article, categories, causeKeys] = await Promise.all([
    get(`/api/v1/scripts${query({ language: scriptLang })}`),
    get(`/api/v1/kb/articles${query({ q, limit: 50, status: drafts ? 'draft' : '' })}`),
    chosen ? get(`/api/v1/kb/articles/${encodeURIComponent(chosen)}`).catch(() => null) : null,
    categoryList('kb-categories'),
    editor ? app.causes().catch(() => []) : [],
  ]);
  const side = h('div', { id: 'kb-editor' });
  const reload = (id) => app.go(`#/kb${query({ q, article: id || chosen, lang: scriptLang, status: drafts ? 'draft' : '', t: Date.now() })}`);

  const byStep = [1, 2, 3, 4].map((n) => [n, (scripts.items || []).filter((s) => s.step === n)]);
  const search = h('input', { type: 'search', id: 'kb-search', value: q, 'aria-label': t('kb_search'), placeholder: t('kb_search') });
  const langSel = select({ id: 'kb-lang', 'aria-label': t('f_language'), onchange: (ev) => app.go(`#/kb${query({ q, lang: ev.target.value })}`) },
    options('language'), scriptLang);

  const scriptsPanel = h('section', { class: 'card', id: 'kb-scripts' },
    h('div', { class: 'toolbar' }, h('h2', null, t('kb_scripts')), langSel,
      editor && h('button', { type: 'button', id: 'script-new', onclick: () => clear(side, scriptForm(null, reload, causeKeys)) }, t('kb_new_script'))),
    byStep.map(([n, list]) => h('div', { class: 'kb-step' },
      h('h3', null, `${n}. ${t(`step_${n}`)}`),
      list.length ? h('ul', { class: 'kb-list' }, list.map((s) => h('li', { dataset: { script: s.id } },
        h('strong', null, s.title || ''), ' ', h('span', { class: 'badge' }, s.category || t('kb_any_category')),
        s.customer_type && h('span', { class: 'badge' }, label('customer_type', s.customer_type)),
        s.playbook && h('span', { class: 'badge playbook' }, label('script_playbook', s.playbook)),
        s.actions && h('span', { class: 'badge macro' }, t('kb_macro_badge')),
        h('p', { class: 'script-body' }, s.body),
        editor && h('button', { type: 'button', class: 'link', onclick: () => clear(side, scriptForm(s, reload, causeKeys)) }, t('edit')))))
        : h('p', { class: 'hint' }, t('kb_empty')))));

  const articlesPanel = h('section', { class: 'card', id: 'kb-articles' },
    h('div', { class: 'toolbar' }, h('h2', null, t('kb_articles')),
      h('form', { role: 'search', class: 'inline', onsubmit: (ev) => { ev.preventDefault(); app.go(`#/kb${query({ q: search.value.trim(), lang: scriptLang })}`); } },
        search, h('button', { type: 'submit' }, t('search'))),
      editor && h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'kb-drafts', checked: drafts, onchange: (ev) => app.go(`#/kb${query({ q, lang: scriptLang, status: ev.target.checked ? 'draft' : '' })}`) }), ' ', t('kb_drafts')),
      editor && h('button', { type: 'button', id: 'article-new', onclick: () => clear(side, articleForm(null, reload)) }, t('kb_new_article'))),
    (articles.items || []).length
      ? h('ul', { class: 'kb-list' }, articles.items.map((a) => h('li', { dataset: { article: a.id } },
        h('a', { href: `#/kb${query({ q, article: a.id, lang: scriptLang })}` }, a.title), ' ',
        a.category && h('span', { class: 'badge' }, a.category), ' ', a.status === 'draft' && h('span', { class: 'badge warn' }, label('article_status', a.status)), ' ',
        h('span', { class: 'hint' }, fmtTime(a.updated_at || a.created_at)),
        a.excerpt && h('p', { class: 'hint excerpt' }, a.excerpt))))
      : h('p', { class: 'hint' }, t('kb_empty')));

  if (article) {
    clear(side, h('article', { class: 'card', id: 'kb-article' },
      h('h2', null, article.title),
      article.status === 'draft' && h('p', null, h('span', { class: 'badge warn' }, label('article_status', article.status))),
      article.from_complaint && h('p', { class: 'hint' }, h('a', { href: `#/c/${article.from_complaint}` }, t('kb_source', { id: article.from_complaint }))),
      h('p', { class: 'script-body' }, article.body),
      h('p', { class: 'hint' }, `${article.updated_by} ${fmtTime(article.updated_at)}`),
      editor && h('button', { type: 'button', id: 'article-edit', onclick: () => clear(side, articleForm(article, reload)) }, t('edit')),
      editor && article.status === 'draft' && h('button', {
        type: 'button', id: 'article-publish', class: 'primary',
        onclick: async () => { try { await patch(`/api/v1/kb/articles/${article.id}`, { status: 'published' }); reload(article.id); } catch (e) { fail(e); } },
      }, t('kb_publish'))));
  }
  clear(root, h('div', null, h('h1', null, t('nav_kb')), categories, h('div', { class: 'kb' }, h('div', null, scriptsPanel, articlesPanel), side)));
  return null;
}

/* Puts text on the clipboard: the Clipboard API where the page may use it,
 * else a selected text box and the copy command. Throws when neither does. */
async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try { await navigator.clipboard.writeText(text); return; } catch { /* the old way below */ }
  }
  const box = h('textarea', { class: 'sr-only', readonly: true, 'aria-hidden': 'true', tabindex: '-1' });
  box.value = text;
  document.body.append(box);
  box.select();
  const done = document.execCommand('copy');
  box.remove();
  if (!done) throw new Error('copy');
}

/* The knowledge base on a complaint's page: the scripts the server fills
 * for it (GET /complaints/{ref}/scripts), by step, each with a copy
 * button; a status line says what was copied. Drawn at once, filled when
 * the scripts come; nothing when the caller may not read them. */
export function kbPanel(c) {
  const status = h('p', { class: 'hint', id: 'kb-copy-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'scripts', id: 'kb-for-list', 'aria-label': t('kb_for_complaint') });
  const section = h('section', { class: 'panel kb-for', id: 'kb-for', 'aria-labelledby': 'kb-for-h' },
    h('h2', { id: 'kb-for-h' }, t('kb_for_complaint')), list, status);
  get(`/api/v1/complaints/${encodeURIComponent(c.tracking_no)}/scripts`).then((r) => {
    const items = r.items || [];
    if (!items.length) { add(list, h('li', { class: 'hint' }, t('kb_empty'))); return; }
    add(list, items.map((sc) => h('li', { class: 'script', dataset: { script: sc.id } },
      h('span', { class: 'badge' }, t('kb_step_badge', { n: sc.step })), ' ',
      h('strong', null, sc.title || ''),
      h('p', { class: 'script-body' }, sc.body),
      (sc.missing || []).length > 0 && h('p', { class: 'hint missing' }, t('c_guide_missing', { list: sc.missing.map((m) => `{${m}}`).join(' ') })),
      h('button', {
        type: 'button', class: 'kb-copy',
        onclick: async () => {
          try { await copyText(sc.body); setText(status, t('kb_copied', { title: sc.title || '' })); } catch { setText(status, t('kb_copy_failed')); }
        },
      }, t('kb_copy')))));
  }).catch(() => section.remove());
  return section;
}
