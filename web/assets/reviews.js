// reviews.js - the shop's neutral and negative reviews (中差评, domain.md
// 8): one tab per buyer group with its count and the list of reviews whose
// buyer is to be contacted (the soonest due first, the overdue marked),
// paged by cursor; the review figures of the supervisors' dashboard; and
// the words of a review's platform, rating, group and playbook, which the
// review's page shares.

import { t, fmtTime, fmtDuration } from './i18n.js';
import { h, add, clear, select } from './dom.js';
import { get, query } from './api.js';
import { app, fail } from './app.js';

export const GROUPS = ['neutral', 'negative', 'agreed', 'changed', 'kept'];
export const PLATFORMS = ['taobao', 'tmall', 'jd', 'pinduoduo', 'meituan', 'dianping', 'douyin', 'other'];
export const PLAYBOOKS = ['new', 'month', 'half_year'];
export const METHODS = ['phone', 'sms', 'platform', 'wechat', 'email'];

// A value of the server's lists in the page's words; one the page does not
// know (a newer server) as "other" rather than raw.
const known = (list, v) => (list.includes(v) ? v : null);
export const platformWords = (p) => t(`rv_platform.${known(PLATFORMS, p) || 'other'}`);
export const groupWords = (g) => (known(GROUPS, g) ? t(`rv_group.${g}`) : t('rv_ev_other'));
export const ratingWords = (r) => t(r === 'neutral' ? 'rv_rating.neutral' : 'rv_rating.negative');
export const playbookWords = (p) => (known(PLAYBOOKS, p) ? t(`rv_playbook.${p}`) : t('rv_ev_other'));
export const methodWords = (m) => (known(METHODS, m) ? t(`rv_method.${m}`) : t('rv_ev_other'));

/* The stars of a review, drawn and said: "★★☆☆☆", read as "2 stars". */
export function stars(n) {
  if (!n) return null;
  return h('span', { class: 'stars', role: 'img', 'aria-label': t('rv_stars', { n }), title: t('rv_stars', { n }) },
    '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n)));
}

export function ratingBadge(r) {
  return h('span', { class: `badge rv-rating-${r.rating === 'neutral' ? 'neutral' : 'negative'}` }, ratingWords(r.rating));
}

function excerpt(s, n = 40) {
  const chars = Array.from(s || '');
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}

// When the buyer is to be contacted (the first contact, else the call
// booked); an overdue one says so in words, not by colour alone.
function dueCell(r) {
  const iso = r.contact_due_at || r.call_at;
  if (!iso) return h('td', { class: 'due' }, '—');
  const over = r.contact_breached || Date.parse(iso) < Date.now();
  return h('td', { class: over ? 'due overdue' : 'due', 'data-breached': over ? '1' : null },
    h('time', { datetime: iso }, fmtTime(iso)),
    over && h('span', { class: 'breached-mark' }, ` ${t('rv_breached')}`));
}

function row(r) {
  const href = `#/review/${r.id}`;
  return h('tr', {
    class: r.contact_breached ? 'breached' : null,
    dataset: { review: String(r.id), group: r.group, playbook: r.playbook },
    onclick: (ev) => { if (!ev.target.closest('a')) app.go(href); },
  },
  h('td', { class: 'platform' }, platformWords(r.platform)),
  h('td', { class: 'buyer' }, h('a', { href }, r.buyer)),
  h('td', { class: 'rating' }, ratingBadge(r), ' ', stars(r.stars)),
  h('td', { class: 'content' }, excerpt(r.text)),
  h('td', null, h('time', { datetime: r.posted_at }, fmtTime(r.posted_at))),
  h('td', { class: 'playbook' }, playbookWords(r.playbook), r.serious && [' ', h('span', { class: 'badge sev-high' }, t('rv_serious_badge'))]),
  dueCell(r));
}

/* The queue: group one of GROUPS, or none for the reviews whose contact
 * is due (?due=1); params may name a platform. */
export async function reviewsView(root, group, params) {
  const g = GROUPS.includes(group) ? group : null;
  const platform = PLATFORMS.includes(params.get('platform')) ? params.get('platform') : '';
  const page = (cursor) => get(`/api/v1/reviews${query({ group: g, due: g ? null : 1, platform, cursor })}`);
  const first = await page();
  const counts = first.counts || {};
  const tab = (hash, key, on, name, n) => h('a', { href: `${hash}${query({ platform })}`, 'aria-current': on ? 'page' : null, dataset: { group: name } },
    t(key), n !== undefined && [' ', h('span', { class: `count${n ? '' : ' zero'}`, 'data-count': name }, n >= 10000 ? t('queue_more', { n }) : String(n))]);
  const tabs = h('nav', { class: 'tabs rv-tabs', id: 'rv-tabs', 'aria-label': t('rv_groups') },
    tab('#/reviews', 'rv_due_tab', !g, 'due'),
    GROUPS.map((x) => tab(`#/reviews/${x}`, `rv_group.${x}`, x === g, x, counts[x] || 0)));
  const platformSel = select({
    id: 'rv-platform', 'aria-label': t('rv_filter_platform'),
    onchange: (ev) => app.go(`#/reviews${g ? `/${g}` : ''}${query({ platform: ev.target.value })}`),
  }, [['', t('rv_filter_platform')], ...PLATFORMS.map((p) => [p, platformWords(p)])], platform);
  const tbody = h('tbody', null, first.items.map(row));
  const col = (key) => h('th', { scope: 'col' }, t(key));
  const title = g ? t(`rv_group.${g}`) : t('rv_due_tab');
  const table = h('table', { class: 'queue rv-queue', id: 'rv-table' },
    h('caption', { class: 'sr-only' }, title),
    h('thead', null, h('tr', null, col('rv_col_platform'), col('rv_col_buyer'), col('rv_col_rating'), col('rv_col_text'),
      col('rv_col_posted'), col('rv_col_playbook'), col('rv_col_due'))),
    tbody);
  let cursor = first.next_cursor;
  const more = h('button', { type: 'button', class: 'more', id: 'rv-more', hidden: !cursor }, t('load_more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const r = await page(cursor);
      add(tbody, r.items.map(row));
      cursor = r.next_cursor;
      more.hidden = !cursor;
    } catch (e) { fail(e); }
    more.disabled = false;
  });
  clear(root, h('section', { class: 'reviews-view', 'aria-labelledby': 'rv-title' },
    h('div', { class: 'toolbar' }, h('h1', { id: 'rv-title' }, t('rv_title')), platformSel),
    tabs,
    !g && h('p', { class: 'hint' }, t('rv_due_intro')),
    table,
    h('p', { class: 'empty', hidden: first.items.length > 0 }, t('rv_none')),
    more));
}

function card(id, label, value, extra, href) {
  return h('div', { class: 'card figure-card' },
    h('h3', null, href ? h('a', { href }, label) : label), h('p', { class: 'figure', id }, String(value)), extra);
}

/* The dashboard's review figures of a period (GET /api/v1/stats/reviews):
 * the funnel received -> contacted -> reached -> agreed -> actually changed
 * with its two rates, the median time to the first contact (the upper
 * bound of the bucket that holds it), the contacts overdue. */
export function reviewFigures(s) {
  const f = s.funnel || {};
  const pct = (x) => Math.round((x || 0) * 100);
  const first = s.first_contact_minutes || {};
  const median = first.median ?? first.p50;
  const hint = (text) => h('p', { class: 'hint' }, text);
  return h('section', { class: 'rv-figures', id: 'd-reviews', 'aria-labelledby': 'd-reviews-h' },
    h('h2', { id: 'd-reviews-h' }, t('d_reviews')),
    h('p', null, h('a', { href: '#/reviews', id: 'd-reviews-link' }, t('d_rv_queue'))),
    h('div', { class: 'cards rv-funnel', 'aria-label': t('d_rv_funnel') },
      card('d-rv-reviews', t('d_rv_reviews'), f.reviews || 0),
      card('d-rv-contacted', t('d_rv_contacted'), f.contacted || 0),
      card('d-rv-reached', t('d_rv_reached'), f.reached || 0),
      card('d-rv-agreed', t('d_rv_agreed'), f.agreed || 0, hint(t('d_rv_agreed_rate', { p: pct(f.agreed_rate) })), '#/reviews/agreed'),
      card('d-rv-changed', t('d_rv_changed'), f.changed || 0, hint(t('d_rv_changed_rate', { p: pct(f.changed_rate) })), '#/reviews/changed'),
      card('d-rv-first', t('d_rv_first'), median == null ? '—' : `≤ ${fmtDuration(median * 60000)}`, hint(t('d_rv_first_n', { n: first.n || 0 }))),
      card('d-rv-breaches', t('d_rv_breaches'), s.contact_breached || 0, null, '#/reviews')));
}
