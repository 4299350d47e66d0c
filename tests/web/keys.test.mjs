// The complaint page by keyboard: r, n, a and s put the cursor in the
// reply, the note, the assignment and the state; letters typed in a field
// stay text; j and k walk the queue the agent came from; ? lists the keys
// in a dialog that Escape closes; in zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo } from './desk.mjs';

const env = setup();
const TEAM = 1;

let seq = 0;
function body() {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '刘洋', phone: `1360000${String(6000 + seq)}` },
		object: { kind: 'order', ref: `PDD2026120500${seq}`, name: '蓝牙耳机' },
		content: '耳机左耳没有声音。', demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

const focused = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);
const onPage = (page, no) => page.waitForSelector(`article.complaint[data-tracking="${no}"]`);

describe('complaint page keys', () => {
	it('moves between the reply, note, assignment, state and the queue by keys', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		for (let i = 0; i < 3; i++) await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const x = await signedInTo(env, await kesu.staff('supervisor', [TEAM]));
		const p = x.page;
		await p.goto('/#/queue/unassigned');
		await p.waitForSelector('#queue-table tbody tr');
		const order = await p.locator('#queue-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.tracking));
		assert.ok(order.length >= 3, order.join());

		// open the second row; the keys from the page's body
		await p.click(`#queue-table tr[data-tracking="${order[1]}"] a`);
		await onPage(p, order[1]);
		await p.keyboard.press('r');
		assert.equal(await focused(p), 'reply-body');
		// in a field a letter is text, not a key
		await p.keyboard.type('jk好的');
		assert.equal(await p.inputValue('#reply-body'), 'jk好的');
		assert.ok(p.url().endsWith(`#/c/${order[1]}`));
		await p.keyboard.press('Escape');
		assert.notEqual(await focused(p), 'reply-body');
		await p.keyboard.press('n');
		assert.equal(await focused(p), 'note-body');
		await p.keyboard.press('Escape');
		await p.keyboard.press('a');
		assert.ok(['assign-user', 'assign-team'].includes(await focused(p)), await focused(p));
		await p.keyboard.press('Escape');
		await p.keyboard.press('s');
		assert.equal(await focused(p), 'move-to');
		await p.keyboard.press('Escape');

		// j and k: the next and the previous row of the queue
		await p.keyboard.press('j');
		await onPage(p, order[2]);
		await p.keyboard.press('k');
		await onPage(p, order[1]);
		await p.keyboard.press('k');
		await onPage(p, order[0]);

		// ? lists the keys; Escape closes the list
		await p.keyboard.press('?');
		await p.waitForSelector('#keys-help[open]');
		assert.equal(await p.locator('#keys-title').textContent(), '键盘快捷键');
		assert.equal(await focused(p), 'keys-close');
		await p.keyboard.press('Escape');
		await p.waitForSelector('#keys-help:not([open])', { state: 'attached' });
		assertClean(x.problems);
	});

	it('shows the next step first and the rest in tabs, by arrows, digits and links', { timeout: 150000 }, async () => {
		const kesu = env.kesu;
		const want = {
			'zh-CN': ['受理这条投诉。', '改为「已受理」', '历程', '开始处理：告诉客户我们正在做什么。'],
			'zh-TW': ['受理這筆客訴。', '改為「已受理」', '歷程', '開始處理：告訴客戶我們正在做什麼。'],
			en: ['Acknowledge the complaint.', 'Move to “Acknowledged”', 'History', 'Start work: tell the customer what is being done.'],
		};
		const selected = (p) => p.locator('[role="tab"][aria-selected="true"]').getAttribute('id');
		for (const l of ['zh-CN', 'zh-TW', 'en']) {
			const one = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const two = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const x = await signedInTo(env, await kesu.staff('agent', [TEAM]));
			const p = x.page;
			if (l !== 'zh-CN') {
				await p.selectOption('#lang', l);
				await p.waitForFunction((w) => document.documentElement.lang === w, l);
			}
			await p.goto(`/#/c/${one.tracking_no}`);
			await onPage(p, one.tracking_no);
			// the next step, its move offered first on the primary button
			assert.equal(await p.locator('#next-what').textContent(), want[l][0]);
			assert.equal(await p.inputValue('#move-to'), 'acknowledged');
			assert.equal(await p.locator('#move button.primary').textContent(), want[l][1]);
			// the tabs: one list, the timeline's shown first, the others hidden
			assert.equal(await p.locator('[role="tablist"]').count(), 1);
			const tabs = await p.locator('[role="tab"]').evaluateAll((ts) => ts.map((t) => [t.id, t.getAttribute('aria-controls')]));
			assert.deepEqual(tabs.map(([id]) => id), ['tab-history', 'tab-handling', 'tab-scripts', 'tab-money', 'tab-routing', 'tab-tasks', 'tab-record']);
			for (const [id, panel] of tabs)
				assert.equal(await p.locator(`#${panel}[role="tabpanel"]`).getAttribute('aria-labelledby'), id);
			assert.equal(await selected(p), 'tab-history');
			assert.ok((await p.locator('#tab-history').textContent()).includes(want[l][2]));
			assert.ok(await p.locator('#timeline').isVisible());
			assert.ok(await p.locator('#judgement').isHidden());
			// arrows, Home and End move along the tabs and show each
			await p.focus('#tab-history');
			await p.keyboard.press('ArrowRight');
			assert.equal(await focused(p), 'tab-handling');
			assert.equal(await selected(p), 'tab-handling');
			assert.ok(await p.locator('#judgement').isVisible());
			assert.ok(await p.locator('#timeline').isHidden());
			await p.keyboard.press('ArrowLeft');
			await p.keyboard.press('ArrowLeft');
			assert.equal(await selected(p), 'tab-record');
			await p.keyboard.press('Home');
			assert.equal(await selected(p), 'tab-history');
			await p.keyboard.press('End');
			assert.equal(await selected(p), 'tab-record');
			assert.equal(await p.locator('[role="tab"][tabindex="0"]').count(), 1, 'one stop for Tab');
			// a digit shows its tab from anywhere on the page; the address names it
			await p.locator('#content').click();
			await p.keyboard.press('4');
			assert.equal(await selected(p), 'tab-money');
			assert.equal(await focused(p), 'tab-money');
			assert.ok(p.url().endsWith(`#/c/${one.tracking_no}?tab=money`), p.url());
			// kept for the session: the next complaint opens on it
			await p.goto(`/#/c/${two.tracking_no}`);
			await onPage(p, two.tracking_no);
			assert.equal(await selected(p), 'tab-money');
			// and a link names its own
			await p.goto(`/#/c/${two.tracking_no}?tab=tasks`);
			await p.waitForFunction(() => document.querySelector('#tab-tasks')?.getAttribute('aria-selected') === 'true');
			// the state moved: the next step follows
			await p.click('#move button[type="submit"]');
			await p.waitForSelector('article.complaint[data-status="acknowledged"]');
			assert.equal(await p.locator('#next-what').textContent(), want[l][3]);
			assert.equal(await p.inputValue('#move-to'), 'in_progress');
			assertClean(x.problems);
		}
	});

	it('says the keys in zh-TW and English, and opens the list from its button', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const want = { 'zh-TW': ['快捷鍵 ?', '鍵盤快捷鍵', '回覆客戶'], en: ['Keys ?', 'Keyboard shortcuts', 'Reply to the customer'] };
		for (const l of ['zh-TW', 'en']) {
			const x = await signedInTo(env, await kesu.staff('agent', [TEAM]));
			const p = x.page;
			await p.selectOption('#lang', l);
			await p.waitForFunction((w) => document.documentElement.lang === w, l);
			await p.goto(`/#/c/${cp.tracking_no}`);
			await onPage(p, cp.tracking_no);
			assert.equal(await p.locator('#keys-open').textContent(), want[l][0]);
			await p.click('#keys-open');
			await p.waitForSelector('#keys-help[open]');
			assert.equal(await p.locator('#keys-title').textContent(), want[l][1]);
			assert.ok((await p.locator('#keys-help').textContent()).includes(want[l][2]));
			await p.click('#keys-close');
			await p.waitForSelector('#keys-help:not([open])', { state: 'attached' });
			assertClean(x.problems);
		}
	});
});
