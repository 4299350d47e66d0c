// The open workspace follows the live stream (GET /api/v1/stream) instead
// of polling: a complaint registered elsewhere appears in the open queue
// with its count, the picks kept and a row taken there still shown, without
// a reload and with no polling timer set; the open complaint's timeline takes a colleague's note while
// a reply being written stays; the header's inbox count follows an
// assignment; a page refused the stream goes back to polling every 15 s.
// The queue in zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, DESKTOP } from './harness.mjs';

const env = setup();
const TEAM = 1;
// well before the 15 s the queue polled at: only the stream brings it
const LIVE_MS = 10000;
const POLL_MS = 15000;

const PICKED = { 'zh-CN': (n) => `已选 ${n} 条`, 'zh-TW': (n) => `已選 ${n} 筆`, en: (n) => `${n} selected` };
const HOSTILE = '<img src=x onerror=__xss()>"林"</td><script>__xss()</script>';

let seq = 0;
function body(name = '周晓') {
	seq += 1;
	return {
		channel: 'phone', complainant: { name, phone: `1370000${String(5000 + seq)}` },
		object: { kind: 'order', ref: `JD2026120500${seq}`, name: '扫地机器人' },
		content: `扫地机器人充电座不工作（${seq}）。`, demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

// the timers a page sets at the polling period, and a mark that a reload
// would wipe
const WATCH_TIMERS = `(() => {
	window.__polls = [];
	const set = window.setInterval, unset = window.clearInterval;
	window.setInterval = function (fn, ms, ...rest) {
		const id = set.call(this, fn, ms, ...rest);
		if (ms === ${POLL_MS}) window.__polls.push(id);
		return id;
	};
	window.clearInterval = function (id) {
		window.__polls = window.__polls.filter((x) => x !== id);
		return unset.call(this, id);
	};
})();`;

/* A page of session on the workspace at hash, its timers watched; with
 * refuse, the stream answers 429 as it does to a user with too many. */
async function open(session, hash, { refuse = false } = {}) {
	const p = await env.page({ viewport: DESKTOP, trapScripts: true });
	await p.context.addInitScript(WATCH_TIMERS);
	if (refuse) {
		await p.page.route('**/api/v1/stream', (r) => r.fulfill({
			status: 429, contentType: 'application/json', headers: { 'Retry-After': '10' },
			body: JSON.stringify({ error: { code: 'rate_limited', field: '', message: 'at most 8 live streams per user: close another page' } }),
		}));
	}
	await env.kesu.signIn(p.context, session);
	await p.page.goto(`/${hash}`);
	await p.page.waitForSelector('#sign-out');
	await p.page.evaluate(() => { window.__sameDocument = true; });
	return p;
}

const polls = (page) => page.evaluate(() => window.__polls.length);
const sameDocument = (page) => page.evaluate(() => window.__sameDocument === true);

describe('the live workspace', () => {
	for (const locale of ['zh-CN', 'zh-TW', 'en']) {
		it(`shows a complaint registered elsewhere in the open queue, picks kept (${locale})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const earlier = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const mine = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const agent = await kesu.staff('agent', [TEAM]);
			const me = await open(agent, '#/queue/unassigned');
			const p = me.page;
			if (locale !== 'zh-CN') {
				await p.selectOption('#lang', locale);
				await p.evaluate(() => { window.__sameDocument = true; });
			}
			await p.waitForFunction((l) => document.documentElement.lang === l, locale);
			await p.waitForSelector('html[data-live="open"]');
			await p.waitForSelector(`#queue-table tr[data-tracking="${earlier.tracking_no}"]`);
			await p.waitForSelector('[data-count="unassigned"]');
			const before = Number(await p.locator('[data-count="unassigned"]').textContent());
			await p.check(`#queue-table tr[data-tracking="${earlier.tracking_no}"] input[type=checkbox]`);
			await p.waitForSelector('#bulk-bar:not([hidden])');
			// one taken from its row leaves the unassigned queue, but stays
			// on the page that took it, saying so
			const took = `#queue-table tr[data-tracking="${mine.tracking_no}"]`;
			await p.click(`${took} button.take`);
			await p.waitForSelector(`${took} td.take .taken`);

			await p.waitForFunction((n) => document.querySelector('[data-count="unassigned"]').textContent === String(n),
				before - 1, { timeout: LIVE_MS });
			const fresh = await kesu.expect(201, 'POST', '/api/v1/complaints', body(HOSTILE));
			const row = `#queue-table tr[data-tracking="${fresh.tracking_no}"]`;
			await p.waitForSelector(row, { timeout: LIVE_MS });
			await p.waitForFunction((n) => document.querySelector('[data-count="unassigned"]').textContent === String(n),
				before, { timeout: LIVE_MS });
			assert.equal(await sameDocument(p), true, 'the page was not loaded again');
			assert.equal(await polls(p), 0, 'no polling timer');
			// the name is text, never markup
			assert.ok((await p.locator(row).textContent()).includes(HOSTILE));
			assert.equal(await p.locator('#queue-table img, #queue-table script').count(), 0);
			// the pick made before stays
			assert.equal(await p.locator(`#queue-table tr[data-tracking="${earlier.tracking_no}"] input[type=checkbox]`).isChecked(), true);
			assert.equal(await p.locator(`${row} input[type=checkbox]`).isChecked(), false);
			assert.equal(await p.locator('#bulk-bar .picked-count').textContent(), PICKED[locale](1));
			assert.equal(await p.locator(`${took} td.take .taken`).count(), 1);
			const listed = await kesu.expect(200, 'GET', '/api/v1/complaints?queue=unassigned&limit=100');
			assert.equal(listed.items.some((c) => c.tracking_no === mine.tracking_no), false);
			assertClean(me.problems);
		});
	}

	it('redraws the open complaint\'s timeline and the inbox count, keeping the reply being written', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const agent = await kesu.staff('agent', [TEAM]);
		const me = await open(agent, `#/c/${c.tracking_no}`);
		const p = me.page;
		await p.waitForSelector(`article.complaint[data-tracking="${c.tracking_no}"]`);
		await p.waitForSelector('html[data-live="open"]');
		await p.evaluate(() => { window.__sameDocument = true; });
		assert.equal(await p.locator('#nav-inbox [data-count=inbox]').count(), 0);
		await p.fill('#reply-body', '您好，我们已联系厂家');

		const note = '同事备注：已与仓库核对，明天发出新机';
		await kesu.expect([200, 201], 'POST', `/api/v1/complaints/${c.id}/notes`, { body: note });
		await p.waitForFunction((n) => document.querySelector('#timeline').textContent.includes(n), note, { timeout: LIVE_MS });
		// assigned to the agent: the header counts the notice
		await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/assignment`, { team_id: TEAM, assignee_id: agent.id });
		await p.waitForFunction(() => document.querySelector('#nav-inbox [data-count=inbox]')?.textContent === '1',
			null, { timeout: LIVE_MS });
		await p.waitForSelector('#timeline li[data-kind="assigned"]', { timeout: LIVE_MS });
		assert.equal(await p.inputValue('#reply-body'), '您好，我们已联系厂家');
		assert.equal(await sameDocument(p), true, 'the page was not loaded again');

		// another complaint's change leaves this timeline alone
		const other = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		await kesu.expect([200, 201], 'POST', `/api/v1/complaints/${other.id}/notes`, { body: '别的投诉' });
		await kesu.expect([200, 201], 'POST', `/api/v1/complaints/${c.id}/notes`, { body: '第二条备注' });
		await p.waitForFunction(() => document.querySelector('#timeline').textContent.includes('第二条备注'), null, { timeout: LIVE_MS });
		assert.equal((await p.locator('#timeline').textContent()).includes('别的投诉'), false);
		assertClean(me.problems);
	});

	it('polls every 15 s as before when the stream is refused', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const agent = await kesu.staff('agent', [TEAM]);
		const me = await open(agent, '#/queue/unassigned', { refuse: true });
		const p = me.page;
		await p.waitForSelector('html[data-live="polling"]');
		await p.waitForSelector('[data-count="unassigned"]');
		await p.waitForFunction(() => window.__polls.length === 1);
		// leaving the queue stops its timer
		await p.goto('/#/kb');
		await p.waitForFunction(() => window.__polls.length === 0);
		assertClean(me.problems);
	});
});
