// The inbox in the workspace: the header counts the agent's unread
// notices; the inbox page lists them in the page's language, and opening
// one opens its complaint and marks it read; "mark all read" empties the
// count. In zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo } from './desk.mjs';

const env = setup();
const TEAM = 1;
const signedIn = (session, opts) => signedInTo(env, session, opts);

const LINES = {
	'zh-CN': { nav: '通知', line: (no) => `投诉 ${no} 已分派给你`, unread: (n) => `${n} 条未读`, all: '全部标为已读' },
	'zh-TW': { nav: '通知', line: (no) => `投訴 ${no} 已分派給你`, unread: (n) => `${n} 則未讀`, all: '全部標為已讀' },
	en: { nav: 'Inbox', line: (no) => `Complaint ${no} was assigned to you`, unread: (n) => `${n} unread`, all: 'Mark all read' },
};

async function assigned(kesu, user) {
	const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
		channel: 'phone', complainant: { name: '孙丽', phone: '13900008001' },
		object: { kind: 'order', ref: 'JD20261203001', name: '电热水壶' },
		content: '水壶底座漏电，手碰到有麻感。', demand: '退货退款', severity: 'normal', language: 'zh-CN',
	});
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/assignment`, { team_id: TEAM, assignee_id: user });
	return c.tracking_no;
}

const headerCount = (p) => p.locator('#nav-inbox [data-count=inbox]');

describe('the inbox', () => {
	for (const locale of ['zh-CN', 'zh-TW', 'en']) {
		it(`counts in the header, opens the complaint, marks read (${locale})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const w = LINES[locale];
			const staff = await kesu.staff('agent', [TEAM]);
			const first = await assigned(kesu, staff.id);
			const second = await assigned(kesu, staff.id);
			const me = await signedIn(staff);
			const p = me.page;
			if (locale !== 'zh-CN') await p.selectOption('#lang', locale);
			await p.waitForFunction((l) => document.documentElement.lang === l, locale);
			// the header: its name and the unread count, on every page
			await p.waitForSelector('#nav-inbox [data-count=inbox]');
			assert.equal(await headerCount(p).textContent(), '2');
			assert.ok((await p.locator('#nav-inbox').textContent()).startsWith(w.nav));

			// the page: newest first, in the page's language, both unread
			await p.click('#nav-inbox');
			await p.waitForSelector('#inbox-list li[data-item]');
			const rows = p.locator('#inbox-list li[data-item]');
			assert.equal(await rows.count(), 2);
			assert.equal(await rows.nth(0).locator('a').textContent(), w.line(second));
			assert.equal(await rows.nth(1).locator('a').textContent(), w.line(first));
			assert.equal(await p.locator('#inbox-count').textContent(), w.unread(2));
			assert.equal(await rows.nth(1).getAttribute('data-read'), 'false');

			// opening one opens its complaint and marks it read
			await rows.nth(1).locator('a').click();
			await p.waitForSelector(`article.complaint[data-tracking="${first}"]`);
			assert.ok(p.url().endsWith(`#/c/${first}`), p.url());
			await p.waitForFunction(() => document.querySelector('#nav-inbox [data-count=inbox]')?.textContent === '1');
			const after = await kesu.expect(200, 'GET', '/api/v1/inbox', null, { session: staff });
			assert.equal(after.unread_count, 1);
			assert.deepEqual(after.items.map((i) => [i.tracking_no, i.read]), [[second, false], [first, true]]);

			// one marked read where it is listed: the counts follow, the row calms down
			await p.click('#nav-inbox');
			const row = p.locator(`#inbox-list li[data-item]:has(a[href="#/c/${second}"])`);
			await row.locator('button.mark-read').click();
			await p.waitForSelector(`#inbox-list li[data-read="true"]:has(a[href="#/c/${second}"])`);
			assert.equal(await headerCount(p).count(), 0);
			assert.equal(await p.locator('#inbox-count').textContent(), w.unread(0));
			assert.equal(await row.locator('.dot, button').count(), 0);
			assert.equal(await row.textContent(), `${w.line(second)}${await row.locator('.hint').textContent()}`);

			// all read at once: the count goes from the header
			const third = await assigned(kesu, staff.id);
			await p.reload();
			await p.waitForSelector('#nav-inbox [data-count=inbox]');
			assert.equal(await headerCount(p).textContent(), '1');
			assert.equal(await p.locator('#inbox-list li[data-read="false"] a').textContent(), w.line(third));
			// a row drawn read has its line and when, nothing more
			const readRow = p.locator(`#inbox-list li[data-read="true"]:has(a[href="#/c/${first}"])`);
			assert.equal(await readRow.textContent(), `${w.line(first)}${await readRow.locator('.hint').textContent()}`);
			assert.equal(await p.locator('#inbox-read-all').textContent(), w.all);
			await p.click('#inbox-read-all');
			await p.waitForFunction(() => !document.querySelector('#inbox-list li[data-read="false"]')
				&& document.querySelectorAll('#inbox-list li[data-read="true"]').length === 3);
			assert.equal(await headerCount(p).count(), 0);
			assert.equal(await p.locator('#inbox-count').textContent(), w.unread(0));
			assertClean(me.problems);
		});
	}
});
