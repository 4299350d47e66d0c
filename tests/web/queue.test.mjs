// The queue's bulk acts in the workspace: rows picked with the keyboard (j/k
// to move, x or Space to pick), acknowledged together with one summary in
// the page's language (a row already acknowledged refused by name), Enter
// opening the highlighted row, and a breached row marked in words; in
// zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo } from './desk.mjs';

const env = setup();
const TEAM = 1;
const signedIn = (session, opts) => signedInTo(env, session, opts);

const WORDS = {
	'zh-CN': { picked: (n) => `已选 ${n} 条`, done: (d, r) => `已处理 ${d} 条，${r} 条未处理`, ack: '受理', take: '分给我' },
	'zh-TW': { picked: (n) => `已選 ${n} 筆`, done: (d, r) => `已處理 ${d} 筆，${r} 筆未處理`, ack: '受理', take: '分派給我' },
	en: { picked: (n) => `${n} selected`, done: (d, r) => `${d} done, ${r} refused`, ack: 'Acknowledge', take: 'Assign to me' },
};

let seq = 0;
function body() {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '韩梅梅', phone: `1380000${String(7000 + seq)}` },
		object: { kind: 'order', ref: `JD2026120400${seq}`, name: '空气净化器' },
		content: `净化器异响（${seq}）。`, demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

/* Moves the highlight with j/k until it is on the row of tracking no. */
async function highlight(p, no) {
	await p.focus('#queue-table');
	const rows = await p.locator('#queue-table tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.tracking));
	const want = rows.indexOf(no);
	assert.ok(want >= 0, `${no} is in the queue`);
	const at = await p.locator('#queue-table tbody tr').evaluateAll((trs) => trs.findIndex((tr) => tr.getAttribute('aria-selected') === 'true'));
	for (let i = at; i < want; i++) await p.keyboard.press('j');
	for (let i = at; i > want; i--) await p.keyboard.press('k');
	await p.waitForSelector(`#queue-table tr[data-tracking="${no}"][aria-selected="true"]`);
}

describe('the queue', () => {
	for (const locale of ['zh-CN', 'zh-TW', 'en']) {
		it(`picks rows with the keyboard and acknowledges them with one summary (${locale})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const w = WORDS[locale];
			const one = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const two = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const done = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			await kesu.expect(200, 'POST', `/api/v1/complaints/${done.id}/transitions`, { to: 'acknowledged' });
			const agent = await kesu.staff('agent', [TEAM]);
			const me = await signedIn(agent);
			const p = me.page;
			if (locale !== 'zh-CN') await p.selectOption('#lang', locale);
			await p.waitForFunction((l) => document.documentElement.lang === l, locale);
			await p.goto('/#/queue/unassigned');
			await p.waitForSelector(`#queue-table tr[data-tracking="${done.tracking_no}"]`);
			assert.equal(await p.locator('#bulk-bar').isHidden(), true);

			// x picks the highlighted row, Space the next; the bar counts them
			await highlight(p, one.tracking_no);
			await p.keyboard.press('x');
			await highlight(p, two.tracking_no);
			await p.keyboard.press(' ');
			await highlight(p, done.tracking_no);
			await p.keyboard.press('x');
			await p.waitForSelector('#bulk-bar:not([hidden])');
			assert.equal(await p.locator('#bulk-bar .picked-count').textContent(), w.picked(3));
			for (const no of [one, two, done].map((c) => c.tracking_no))
				assert.equal(await p.locator(`#queue-table tr[data-tracking="${no}"] input[type=checkbox]`).isChecked(), true);
			assert.equal(await p.locator('#bulk-ack').textContent(), w.ack);
			assert.equal(await p.locator('#bulk-take').textContent(), w.take);

			// one act, one summary: the one already acknowledged is named
			await p.click('#bulk-ack');
			await p.waitForSelector('#bulk-summary:not([hidden])');
			assert.equal(await p.locator('#bulk-summary p').textContent(), w.done(2, 1));
			assert.equal(await p.locator('#bulk-summary li').count(), 1);
			assert.ok((await p.locator('#bulk-summary li').textContent()).startsWith(`${done.tracking_no}: `));
			for (const c of [one, two])
				assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${c.id}`)).status, 'acknowledged');
			// the picks are cleared with the act
			await p.waitForSelector('#bulk-bar[hidden]', { state: 'attached' });

			// Enter opens the highlighted row
			await p.waitForSelector(`#queue-table tr[data-tracking="${two.tracking_no}"]`);
			await highlight(p, two.tracking_no);
			await p.keyboard.press('Enter');
			await p.waitForFunction((no) => location.hash === `#/c/${no}`, two.tracking_no);
			assertClean(me.problems);
		});
	}

	it('picks a whole page and assigns it to the caller', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const made = [];
		for (let i = 0; i < 2; i++) made.push(await kesu.expect(201, 'POST', '/api/v1/complaints', body()));
		const agent = await kesu.staff('agent', [TEAM]);
		const me = await signedIn(agent);
		const p = me.page;
		await p.goto('/#/queue/unassigned');
		await p.waitForSelector(`#queue-table tr[data-tracking="${made[1].tracking_no}"]`);
		await p.check('#queue-pick-all');
		const n = await p.locator('#queue-table tbody tr').count();
		assert.equal(await p.locator('#bulk-bar .picked-count').textContent(), `已选 ${n} 条`);
		await p.click('#bulk-take');
		await p.waitForSelector('#bulk-summary:not([hidden])');
		assert.equal(await p.locator('#bulk-summary p').textContent(), `已处理 ${n} 条，0 条未处理`);
		for (const c of made)
			assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${c.id}`)).assignee_id, agent.id);
		assertClean(me.problems);
	});
});

describe('bulk assignment', () => {
	it('a supervisor assigns picked rows to an agent of the team', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const made = [];
		for (let i = 0; i < 2; i++) made.push(await kesu.expect(201, 'POST', '/api/v1/complaints', body()));
		const agent = await kesu.staff('agent', [TEAM]);
		const sup = await kesu.staff('supervisor', [TEAM]);
		const me = await signedIn(sup);
		const p = me.page;
		await p.goto('/#/queue/unassigned');
		for (const c of made) {
			await p.waitForSelector(`#queue-table tr[data-tracking="${c.tracking_no}"]`);
			await p.check(`#queue-table tr[data-tracking="${c.tracking_no}"] input[type=checkbox]`);
		}
		await p.waitForSelector(`#bulk-agent option[value="${agent.id}"]`, { state: 'attached' });
		await p.selectOption('#bulk-agent', String(agent.id));
		assert.equal(await p.locator('#bulk-assign').textContent(), '分派');
		await p.click('#bulk-assign');
		await p.waitForSelector('#bulk-summary:not([hidden])');
		assert.equal(await p.locator('#bulk-summary p').textContent(), '已处理 2 条，0 条未处理');
		for (const c of made)
			assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${c.id}`)).assignee_id, agent.id);
		assertClean(me.problems);
	});
});

describe('saved views', () => {
	for (const locale of ['zh-CN', 'zh-TW', 'en']) {
		it(`saves the page's filters as a view, listed with its count, opened and deleted (${locale})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const made = [];
			for (let i = 0; i < 2; i++) made.push(await kesu.expect(201, 'POST', '/api/v1/complaints', { ...body(), channel: 'regulator', severity: 'critical' }));
			const agent = await kesu.staff('agent', [TEAM]);
			const me = await signedIn(agent);
			const p = me.page;
			if (locale !== 'zh-CN') await p.selectOption('#lang', locale);
			await p.waitForFunction((l) => document.documentElement.lang === l, locale);
			await p.goto('/#/queue/unassigned');
			await p.waitForSelector('#queue-table tbody tr');
			await p.selectOption('#queue-filter-channel', 'regulator');
			await p.waitForFunction(() => location.hash.includes('channel=regulator'));
			await p.waitForSelector('#queue-filter-severity');
			await p.selectOption('#queue-filter-severity', 'critical');
			await p.waitForFunction(() => location.hash.includes('severity=critical'));
			await p.waitForSelector('#view-name');
			const name = `监管·紧急 ${locale}`;
			await p.fill('#view-name', name);
			await p.click('#view-save button[type=submit]');
			await p.waitForFunction(() => location.hash.includes('view='));
			const views = (await agent.api('GET', '/api/v1/views')).json.items;
			const v = views.find((x) => x.name === name);
			assert.deepEqual(v.filters, { assignee: 'unassigned', channel: 'regulator', severity: 'critical' });
			const want = v.count;
			assert.ok(want >= 2);
			await p.waitForSelector(`#saved-views [data-view-count="${v.id}"]`);
			assert.equal(await p.locator(`#saved-views [data-view-count="${v.id}"]`).textContent(), String(want));
			assert.equal(await p.locator('#queue-title').textContent(), name);
			await p.waitForSelector(`#queue-table tr[data-tracking="${made[1].tracking_no}"]`);
			assert.equal(await p.locator('#queue-table tbody tr').count(), want);
			const label = { 'zh-CN': `删除视图 ${name}`, 'zh-TW': `刪除檢視 ${name}`, en: `Delete view ${name}` }[locale];
			await p.click(`#saved-views li[data-view="${v.id}"] button[aria-label="${label}"]`);
			await p.waitForSelector(`#saved-views li[data-view="${v.id}"]`, { state: 'detached' });
			assertClean(me.problems);
		});
	}
});
