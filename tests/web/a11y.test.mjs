// Accessibility: axe-core (from npm) checks every page of the workspace,
// as an agent, a supervisor and an administrator see it over the demo's
// month, and the customers' portal, against WCAG 2 A and AA. A page passes
// only with no violation at all; the failure names each rule and the
// elements it found.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { setup, assertClean, API_ERRORS, DESKTOP, PHONE } from './harness.mjs';
import { signedIn as signedInTo } from './desk.mjs';

const env = setup({ server: { initArgs: ['--demo', '--company', '示例商城'], timeoutMs: 60000 } });
const signedIn = (session, opts) => signedInTo(env, session, opts);
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TEAM = 1;

/* axe over the page as drawn now. It is evaluated in the page through the
 * browser's protocol, so the strict Content-Security-Policy stays on. */
async function violations(page) {
	await page.evaluate(AXE);
	return page.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
	});
}

/* Adds what axe finds on the page to found, named by where. */
async function check(page, where, found) {
	for (const v of await violations(page)) found.push(`${where}: ${v}`);
}

const none = (found) => assert.deepEqual(found, [], `${found.length} violation(s)\n${found.join('\n')}`);

/* Opens a workspace address and waits until its view has drawn. */
async function visit(page, hash, ready) {
	await page.goto(`/${hash}`);
	await page.waitForSelector(ready);
	await page.waitForFunction(() => !document.querySelector('.view > p.loading'));
}

describe('accessibility (axe-core, WCAG 2 A/AA)', () => {
	it('the sign-in page and the portal', { timeout: 120000 }, async () => {
		const { page, problems } = await env.page({ viewport: PHONE });
		await page.goto('/');
		await page.waitForSelector('form input[type="password"]');
		const found = [];
		await check(page, 'sign-in', found);
		await page.goto('/portal');
		await page.waitForSelector('form');
		await check(page, 'portal: registration', found);
		const c = await env.kesu.expect(201, 'POST', '/api/v1/portal/complaints', {
			complainant: { name: '周敏', phone: '13700001234' },
			object: { kind: 'order', ref: 'TB20261201009', name: '羊毛围巾' },
			content: '围巾掉色严重，洗了一次就染到了衣服上。', demand: '退货退款', language: 'zh-CN',
		}, null);
		await page.goto(c.status_url);
		await page.waitForSelector('#status-words');
		await check(page, 'portal: status page', found);
		none(found);
		// the sign-in page asks for the session first: 401 before signing in
		assertClean(problems, [API_ERRORS, /status of 401/]);
	});

	for (const role of ['agent', 'supervisor', 'admin']) {
		it(`every page of the workspace as ${{ agent: 'an agent', supervisor: 'a supervisor', admin: 'an administrator' }[role]}`, { timeout: 240000 }, async () => {
			const kesu = env.kesu;
			const staff = await kesu.staff(role, [TEAM]);
			const me = await signedIn(staff, { viewport: DESKTOP });
			const p = me.page;
			const list = await kesu.expect(200, 'GET', '/api/v1/complaints?limit=50');
			const items = list.items || list.complaints || list;
			assert.ok(items.length > 5, 'the demo has complaints');
			// a complaint with much on it: the longest timeline among a few states
			const picks = new Map();
			for (const c of items) if (!picks.has(c.status)) picks.set(c.status, c.tracking_no);
			const pages = [['#/queue/team', 'table, .queue, #queue'], ['#/queue/all', 'table, .queue, #queue'],
				['#/new', 'form'], ['#/kb', '.view'], ['#/inbox', '#inbox-list, .view']];
			if (role !== 'agent') pages.push(['#/dashboard', '.view svg, .view table'], ['#/visits', '.view'], ['#/team', '#tv-table, #tv-none'],
				['#/winback', '#wb-repurchase']);
			if (role === 'admin') pages.push(['#/admin', '.view form, .view table'], ['#/admin/causes', '.view'], ['#/admin/categories', '#categories-form'], ['#/admin/teams', '.view'],
				['#/admin/users', '#users'], ['#/admin/roles', '#role-agent'], ['#/admin/channels', '.view form'], ['#/admin/templates', '.view form'],
				['#/admin/calendar', '.view form'], ['#/admin/sla', '.view form']);
			const found = [];
			for (const [hash, ready] of pages) {
				await visit(p, hash, ready);
				await check(p, `${role} ${hash}`, found);
			}
			for (const [st, no] of picks) {
				// with the knowledge base's scripts filled in, drawn after the page
				await visit(p, `#/c/${no}?tab=scripts`, `article.complaint[data-tracking="${no}"] #kb-for li`);
				await check(p, `${role} complaint ${no} (${st})`, found);
			}
			// every other tab of one complaint, each shown in turn
			const [, first] = [...picks][0];
			await visit(p, `#/c/${first}`, `article.complaint[data-tracking="${first}"] #c-tabs`);
			for (const tab of await p.locator('#c-tabs [role="tab"]').evaluateAll((els) => els.map((e) => e.dataset.tab))) {
				if (tab === 'scripts') continue;
				await p.click(`#tab-${tab}`);
				await p.waitForSelector(`#tp-${tab}:not([hidden])`);
				await check(p, `${role} complaint ${first}, tab ${tab}`, found);
			}
			// a new complaint with the demo's macro previewed under its script
			const fresh = items.find((c) => c.status === 'registered');
			await visit(p, `#/c/${fresh.tracking_no}`, `article.complaint[data-tracking="${fresh.tracking_no}"]`);
			await p.click('button.macro-open');
			await p.waitForSelector('.macro .macro-steps li');
			await check(p, `${role} complaint ${fresh.tracking_no} with a macro previewed`, found);
			// the script form with its macro's controls
			if (role !== 'agent') {
				await visit(p, '#/kb', '#kb-scripts');
				await p.click('#script-new');
				await p.waitForSelector('#script-actions');
				await check(p, `${role} #/kb new script`, found);
			}
			none(found);
			assertClean(me.problems);
		});
	}
});
