// reading.js - what kesu read in a complaint's words, on its page: the
// customer's emotion, tone and mindset, the threats with the words that
// show them, the categories and causes the complaint reads like, and the
// earlier complaints it repeats, each beside what an agent set (the
// agent's value wins; the reading is kept beside it). One click takes the
// reading over, as an edit recorded with who did it. Also the words the
// timeline needs for the reading's events (complaint.js mounts both), and
// the administrators' switch of the analysis policy (on the routing page,
// whose rules read the threat and the mindset).

import { t, fmtTime } from './i18n.js';
import { h, phrase, toast } from './dom.js';
import { get, post, put } from './api.js';
import { label, state } from './fields.js';
import { app, fail, explain, causeLabel, categoryLabel } from './app.js';
import { panel, badge } from './actions.js';

// the kinds of threat kesu reads (src/analysis): each has its words here
const THREATS = ['media', 'regulator', 'lawyer', 'lawsuit', 'social', 'collective'];

// The cause and category lists, for their words: loaded (once, app.js
// keeps them) before the page is drawn, read without waiting after.
const names = { causes: new Map(), categories: new Map() };

/* Loads the lists causeWords() and categoryWords() read; never rejects (a name without
 * its list shows as it is stored). */
export async function loadReadingNames() {
  const [causes, categories] = await Promise.all([
    app.causes().catch(() => []), app.categories().catch(() => [])]);
  names.causes = new Map(causes.map((x) => [x.key, causeLabel(x)]));
  names.categories = new Map(categories.map((x) => [x.name, categoryLabel(x)]));
}

/* A cause's (by key) or category's (by name) words in the page's language. */
export const causeWords = (key) => names.causes.get(key) || key;
export const categoryWords = (name) => names.categories.get(name) || name;

// What accepting may take over, the complaint's field each fills, the
// field's words, and the value's.
const FIELDS = {
  emotion: { key: 'f_emotion', words: (v) => label('emotion', v) },
  mindset: { key: 'f_mindset', words: (v) => label('mindset', v) },
  category: { key: 'f_category', words: categoryWords },
  cause: { key: 'c_cause', words: causeWords },
};

/* The reading's value of field: its own (emotion, mindset) or its
 * likeliest suggestion (category, cause); null if it has none. */
function readValue(an, field) {
  if (field === 'category') return (an.category_suggestions || [])[0]?.category ?? null;
  if (field === 'cause') return (an.cause_suggestions || [])[0]?.cause ?? null;
  return an[field] ?? null;
}

/* The fields one click takes over: the emotion and the mindset where the
 * reading differs from the complaint, and a category or cause only where
 * no agent set one yet (a guess never overrides a judgement). */
function acceptable(c, an) {
  if (!an || an.source === 'now') return []; // read for this page only: nothing kept to accept
  return Object.keys(FIELDS).filter((f) => {
    const v = readValue(an, f);
    if (v == null || v === (c[f] ?? null)) return false;
    return f === 'emotion' || f === 'mindset' || !c[f];
  });
}

const sep = () => t('an_list_sep');
const fieldList = (fields) => fields.map((f) => t(FIELDS[f].key)).join(sep());

/* The polarity (-1..1) as a figure: "+0.38", "−0.99". */
function signed(p) {
  const s = Math.abs(p).toFixed(2);
  return p > 0.005 ? `+${s}` : p < -0.005 ? `−${s}` : s;
}

function tone(p) {
  if (p <= -0.6) return 'an_tone.very_negative';
  if (p <= -0.2) return 'an_tone.negative';
  if (p < 0.2) return 'an_tone.neutral';
  if (p < 0.6) return 'an_tone.positive';
  return 'an_tone.very_positive';
}

const percent = (score) => `${Math.round(Math.max(0, Math.min(1, Number(score) || 0)) * 100)}%`;

/* One row of the reading: kesu's value, and the agent's beside it when
 * the agent set another. */
function row(field, kesu, mine) {
  const differs = mine != null && mine !== '' && kesu != null && mine !== kesu.value;
  return h('div', { class: `kv an-row${differs ? ' differs' : ''}`, dataset: { field } },
    h('dt', null, t(FIELDS[field].key)),
    h('dd', null,
      h('span', { class: 'an-kesu' }, kesu ? kesu.shown : t('an_none')),
      differs && [' ', h('span', { class: 'an-agent' }, phrase('an_agent_set', { value: FIELDS[field].words(mine) }))]));
}

/* The suggestions of a list (categories, causes), likeliest first, with
 * their scores. */
function suggestions(list, key, words) {
  if (!list || !list.length) return null;
  return {
    value: list[0][key],
    shown: h('span', { class: 'an-suggestions' }, list.map((x, i) => [i ? sep() : '',
      h('span', { class: 'an-suggestion', dataset: { value: x[key] } }, words(x[key]), ' ',
        h('span', { class: 'an-score' }, percent(x.score)))])),
  };
}

function threatsRow(an) {
  const threats = an.threats || [];
  return h('div', { class: 'kv an-row', dataset: { field: 'threats' } },
    h('dt', null, t('an_threats')),
    h('dd', null, threats.length
      ? h('ul', { class: 'an-threats', id: 'reading-threats' }, threats.map((x) => h('li', { dataset: { kind: x.kind } },
        badge('threat', threatWords(x.kind)), ' ', h('q', { class: 'an-evidence' }, x.evidence))))
      : h('span', { class: 'hint', id: 'reading-no-threat' }, t('an_no_threat'))));
}

function repeatsRow(an) {
  const list = an.repeats || [];
  if (!list.length) return null;
  return h('div', { class: 'kv an-row', dataset: { field: 'repeats' } },
    h('dt', null, t('an_repeats')),
    h('dd', null, h('ul', { class: 'an-repeats', id: 'reading-repeats' }, list.map((x) => h('li', { dataset: { offer: x.offer } },
      h('a', { href: `#/c/${encodeURIComponent(x.tracking_no)}` }, x.tracking_no), ' ',
      h('span', { class: 'an-score' }, t('an_similarity', { n: percent(x.similarity) })), ' ',
      badge(x.offer === 'second' ? 'second' : 'duplicate', t(`an_offer.${x.offer}`)),
      x.linked && badge('linked', t('an_linked')))))));
}

function polarityRow(an) {
  const p = Number(an.polarity);
  if (!Number.isFinite(p)) return null;
  return h('div', { class: 'kv an-row', dataset: { field: 'polarity' } },
    h('dt', null, t('an_polarity')),
    h('dd', null,
      h('meter', { class: 'an-polarity', id: 'reading-polarity', min: '-1', max: '1', low: '-0.2', high: '0.2', optimum: '1',
        value: String(p), 'aria-label': t('an_polarity_aria', { n: signed(p) }) }),
      ' ', h('span', { class: 'an-figure' }, signed(p)), ' ', h('span', { class: 'hint' }, t(tone(p)))));
}

// Who accepted the reading, by the name the timeline gives them.
function acceptedBy(an, events) {
  const e = events.filter((x) => x.kind === 'analysis_accepted' && x.actor === an.accepted_by).pop();
  return (e && e.actor_name) || an.accepted_by;
}

function acceptButton(c, fields, reload) {
  if (!fields.length || !app.can('complaint.edit') || state(c.status).closed) return null;
  const hint = h('p', { class: 'hint', id: 'reading-accept-hint' }, t('an_accept_hint', { fields: fieldList(fields) }));
  const button = h('button', {
    type: 'button', id: 'reading-accept', 'aria-describedby': 'reading-accept-hint',
    onclick: async () => {
      button.disabled = true;
      try {
        await post(`/api/v1/complaints/${c.id}/analysis/accept`, { fields });
        toast(t('an_accepted_toast'));
        await reload();
      } catch (e) { button.disabled = false; fail(e); }
    },
  }, t('an_accept'));
  return h('div', { class: 'an-accept' }, button, hint);
}

/* The panel of what kesu read in complaint c (its `analysis`), beside
 * what the agents set; null when kesu read nothing. events: the
 * complaint's timeline (who accepted, by name). */
export function readingPanel(c, events, reload) {
  const an = c.analysis;
  if (!an) return null;
  const emotion = an.emotion ? { value: an.emotion, shown: badge(`emo-${an.emotion}`, label('emotion', an.emotion)) } : null;
  const mindset = an.mindset ? { value: an.mindset, shown: label('mindset', an.mindset) } : null;
  const read = an.source === 'now' ? t('an_source.now')
    : t('an_read', { source: t(`an_source.${an.source}`), time: fmtTime(an.read_at) });
  return panel('reading', 'an_title',
    h('p', { class: 'hint', id: 'reading-source', title: an.model || null }, read),
    h('dl', { class: 'details reading' },
      row('emotion', emotion, c.emotion),
      polarityRow(an),
      row('mindset', mindset, c.mindset),
      threatsRow(an),
      (an.category_suggestions || []).length > 0 && row('category', suggestions(an.category_suggestions, 'category', categoryWords), c.category),
      (an.cause_suggestions || []).length > 0 && row('cause', suggestions(an.cause_suggestions, 'cause', causeWords), c.cause),
      repeatsRow(an)),
    an.accepted_by && h('p', { class: 'an-accepted', id: 'reading-accepted' },
      phrase('an_accepted_by', { who: acceptedBy(an, events), time: fmtTime(an.accepted_at) })),
    acceptButton(c, acceptable(c, an), reload));
}

/* --- the timeline ------------------------------------------------------ */

/* A kind of threat in the page's words. */
export function threatWords(kind) {
  return THREATS.includes(kind) ? t(`an_threat.${kind}`) : kind;
}

/* The reason of an escalation kesu made for a threat it read
 * ("regulator: 我就去12315投诉"): each kind in the page's words. */
export function threatReason(reason) {
  return String(reason).replace(new RegExp(`(^|; )(${THREATS.join('|')}): `, 'g'),
    (m, lead, kind) => `${lead ? t('an_reason_sep') : ''}${threatWords(kind)}${t('an_colon')}`);
}

/* The fields an agent took over from the reading, with their values:
 * "情绪：愤怒、投诉心态：求补偿". */
export function acceptedFields(fields) {
  const taken = fields || {};
  return Object.keys(FIELDS).filter((f) => taken[f] != null)
    .map((f) => `${t(FIELDS[f].key)}${t('an_colon')}${FIELDS[f].words(taken[f])}`).join(sep());
}

/* The tone of a mood change: "−0.40 → −0.95". */
export function polarityChange(d) {
  if (!Number.isFinite(Number(d.polarity_from)) || !Number.isFinite(Number(d.polarity))) return null;
  return t('ev.mood_polarity', { from: signed(Number(d.polarity_from)), to: signed(Number(d.polarity)) });
}

/* --- the analysis policy ------------------------------------------------ */

/* The administrators' switch: whether kesu reads new complaints and
 * customers' messages (GET/PUT /api/v1/analysis-policy), saved as it is
 * flipped; null for those who may not change it. */
export async function analysisSwitch() {
  if (!app.can('users.admin')) return null;
  let policy;
  try { policy = await get('/api/v1/analysis-policy'); } catch { return null; }
  const box = h('input', {
    type: 'checkbox', id: 'analysis-enabled', checked: !!policy.enabled, 'aria-describedby': 'analysis-hint',
    onchange: async () => {
      box.disabled = true;
      try {
        const now = await put('/api/v1/analysis-policy', { enabled: box.checked });
        box.checked = !!now.enabled;
        toast(t(now.enabled ? 'an_policy_on' : 'an_policy_off'));
      } catch (e) { box.checked = !box.checked; toast(explain(e), 'error'); }
      box.disabled = false;
    },
  });
  return h('section', { class: 'card analysis-policy', id: 'analysis-policy', 'aria-labelledby': 'analysis-policy-h' },
    h('h2', { id: 'analysis-policy-h' }, t('an_title')),
    h('label', { class: 'check', for: 'analysis-enabled' }, box, ' ', t('an_policy_label')),
    h('p', { class: 'hint', id: 'analysis-hint' }, t('an_policy_hint')));
}
