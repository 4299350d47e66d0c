// Neutral and negative reviews (中差评) in Chromium: four reviews taken in
// through the API (a new one of a simple problem, a serious one, one eight
// months old, and another new one); the queue's buyer groups with their
// counts and the contact-due list, soonest first; the old one's advice not
// to bring the old case up, with no contact due; the serious one's 24-hour
// wait, a contact before it refused beside its time; a buyer who agreed
// (the cause asked for first) moving to the agreed group; one who declined
// moving to the kept group, where the public reply's draft appears, a
// defensive word typed into it draws the tone check's warning in words,
// and the reply is marked posted; a complaint opened from a review; no
// WCAG 2 A/AA violation axe-core finds on the queue or the reply; the
// pages in English with no key on screen; and the supervisor's dashboard
// with the period's review funnel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, assertClean, DESKTOP, ROOT } from './harness.mjs';
import { signedIn, keysOnScreen } from './desk.mjs';

const env = setup();
const TEAM = 1;
const HOUR = 3600e3;
const GROUPS = ['neutral', 'negative', 'agreed', 'changed', 'kept'];
const LANGS = ['zh-CN', 'zh-TW', 'en'];

// the pages' words as the browser gets them (key: [zh-CN, zh-TW, en])
const load = async (file) => (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default;
const W = { ...(await load('workspace-words.js')), ...(await load('words-reviews.js')) };
const w = (key, l = 'zh-CN', params = {}) => {
	assert.ok(W[key], `no words for ${key}`);
	return W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
};
// the words of key before its first {placeholder}
const lead = (key, l = 'zh-CN') => w(key, l).split('{')[0];

const ago = (ms) => new Date(Date.now() - ms).toISOString();
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/* What axe-core finds against WCAG 2 A/AA on the page as drawn now. */
async function violations(page) {
	await page.evaluate(AXE);
	return page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
		.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`));
}

async function open(page, hash, ready) {
	await page.goto(`/${hash}`);
	await page.waitForSelector(ready);
}

const openReview = (page, id) => open(page, `#/review/${id}`, `article.review[data-review="${id}"]`);

/* Clicks button on a review's page and waits until the page is drawn again
 * from the server's answer; fails with what its form said instead. */
async function saved(page, button) {
	await page.evaluate((b) => {
		document.querySelector('article.review').dataset.before = '1';
		document.querySelector(b).closest('form').dataset.sending = '1';
	}, button);
	const said = 'form[data-sending] .form-error, form[data-sending] .field-error';
	await page.click(button);
	await page.waitForFunction((s) => !document.querySelector('article.review[data-before]') ||
		[...document.querySelectorAll(s)].some((e) => e.textContent.trim()), said);
	if (await page.locator('article.review[data-before]').count())
		throw new Error(`${button}: ${(await page.locator(said).allTextContents()).filter(Boolean).join(' | ')}`);
}

/* Clicks button and waits for the error shown beside control sel; its words. */
async function refused(page, button, sel) {
	await page.click(button);
	await page.waitForSelector(`${sel}[aria-invalid="true"]`);
	return (await page.textContent(`${sel}-err`)).trim();
}

const counts = (page) => Promise.all(GROUPS.map((g) => page.textContent(`#rv-tabs [data-count="${g}"]`)));
const rowIds = (page) => page.locator('#rv-table tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.review)));

describe('reviews', () => {
	it('the buyer groups, the playbooks, contacts and the public reply, in zh-CN and English', { timeout: 110000 }, async () => {
		const kesu = env.kesu;
		const review = (body) => kesu.expect(201, 'POST', '/api/v1/reviews', body);
		const simple = await review({
			platform: 'taobao', order_ref: 'TB2026120100101', buyer: '小鹿', contact: '13800001111', rating: 'negative', stars: 1,
			text: '收到的杯子有裂纹，联系客服也没人回。', product: '陶瓷马克杯', photos: ['https://img.example.com/r/1.jpg'],
			link: 'https://rate.example.com/r/1', posted_at: ago(2 * HOUR),
		});
		const serious = await review({
			platform: 'jd', order_ref: 'JD2026120100202', buyer: '老周', rating: 'neutral', stars: 3,
			text: '说好的次日达，等了五天，还说是我地址写错了。', posted_at: ago(HOUR), serious: true,
		});
		const old = await review({
			platform: 'pinduoduo', order_ref: 'PDD2026040100303', buyer: '阿花', rating: 'negative', stars: 2,
			text: '尺码偏小。', posted_at: ago(240 * 24 * HOUR),
		});
		const other = await review({
			platform: 'tmall', order_ref: 'TM2026120100404', buyer: '大熊', contact: '13800002222', rating: 'neutral', stars: 3,
			text: '包装有点破，东西还行。', posted_at: ago(3 * HOUR),
		});
		assert.equal(old.playbook, 'half_year');
		assert.equal(serious.script, 'serious');

		const agent = await kesu.staff('agent', [TEAM]);
		const { page, problems } = await signedIn(env, agent, { viewport: DESKTOP });
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		const gaps = Object.entries(words).filter(([, row]) => row.length !== 3 || row.some((s) => typeof s !== 'string' || !s.trim()));
		assert.deepEqual(gaps, []);

		// the reviews in the navigation; the queue: a tab per buyer group,
		// each with its count, and the contact-due list
		assert.equal(await page.textContent('#nav-reviews'), w('nav_reviews'));
		await page.click('#nav-reviews');
		await page.waitForSelector('#rv-tabs [data-group="due"][aria-current="page"]');
		for (const g of GROUPS) assert.ok((await page.textContent(`#rv-tabs [data-group="${g}"]`)).startsWith(w(`rv_group.${g}`)), g);
		assert.deepEqual(await counts(page), ['2', '2', '0', '0', '0']);
		// due: the three new ones, the soonest first; the old one is never called
		const due = await rowIds(page);
		assert.deepEqual([...due].sort(), [simple.id, serious.id, other.id].sort());
		const dueAt = await page.locator('#rv-table tbody td.due time').evaluateAll((ts) => ts.map((x) => Date.parse(x.getAttribute('datetime'))));
		assert.deepEqual(dueAt, [...dueAt].sort((a, b) => a - b));
		assert.equal(due.at(-1), serious.id);
		await page.click('#rv-tabs [data-group="negative"]');
		await page.waitForSelector('#rv-tabs [data-group="negative"][aria-current="page"]');
		assert.deepEqual((await rowIds(page)).sort(), [simple.id, old.id].sort());
		const row = (id) => page.locator(`#rv-table tr[data-review="${id}"]`);
		assert.equal(await row(simple.id).locator('td.platform').textContent(), w('rv_platform.taobao'));
		assert.equal(await row(simple.id).locator('td.playbook').textContent(), w('rv_playbook.new'));
		assert.equal(await row(old.id).locator('td.playbook').textContent(), w('rv_playbook.half_year'));
		assert.equal(await row(old.id).locator('td.due').textContent(), '—');
		assert.equal(await row(simple.id).locator('.stars').getAttribute('aria-label'), w('rv_stars', 'zh-CN', { n: 1 }));

		// eight months old: not a word about the old case, no call due, its scripts
		await row(old.id).locator('td.buyer a').click();
		await page.waitForSelector(`article.review[data-review="${old.id}"]`);
		assert.equal(await page.getAttribute('#rv-playbook', 'data-script'), 'half_year');
		assert.equal(await page.textContent('#rv-pb-title'), w('rv_pb.half_year'));
		assert.equal(await page.textContent('#rv-no-recall'), w('rv_no_recall'));
		assert.equal(await page.getAttribute('#rv-no-recall', 'data-invited'), '1');
		assert.equal(await page.textContent('#rv-no-due'), w('rv_no_contact_due'));
		assert.equal(await page.locator('#rv-due, #rv-not-before').count(), 0);
		assert.ok((await page.textContent('#rv-why-age')).startsWith(lead('rv_age.half_year')));
		await page.waitForSelector('#rv-scripts li.script, #rv-scripts-none');
		assert.equal(await page.locator('#rv-scripts-none').count(), 0, 'the half-year playbook has scripts (GET /api/v1/scripts?playbook=half_year)');
		assert.match(await page.locator('#rv-scripts li.script strong').first().textContent(), /半年/);

		// serious: 24 hours after posting, not before; a call now is refused beside its time
		await openReview(page, serious.id);
		assert.equal(await page.textContent('#rv-pb-title'), w('rv_pb.serious'));
		assert.equal(await page.textContent('#rv-why-serious'), w('rv_why_serious'));
		assert.ok((await page.textContent('#rv-not-before')).startsWith(lead('rv_not_before')));
		assert.ok((await page.textContent('#rv-due')).startsWith(lead('rv_due_at')));
		const wait = await refused(page, '#rv-contact-form button[type="submit"]', '#rv-at');
		assert.ok(wait.startsWith(lead('rv_err.at_wait')), wait);
		await page.waitForSelector('#rv-scripts li.script');
		assert.match(await page.locator('#rv-scripts li.script strong').first().textContent(), /严重问题/);

		// the simple one: the buyer agreed; the answer needs the cause first
		await openReview(page, simple.id);
		assert.equal(await page.textContent('#rv-pb-title'), w('rv_pb.new'));
		// an agent sees the buyer's phone masked, as the server gives it
		assert.equal(await page.textContent('#rv-contact'), '138****1111');
		assert.equal(await page.locator('#rv-record a.rv-photo').getAttribute('href'), 'https://img.example.com/r/1.jpg');
		assert.ok(await page.isDisabled('#rv-outcome'), 'no answer before the buyer is reached');
		await page.check('#rv-reached');
		await page.selectOption('#rv-outcome', 'agreed');
		await page.fill('#rv-note', '买家同意修改评价，已补发新杯子');
		// the next call at an exact time: a date alone is refused at once
		await page.fill('#rv-appt-date', new Date(Date.now() + 86400e3).toISOString().slice(0, 10));
		assert.equal(await refused(page, '#rv-contact-form button[type="submit"]', '#rv-appt-date'), w('rv_appt_both'));
		await page.fill('#rv-appt-date', '');
		assert.equal(await refused(page, '#rv-contact-form button[type="submit"]', '#rv-contact-cause'), w('rv_err.cause'));
		await page.selectOption('#rv-contact-cause', 'quality');
		await saved(page, '#rv-contact-form button[type="submit"]');
		assert.equal(await page.getAttribute('article.review', 'data-group'), 'agreed');
		assert.equal(await page.textContent('#rv-group'), w('rv_group.agreed'));
		assert.equal(await page.getAttribute('#rv-contact-list li', 'data-outcome'), 'agreed');
		assert.equal(await page.locator('#rv-timeline li[data-kind="review_group_changed"]').count(), 1);
		assert.ok((await page.textContent('#rv-first-contact')).startsWith(lead('rv_first_contact')));
		// a complaint: a number no one has is refused beside it; one opened
		// from the review, filled in from it, is linked
		await page.fill('#rv-complaint-ref', 'KS0000000000');
		assert.equal(await refused(page, '#rv-complaint-form button[value="link"]', '#rv-complaint-ref'), w('rv_err.complaint'));
		await page.click('#rv-open summary');
		assert.equal(await page.inputValue('#rv-c-ref'), simple.order_ref);
		assert.equal(await page.inputValue('#rv-c-content'), simple.text);
		await saved(page, '#rv-open-form button[type="submit"]');
		const no = await page.textContent('#rv-complaint-link');
		const made = await kesu.expect(200, 'GET', `/api/v1/complaints/${no}`);
		assert.equal(made.object.ref, simple.order_ref);
		assert.equal(made.complainant.name, simple.buyer);
		await open(page, '#/reviews/agreed', '#rv-tabs [data-group="agreed"][aria-current="page"]');
		assert.deepEqual(await rowIds(page), [simple.id]);
		assert.deepEqual(await counts(page), ['2', '1', '1', '0', '0']);

		// the other one declined: kept, and the public reply's draft appears
		await openReview(page, other.id);
		await page.check('#rv-reached');
		await page.selectOption('#rv-outcome', 'declined');
		await page.selectOption('#rv-contact-cause', 'logistics');
		await saved(page, '#rv-contact-form button[type="submit"]');
		assert.equal(await page.getAttribute('article.review', 'data-group'), 'kept');
		const draft = await page.inputValue('#rv-reply-text');
		assert.ok(draft.includes('大熊'), draft);
		assert.equal(await page.textContent('#rv-reply-state'), w('rv_reply_draft'));
		// a defensive word: the tone check says which and why, in words
		await page.fill('#rv-reply-text', `${draft}我们不接受这种恶意评价。`);
		await saved(page, '#rv-reply-save');
		assert.equal(await page.textContent('#rv-reply-state'), w('rv_reply_saved'));
		assert.equal(await page.textContent('#rv-tone-list li[data-words="恶意"]'),
			w('rv_tone_item', 'zh-CN', { words: '恶意', why: w('rv_tone.malice') }));
		assert.deepEqual(await violations(page), []);
		await page.fill('#rv-reply-text', draft);
		await saved(page, '#rv-reply-post');
		assert.ok((await page.textContent('#rv-reply-posted')).startsWith(lead('rv_reply_posted')));
		assert.equal(await page.textContent('#rv-reply-posted-text'), draft);
		assert.equal(await page.locator('#rv-reply-text').count(), 0);
		await open(page, '#/reviews/kept', '#rv-tabs [data-group="kept"][aria-current="page"]');
		assert.deepEqual(await rowIds(page), [other.id]);
		assert.deepEqual(await counts(page), ['1', '1', '1', '0', '1']);
		assert.deepEqual(await keysOnScreen(page, words), []);
		assert.deepEqual(await violations(page), []);

		// in English: the same pages in its words, no key on screen
		await page.selectOption('#lang', 'en');
		await page.waitForFunction(() => document.documentElement.lang === 'en');
		await page.waitForSelector('#rv-tabs [data-group="kept"][aria-current="page"]');
		assert.equal(await page.textContent('#rv-title'), w('rv_title', 'en'));
		for (const g of GROUPS) assert.ok((await page.textContent(`#rv-tabs [data-group="${g}"]`)).startsWith(w(`rv_group.${g}`, 'en')), g);
		assert.equal(await row(other.id).locator('td.platform').textContent(), w('rv_platform.tmall', 'en'));
		assert.deepEqual(await keysOnScreen(page, words), []);
		await openReview(page, simple.id);
		assert.equal(await page.textContent('#rv-group'), w('rv_group.agreed', 'en'));
		assert.equal(await page.textContent('#rv-pb-title'), w('rv_pb.new', 'en'));
		assert.equal(await page.textContent('#rv-timeline li[data-kind="review_received"] .what'),
			w('rv_ev.review_received', 'en', { platform: w('rv_platform.taobao', 'en'), rating: w('rv_rating.negative', 'en') }));
		await page.waitForSelector('#rv-scripts li.script');
		assert.match(await page.locator('#rv-scripts li.script strong').first().textContent(), /^New review/);
		assert.deepEqual(await keysOnScreen(page, words), []);
		await openReview(page, other.id);
		assert.ok((await page.textContent('#rv-reply-posted')).startsWith(lead('rv_reply_posted', 'en')));
		assert.deepEqual(await keysOnScreen(page, words), []);
		await openReview(page, old.id);
		assert.equal(await page.textContent('#rv-no-recall'), w('rv_no_recall', 'en'));
		assert.deepEqual(await keysOnScreen(page, words), []);
		assertClean(problems);

		// the supervisor's dashboard: the funnel of the last 30 days (the
		// eight-month-old review was posted before them)
		const boss = await kesu.staff('supervisor', [TEAM]);
		const sup = await signedIn(env, boss, { viewport: DESKTOP });
		await open(sup.page, '#/dashboard', '#d-reviews');
		const figure = (id) => sup.page.textContent(`#${id}`);
		assert.deepEqual(await Promise.all(['d-rv-reviews', 'd-rv-contacted', 'd-rv-reached', 'd-rv-agreed', 'd-rv-changed', 'd-rv-breaches'].map(figure)),
			['3', '2', '2', '1', '0', '0']);
		assert.equal(await sup.page.textContent('#d-rv-agreed + .hint'), w('d_rv_agreed_rate', 'zh-CN', { p: 50 }));
		assert.notEqual(await figure('d-rv-first'), '—');
		await sup.page.click('#d-reviews-link');
		await sup.page.waitForSelector('#rv-tabs [data-group="due"][aria-current="page"]');
		assertClean(sup.problems);
	});
});
