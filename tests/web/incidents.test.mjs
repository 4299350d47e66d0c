// Incidents (many complaints, one cause) and handling notices in Chromium:
// five complaints about one delayed flight and five about one seat fault
// registered through the API make two proposals; the supervisor dismisses
// one (its reason asked for first) and confirms the other from the
// proposals view; the incident's page lists its complaints, takes one more
// by its tracking number (a number no one has refused with its reason),
// moves them together (the refusals listed with their reasons), publishes
// the handling notice, tells every customer once although the first send
// is lost on its way back (the call list for the one without a phone),
// and sets a remedy granted to all of them; a linked complaint shows the
// incident's banner with the notice; an agent confirms the notice from the
// header's count and the supervisor sees who has and who has not; a
// standing notice written on the notices' page reaches the agent; an
// agent sees no controls; the pages in English with no key on screen; no
// WCAG 2 A/AA violation axe-core finds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, assertClean, API_ERRORS, DESKTOP, ROOT } from './harness.mjs';
import { signedIn, keysOnScreen } from './desk.mjs';

const env = setup();
const TEAM = 1;
const LANGS = ['zh-CN', 'zh-TW', 'en'];

// the pages' words as the browser gets them (key: [zh-CN, zh-TW, en])
const load = async (file) => (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default;
const W = { ...(await load('workspace-words.js')), ...(await load('words-incidents.js')) };
const w = (key, l = 'zh-CN', params = {}) => {
	assert.ok(W[key], `no words for ${key}`);
	return W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
};

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/* What axe-core finds against WCAG 2 A/AA on the page as drawn now. */
async function violations(page) {
	await page.evaluate(AXE);
	return page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
		.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`));
}

// the same texts as tests/integration/test_incidents.py
const FLIGHT_TEXTS = [
	'CA1234航班延误了五个小时，机场没有任何广播通知，也没有安排餐食，孩子饿得直哭。',
	'今天CA1234航班延误了五个小时，机场没有任何通知，也没有安排餐食，老人孩子都很累。',
	'CA1234航班延误五个小时，机场没有任何广播通知，没有安排餐食和休息的地方。',
	'航班CA1234延误了五个小时，机场一直没有任何通知，也没有安排餐食，太不负责任了。',
	'我们的CA1234航班延误了五个小时，机场没有任何广播通知，也没有安排餐食，请给个说法。',
];
const SEAT_TEXTS = ['座椅坏了', '空调不制冷，很热', '行李架关不上', '餐食是凉的', '机上广播听不清'];

let seq = 0;
const body = (content, over = {}) => {
	seq += 1;
	return { channel: 'web', complainant: { name: '王芳', phone: `1390000${String(3000 + seq)}` }, content, demand: '赔偿', language: 'zh-CN', ...over };
};

/* Clicks button on the incident's page and waits until the page is drawn
 * again from the server's answer; fails with what its form said instead. */
async function saved(page, button) {
	await page.evaluate((b) => {
		document.querySelector('article.incident').dataset.before = '1';
		document.querySelector(b).closest('form').dataset.sending = '1';
	}, button);
	const said = 'form[data-sending] .form-error, form[data-sending] .field-error';
	await page.click(button);
	await page.waitForFunction((s) => !document.querySelector('article.incident[data-before]') ||
		[...document.querySelectorAll(s)].some((e) => e.textContent.trim()), said);
	if (await page.locator('article.incident[data-before]').count())
		throw new Error(`${button}: ${(await page.locator(said).allTextContents()).filter(Boolean).join(' | ')}`);
}

/* Clicks button and waits for the error shown beside control sel; its words. */
async function refused(page, button, sel) {
	await page.click(button);
	await page.waitForSelector(`${sel}[aria-invalid="true"]`);
	return (await page.textContent(`${sel}-err`)).trim();
}

const openIncident = async (page, id) => {
	await page.goto(`/#/incident/${id}`);
	await page.waitForSelector(`article.incident[data-incident="${id}"]`);
};

describe('incidents', () => {
	it('a proposal confirmed, its complaints moved, the notice confirmed, every customer told, one remedy, in zh-CN and English', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const fields = await kesu.expect(200, 'GET', '/api/v1/fields');
		const labelOf = (group, name, l = 'zh-CN') => fields.enums[group].values.find((v) => v.name === name).label[l];
		const flights = [];
		for (const text of FLIGHT_TEXTS) flights.push(await kesu.expect(201, 'POST', '/api/v1/complaints', body(text)));
		for (const text of SEAT_TEXTS)
			await kesu.expect(201, 'POST', '/api/v1/complaints', body(text, { object: { kind: 'service', ref: 'MU5101', name: 'MU5101 航班' } }));
		const proposals = (await kesu.expect(200, 'GET', '/api/v1/incidents/proposals')).items;
		assert.equal(proposals.length, 2, JSON.stringify(proposals).slice(0, 500));
		const flight = proposals.find((p) => p.proposal.by === 'text');
		const seat = proposals.find((p) => p.proposal.by === 'object');
		assert.deepEqual(flight.complaints.map((c) => c.tracking_no).sort(), flights.map((c) => c.tracking_no).sort());

		const agentS = await kesu.staff('agent', [TEAM]);
		const boss = await kesu.staff('supervisor', [TEAM]);
		const { page, problems } = await signedIn(env, boss, { viewport: DESKTOP });
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		const gaps = Object.entries(words).filter(([, row]) => row.length !== 3 || row.some((s) => typeof s !== 'string' || !s.trim()));
		assert.deepEqual(gaps, []);

		// the incidents in the navigation; the proposals with their counts,
		// complaints and why
		assert.equal(await page.textContent('#nav-incidents'), w('nav_incidents'));
		await page.click('#nav-incidents');
		await page.waitForSelector('#ic-tabs [data-state="live"][aria-current="page"]');
		assert.equal(await page.textContent('#ic-tabs [data-count="proposed"]'), '2');
		assert.equal(await page.textContent('#ic-tabs [data-count="live"]'), '0');
		await page.click('#ic-tabs [data-state="proposed"]');
		await page.waitForSelector('#ic-proposals');
		const card = (p) => `#ic-proposal-${p.id}`;
		assert.deepEqual((await page.locator(`${card(flight)} .ic-proposal-list li`).evaluateAll((lis) => lis.map((li) => li.dataset.tracking))).sort(),
			flights.map((c) => c.tracking_no).sort());
		assert.equal(await page.textContent(`${card(flight)} .ic-why-text`), w('ic_why_text', 'zh-CN', {
			n: 5, window: flight.proposal.window_minutes, min: flight.proposal.min_complaints, p: Math.round(flight.proposal.similarity * 100),
		}));
		assert.equal(await page.textContent(`${card(seat)} .ic-why-text`), w('ic_why_object', 'zh-CN', {
			n: 5, window: seat.proposal.window_minutes, min: seat.proposal.min_complaints, key: seat.proposal.key,
		}));
		assert.deepEqual(await violations(page), []);

		// dismissed: a reason first
		assert.equal(await refused(page, `#ic-dismiss-${seat.id} button[type="submit"]`, `#ic-dismiss-reason-${seat.id}`), w('err_reason.required'));
		await page.fill(`#ic-dismiss-reason-${seat.id}`, '各是各的故障，不是同一个原因');
		await page.click(`#ic-dismiss-${seat.id} button[type="submit"]`);
		await page.waitForSelector(card(seat), { state: 'detached' });
		assert.equal(await page.textContent('#ic-tabs [data-count="dismissed"]'), '1');
		// confirmed: its page
		await page.click(`#ic-confirm-${flight.id}`);
		await page.waitForSelector(`article.incident[data-incident="${flight.id}"][data-state="open"]`);
		assert.equal(await page.textContent('#ic-state'), labelOf('incident_state', 'open'));
		assert.equal(await page.textContent('#ic-fig-complaints'), '5');
		assert.equal(await page.textContent('#ic-complaints-total'), w('ic_complaints_total', 'zh-CN', { n: 5 }));
		const rows = () => page.locator('#ic-complaints-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.tracking));
		assert.deepEqual((await rows()).sort(), flights.map((c) => c.tracking_no).sort());
		assert.equal(await page.getAttribute(`#ic-complaints-table tr[data-tracking="${flights[0].tracking_no}"] a`, 'href'), `#/c/${flights[0].tracking_no}`);

		// one more by its number, with a number no one has: refused with why
		const lone = await kesu.expect(201, 'POST', '/api/v1/complaints', body('我在柜台登记过，想知道托运的行李什么时候能送到。', { complainant: { name: '李雷', contact_other: '柜台登记' } }));
		await page.click('#ic-add summary');
		await page.fill('#ic-add-refs', `${lone.tracking_no}\nKS000000-9999`);
		await saved(page, '#ic-add-form button[type="submit"]');
		assert.equal(await page.textContent('#ic-link-summary'), w('ic_add_result', 'zh-CN', { linked: 1, already: 0, refused: 1 }));
		assert.equal(await page.textContent('#ic-link-refused li[data-ref="KS000000-9999"] .ic-refusal'), w('err_code.not_found'));
		assert.equal(await page.evaluate(() => document.activeElement.id), 'ic-link-result');
		assert.equal((await rows()).length, 6);
		assert.equal(await page.textContent('#ic-fig-complaints'), '6');

		// moved together: acknowledged, all; resolved, none, each with why;
		// work started only with the line the customers are told
		await saved(page, '#ic-move-form button[type="submit"]');
		assert.equal(await page.textContent('#ic-move-summary'), w('ic_move_result', 'zh-CN', { action: w('ic_action.acknowledge'), done: 6, refused: 0 }));
		await page.selectOption('#ic-move-action', 'start');
		assert.equal(await refused(page, '#ic-move-form button[type="submit"]', '#ic-move-progress-line'), w('ic_move_needs_line'));
		await page.selectOption('#ic-move-action', 'resolve');
		await saved(page, '#ic-move-form button[type="submit"]');
		assert.equal(await page.textContent('#ic-move-summary'), w('ic_move_result', 'zh-CN', { action: w('ic_action.resolve'), done: 0, refused: 6 }));
		assert.equal(await page.locator('#ic-move-refused li').count(), 6);
		assert.equal(await page.textContent(`#ic-move-refused li[data-ref="${lone.tracking_no}"] .ic-refusal`),
			w('err_reason.not_allowed_in_state', 'zh-CN', { state: labelOf('status', 'acknowledged'), to: labelOf('status', 'resolved') }));
		assert.equal(await page.getAttribute(`#ic-move-refused li[data-ref="${lone.tracking_no}"] a`, 'href'), `#/c/${lone.tracking_no}`);

		// the handling notice, written and published
		const NOTICE = { title: 'CA1234 延误处理通知', matters: '1. 延误原因：天气。\n2. 预计 20:00 起飞。', remedy: '每位旅客 30 元餐券；22:00 后仍未起飞的安排酒店。' };
		assert.equal(await page.textContent('#ic-notice-none'), w('hn_none'));
		assert.ok(await page.isChecked(`#ic-notice-form-teams-${TEAM}`), 'the supervisor\'s team by default');
		await page.fill('#ic-notice-form-title', NOTICE.title);
		await page.fill('#ic-notice-form-key-matters', NOTICE.matters);
		const answer = page.locator('#ic-notice-form-answers fieldset.hn-item').first();
		await answer.locator('input').first().fill('延误原因怎么说');
		await answer.locator('textarea').fill('非常抱歉，因天气原因航班延误，预计 20:00 起飞。');
		await page.fill('#ic-notice-form-remedy', NOTICE.remedy);
		await page.click('#ic-notice-form-add-duties');
		const duty = page.locator('#ic-notice-form-duties fieldset.hn-item').first();
		assert.equal(await page.evaluate(() => document.activeElement.closest('fieldset')?.dataset.item), 'duties');
		await duty.locator('input').fill('地服');
		await duty.locator('textarea').fill('在登机口发放餐券');
		await page.click('#ic-notice-form-add-contacts');
		const contact = page.locator('#ic-notice-form-contacts fieldset.hn-item').first();
		await contact.locator('input').nth(0).fill('地服部');
		await contact.locator('input').nth(1).fill('张经理');
		await contact.locator('input').nth(2).fill('010-12345678');
		await saved(page, '#ic-notice-form-publish');
		assert.equal(await page.textContent('#ic-notice-title'), NOTICE.title);
		assert.equal(await page.textContent('#ic-notice .hn-state'), w('hn_state.published'));
		assert.equal(await page.textContent('#ic-notice .hn-key-matters'), NOTICE.matters);
		assert.equal(await page.textContent('#ic-notice .hn-contacts td:nth-child(2)'), '张经理');
		const nid = Number((await page.getAttribute('#ic-notice-open', 'href')).split('/').pop());
		assert.equal(await page.getAttribute(`#ic-readers tr[data-user="${agentS.username}"]`, 'data-confirmed'), 'false');

		// every customer told once: the first answer lost on its way back,
		// the same send again is the same message
		await page.selectOption('#ic-msg-stage', 'cause');
		await page.fill('#ic-msg-zh-CN', '因天气原因航班延误。\n预计 20:00 起飞。');
		assert.equal(await refused(page, '#ic-msg-form button[type="submit"]', '#ic-msg-zh-CN'), w('err_reason.one_line'));
		await page.fill('#ic-msg-zh-CN', '因天气原因航班延误，预计 20:00 起飞。');
		await page.fill('#ic-msg-en', 'The flight is delayed by the weather; expected to leave at 20:00.');
		let lost = 0;
		await page.route('**/api/v1/incidents/*/messages', async (route) => {
			if (lost++) return route.continue();
			await route.fetch();
			return route.abort('connectionreset');
		});
		await page.click('#ic-msg-form button[type="submit"]');
		await page.waitForFunction(() => document.querySelector('#ic-msg-form .form-error')?.textContent.trim());
		assert.equal(await page.textContent('#ic-msg-form .form-error'), w('error'));
		await saved(page, '#ic-msg-form button[type="submit"]');
		await page.unroute('**/api/v1/incidents/*/messages');
		assert.equal(await page.textContent('#ic-msg-sent'), w('ic_msg_sent', 'zh-CN', { n: 6 }));
		assert.equal(await page.textContent('#ic-msg-replayed'), w('ic_msg_replayed'));
		assert.equal(await page.locator('#ic-message-list > li').count(), 1);
		assert.deepEqual(await page.locator('#ic-msg-to-call li').evaluateAll((lis) => lis.map((li) => li.dataset.tracking)), [lone.tracking_no]);
		assert.equal(await page.getAttribute('#ic-msg-to-call a', 'href'), `#/c/${lone.tracking_no}`);
		assert.equal(await page.textContent('#ic-message-list .ic-msg-text[data-lang="en"] [lang="en"]'), 'The flight is delayed by the weather; expected to leave at 20:00.');
		assert.equal(await page.getAttribute('article.incident', 'data-state'), 'told');
		const sent = (await kesu.expect(200, 'GET', `/api/v1/incidents/${flight.id}`)).messages;
		assert.equal(sent.length, 1);

		// one remedy standard: 30 元 each, within the supervisor's authority
		await page.selectOption('#ic-rem-type', 'meal_voucher');
		assert.equal(await refused(page, '#ic-rem-form button[type="submit"]', '#ic-rem-amount'), w('ic_rem_amount_bad'));
		await page.fill('#ic-rem-amount', '30');
		await page.fill('#ic-rem-note', '登机口领取');
		await saved(page, '#ic-rem-form button[type="submit"]');
		assert.equal(await page.textContent('#ic-rem-done'), w('ic_rem_done_approved', 'zh-CN', { n: 6 }));
		const money = await page.evaluate(async () => (await import('/assets/i18n.js')).fmtMoney(18000));
		assert.equal(await page.textContent('.ic-remedy .ic-rem-granted'), w('ic_rem_granted', 'zh-CN', { n: 6, amount: money }));
		assert.equal(await page.textContent('.ic-remedy .badge.rs-approved'), labelOf('remedy_state', 'approved'));
		const comps = await kesu.expect(200, 'GET', `/api/v1/complaints/${flights[2].tracking_no}/compensations`);
		assert.deepEqual(comps.items.map((k) => [k.type, k.amount_fen, k.state]), [['meal_voucher', 3000, 'granted']]);
		assert.equal(await page.getAttribute('article.incident', 'data-state'), 'remedied');
		for (const kind of ['confirmed', 'complaints_added', 'complaints_moved', 'notice_published', 'message_sent', 'remedy_granted'])
			assert.equal(await page.locator(`#ic-timeline li[data-kind="${kind}"]`).count() > 0, true, kind);
		assert.deepEqual(await keysOnScreen(page, words), []);
		assert.deepEqual(await violations(page), []);

		// a complaint of it: the banner, its notice, the message in its timeline
		await page.click(`#ic-complaints-table tr[data-tracking="${flights[1].tracking_no}"] a`);
		await page.waitForSelector(`article.complaint[data-tracking="${flights[1].tracking_no}"]`);
		assert.equal(await page.textContent('#incident-link'), flight.title);
		assert.equal(await page.getAttribute('#incident-link', 'href'), `#/incident/${flight.id}`);
		assert.equal(await page.textContent('#incident-state'), labelOf('incident_state', 'remedied'));
		assert.equal(await page.textContent('#incident-key-matters'), NOTICE.matters);
		assert.equal(await page.textContent('#incident-remedy'), NOTICE.remedy);
		assert.equal(await page.getAttribute('#incident-notice-link', 'href'), `#/notice/${nid}`);
		assert.equal(await page.locator('#timeline li[data-kind="incident_message"]').count(), 1);
		assert.equal(await page.textContent('#timeline li[data-kind="incident_message"] .what'), w('ev.incident_message'));
		assert.deepEqual(await keysOnScreen(page, words), []);
		assert.deepEqual(await violations(page), []);
		// the answer lost on purpose is the one network error
		assertClean(problems, [API_ERRORS, /ERR_CONNECTION_RESET/]);
		problems.clear();

		// the agent: the count to confirm in the header, the notice confirmed there
		const ag = await signedIn(env, agentS, { viewport: DESKTOP });
		await ag.page.waitForSelector('#nav-notices [data-count="notices"]');
		assert.equal(await ag.page.textContent('#nav-notices [data-count="notices"]'), '1');
		assert.equal(await ag.page.getAttribute('#nav-notices', 'aria-label'), w('hn_nav_unread', 'zh-CN', { n: 1 }));
		await ag.page.click('#nav-notices');
		await ag.page.waitForSelector(`#hn-list article[data-notice="${nid}"][data-read="false"]`);
		assert.equal(await ag.page.textContent(`#hn-${nid} .hn-key-matters`), NOTICE.matters);
		assert.deepEqual(await violations(ag.page), []);
		await ag.page.click(`#hn-confirm-${nid}`);
		await ag.page.waitForSelector(`#hn-read-${nid}`);
		assert.equal(await ag.page.textContent(`#hn-read-${nid}`), w('hn_confirmed_mine'));
		await ag.page.waitForSelector('#nav-notices [data-count="notices"]', { state: 'detached' });
		assert.equal(await ag.page.textContent('#hn-count'), w('hn_unread_count', 'zh-CN', { n: 0 }));
		// the agent reads the incident and acts on none of it
		await openIncident(ag.page, flight.id);
		assert.equal(await ag.page.locator('#ic-move-form, #ic-notice-form, #ic-msg-form, #ic-rem-form, #ic-edit, #ic-add, .ic-remove').count(), 0);
		assert.equal(await ag.page.locator('#ic-complaints-table tbody tr').count(), 6);
		assert.equal(await ag.page.locator('#ic-tabs [data-state="proposed"]').count(), 0);
		assert.deepEqual(await keysOnScreen(ag.page, words), []);

		// the supervisor sees who has confirmed and who has not
		await openIncident(page, flight.id);
		assert.equal(await page.getAttribute(`#ic-readers tr[data-user="${agentS.username}"]`, 'data-confirmed'), 'true');
		assert.equal(await page.getAttribute(`#ic-readers tr[data-user="${boss.username}"]`, 'data-confirmed'), 'false');
		const readers = await kesu.expect(200, 'GET', `/api/v1/handling-notices/${nid}`, undefined, { session: boss });
		assert.equal(await page.textContent('#ic-readers-count'), w('hn_readers_count', 'zh-CN', { done: readers.confirmed, left: readers.to_confirm }));
		assert.equal(readers.confirmed, 1);

		// a standing notice, written on the notices' page, reaches the agent
		await page.click('#nav-notices');
		await page.waitForSelector('#hn-tabs');
		await page.click('#hn-new summary');
		assert.deepEqual(await violations(page), []);
		await page.fill('#hn-new-form-title', '双十一大促投诉工作部署');
		await page.fill('#hn-new-form-key-matters', '预售尾款、发货时效、价保。');
		const price = page.locator('#hn-new-form-answers fieldset.hn-item').first();
		await price.locator('input').fill('价保怎么答');
		await price.locator('textarea').fill('活动期间价保 15 天。');
		await price.locator('select').nth(1).selectOption('4');
		await page.click('#hn-new-form-publish');
		await page.waitForSelector('article.notice-view[data-state="published"]');
		const standing = Number(await page.getAttribute('article.notice-view', 'data-notice'));
		assert.equal(await page.textContent('#hn-head'), '双十一大促投诉工作部署');
		await ag.page.goto('/#/notices');
		await ag.page.waitForSelector(`#hn-list article[data-notice="${standing}"]`);
		assert.equal(await ag.page.textContent('#nav-notices [data-count="notices"]'), '1');
		assert.equal(await ag.page.locator('#hn-list article').count(), 1);
		assertClean(ag.problems);

		// in English: the same pages in its words, no key on screen
		await openIncident(page, flight.id);
		await page.selectOption('#lang', 'en');
		await page.waitForFunction(() => document.documentElement.lang === 'en');
		await page.waitForSelector(`article.incident[data-incident="${flight.id}"]`);
		await page.waitForFunction((want) => document.querySelector('#ic-state')?.textContent === want, labelOf('incident_state', 'remedied', 'en'));
		assert.equal(await page.textContent('#ic-complaints-h'), w('ic_complaints', 'en'));
		assert.equal(await page.textContent('#ic-move-h'), w('ic_move', 'en'));
		assert.equal(await page.textContent('#nav-incidents'), w('nav_incidents', 'en'));
		assert.equal(await page.textContent('#ic-timeline li[data-kind="message_sent"] .what'),
			w('ic_ev.message_sent', 'en', { n: 6, stage: labelOf('message_stage', 'cause', 'en') }));
		assert.deepEqual(await keysOnScreen(page, words), []);
		await page.click('#nav-incidents');
		await page.waitForSelector('#ic-tabs [data-state="live"][aria-current="page"]');
		assert.equal(await page.textContent(`#ic-table tr[data-incident="${flight.id}"] .badge`), labelOf('incident_state', 'remedied', 'en'));
		assert.deepEqual(await keysOnScreen(page, words), []);
		await page.click('#ic-tabs [data-state="dismissed"]');
		await page.waitForSelector(`#ic-table tr[data-incident="${seat.id}"]`);
		await page.goto(`/#/notice/${nid}`);
		await page.waitForSelector(`article.notice-view[data-notice="${nid}"]`);
		assert.equal(await page.textContent('#hn-readers-h'), w('hn_readers', 'en'));
		assert.deepEqual(await keysOnScreen(page, words), []);
		assert.deepEqual(await violations(page), []);
		assertClean(problems);
	});

	it('an incident opened by hand, a remedy above the supervisor\'s authority approved by a manager from the inbox, the incident closed', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const fields = await kesu.expect(200, 'GET', '/api/v1/fields');
		const labelOf = (group, name, l = 'zh-CN') => fields.enums[group].values.find((v) => v.name === name).label[l];
		const made = [];
		for (const text of ['快递停运，包裹一周没有动静。', '双十二买的东西到现在都没发货，快递说停运了。'])
			made.push(await kesu.expect(201, 'POST', '/api/v1/complaints', body(text)));
		const boss = await kesu.staff('supervisor', [TEAM]);
		const agentS = await kesu.staff('agent', [TEAM]);
		const { page, problems } = await signedIn(env, boss, { viewport: DESKTOP });

		// opened by hand, its first complaints by their numbers
		await page.goto('/#/incidents');
		await page.click('#ic-new-link');
		await page.waitForSelector('#ic-new-form');
		assert.deepEqual(await violations(page), []);
		assert.equal(await refused(page, '#ic-new-form button[type="submit"]', '#ic-new-title'), w('ic_err.no_title'));
		await page.fill('#ic-new-title', '顺丰华东仓停运');
		await page.selectOption('#ic-new-kind', 'order_range');
		await page.fill('#ic-new-ref', 'SF1000');
		assert.equal(await refused(page, '#ic-new-form button[type="submit"]', '#ic-new-ref-to'), w('err_code.missing_field'));
		await page.selectOption('#ic-new-kind', 'store');
		await page.fill('#ic-new-ref', '华东一号仓');
		await page.fill('#ic-new-plan', '免费改发其他快递，每单补偿 600 元住宿券');
		await page.fill('#ic-new-complaints', [...made.map((c) => c.tracking_no), 'KS000000-9999'].join('，'));
		await page.click('#ic-new-form button[type="submit"]');
		await page.waitForSelector('article.incident[data-state="open"]');
		const id = Number(await page.getAttribute('article.incident', 'data-incident'));
		// the number no one has is said, with why
		assert.equal(await page.textContent('#ic-link-summary'), w('ic_add_result', 'zh-CN', { linked: 2, already: 0, refused: 1 }));
		assert.equal(await page.textContent('#ic-link-refused li[data-ref="KS000000-9999"] .ic-refusal'), w('err_code.not_found'));
		// the owner is one of the team's supervisors and managers, not an agent
		const owners = await page.locator('#ic-edit-owner option').evaluateAll((os) => os.map((o) => o.textContent));
		assert.ok(owners.includes(boss.username) && !owners.includes(agentS.username), owners.join());
		assert.equal(await page.textContent('#ic-head'), '顺丰华东仓停运');
		assert.equal(await page.textContent('#ic-affected'), `${labelOf('affected_kind', 'store')} · 华东一号仓`);
		assert.equal(await page.textContent('#ic-owner'), boss.username);
		assert.equal(await page.locator('#ic-complaints-table tbody tr').count(), 2);
		assert.equal(await page.locator('#ic-decide').count(), 0);

		// above the supervisor's authority: waiting, and not theirs to decide
		await page.selectOption('#ic-rem-type', 'hotel_voucher');
		await page.fill('#ic-rem-amount', '600');
		await page.fill('#ic-rem-max', '6000');
		await saved(page, '#ic-rem-form button[type="submit"]');
		assert.equal(await page.textContent('#ic-rem-done'), w('ic_rem_done_pending'));
		assert.equal(await page.textContent('.ic-remedy .badge.rs-pending'), labelOf('remedy_state', 'pending'));
		assert.equal(await page.locator('.ic-remedy form').count(), 0);
		assert.equal(await page.textContent('.ic-remedy p.hint:last-child'), w('ic_rem_own'));
		assertClean(problems);

		// the manager: from the inbox to the incident, approved there
		const mgr = await kesu.staff('manager', [TEAM]);
		const m = await signedIn(env, mgr, { viewport: DESKTOP });
		await m.page.click('#nav-inbox');
		const item = m.page.locator('#inbox-list li[data-kind="remedy_approval_needed"] a').first();
		assert.equal(await item.getAttribute('href'), `#/incident/${id}`);
		await item.click();
		await m.page.waitForSelector(`article.incident[data-incident="${id}"]`);
		const rid = await m.page.getAttribute('.ic-remedy', 'data-remedy');
		assert.equal(await refused(m.page, `#ic-rem-reject-${rid}`, `#ic-rem-reason-${rid}`), w('err_reason.required'));
		await saved(m.page, `#ic-rem-approve-${rid}`);
		assert.equal(await m.page.textContent('.ic-remedy .badge.rs-approved'), labelOf('remedy_state', 'approved'));
		const money = await m.page.evaluate(async () => (await import('/assets/i18n.js')).fmtMoney(120000));
		assert.equal(await m.page.textContent('.ic-remedy .ic-rem-granted'), w('ic_rem_granted', 'zh-CN', { n: 2, amount: money }));
		assert.equal(await m.page.getAttribute('article.incident', 'data-state'), 'remedied');

		// closed on the edit form; its history says so in words
		await m.page.click('#ic-edit summary');
		await m.page.selectOption('#ic-edit-state', 'closed');
		await saved(m.page, '#ic-edit-form button[type="submit"]');
		assert.equal(await m.page.getAttribute('article.incident', 'data-state'), 'closed');
		assert.equal(await m.page.textContent('#ic-timeline li[data-kind="updated"] .ev-body'),
			w('ic_ch', 'zh-CN', { field: w('ic_f_state'), from: labelOf('incident_state', 'remedied'), to: labelOf('incident_state', 'closed') }));
		// nothing more to do on a closed incident but read it and open it again
		assert.equal(await m.page.locator('#ic-move-form, #ic-msg-form, #ic-rem-form').count(), 0);
		await m.page.goto('/#/incidents/closed');
		await m.page.waitForSelector(`#ic-table tr[data-incident="${id}"]`);
		assert.equal(await m.page.textContent('#ic-tabs [data-count="closed"]'), '1');
		assertClean(m.problems);
	});
});
