// The win-back page in Chromium: three complaints of this month closed
// satisfied (one customer opted out) and one closed unsatisfied through
// the API; the supervisor opens the page from the header, sees the month's
// proposal (the opted-out shown, excluded, with why; the unsatisfied not
// at all), unticks one customer, sends to the rest with a note of their
// own, and sees them as thanked while the unticked one stays proposed; the
// repurchase block says orders were not imported; the page in English
// with no key on screen; the customer's opt-out link page confirms before
// it acts; an agent has no such page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, assertClean, API_ERRORS, ROOT } from './harness.mjs';
import { signedIn, settle, keysOnScreen } from './desk.mjs';

const env = setup();
const LANGS = ['zh-CN', 'zh-TW', 'en'];
const load = async (file) => (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default;
const W = { ...(await load('workspace-words.js')), ...(await load('words-winback.js')) };
const w = (key, l = 'zh-CN', params = {}) => {
	assert.ok(W[key], `no words for ${key}`);
	return W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
};

// this month in the business zone, as the server counts it
// (Asia/Shanghai keeps no summer time: UTC+8 all year; no locale's format
// is relied on, as Node.js builds differ in their ICU data)
const MONTH = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);

let seq = 0;
/* A complaint of name (a phone of its own) resolved and followed up with
 * satisfaction: closed when 4 or 5. Resolves to the complaint. */
async function closed(kesu, name, satisfaction) {
	seq += 1;
	const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
		channel: 'web', complainant: { name, phone: `1390000${String(5100 + seq)}` },
		content: '收到的空气炸锅外壳有裂纹，要求退货退款。', demand: '退货退款', language: 'zh-CN',
	});
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/transitions`, { to: 'in_progress', reason: '处理中', progress: { line: '核实您反映的情况' } });
	await settle(kesu, c.tracking_no);
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/transitions`, { to: 'resolved', reason: '已退款' });
	const r = await kesu.expect(201, 'POST', `/api/v1/complaints/${c.id}/callbacks`,
		{ method: 'phone', reached: true, satisfaction, carried_out: true });
	assert.equal(r.status, satisfaction >= 4 ? 'closed' : 'reopened');
	return c;
}

describe('the win-back page', () => {
	it('proposes the month\'s satisfied complainants, sends to those chosen and shows them thanked', async () => {
		const { kesu } = env;
		const a = await closed(kesu, '王芳', 5);
		const b = await closed(kesu, '李雷', 4);
		const d = await closed(kesu, '赵敏', 5);
		const u = await closed(kesu, '钱七', 2);
		const cust = async (c) => (await kesu.expect(200, 'GET', `/api/v1/complaints/${c.id}`)).customer_id;
		const [ca, cb, cd, cu] = [await cust(a), await cust(b), await cust(d), await cust(u)];
		await kesu.expect(200, 'PATCH', `/api/v1/customers/${cd}`, { thanks_opt_out: true });

		const sup = await kesu.staff('supervisor', [1]);
		const { page, problems } = await signedIn(env, sup);
		await page.click('a[href="#/winback"]');
		await page.waitForSelector('#winback');
		// another month, by the picker: this one
		await page.fill('#wb-month', MONTH);
		await page.click('#wb-pick button');
		await page.waitForSelector(`#wb-proposal tr[data-customer="${ca}"]`);
		const rows = page.locator('#wb-proposal tbody tr');
		assert.equal(await rows.count(), 3);
		assert.equal(await page.locator(`#wb-proposal tr[data-customer="${cu}"]`).count(), 0);
		// the opted-out: shown, excluded, with why; no box to tick
		const out = page.locator(`#wb-proposal tr[data-customer="${cd}"]`);
		assert.equal(await out.getAttribute('data-state'), 'opted_out');
		assert.match(await out.innerText(), new RegExp(w('wb_opted_out')));
		assert.equal(await out.locator('input[type=checkbox]').isDisabled(), true);
		assert.equal(await page.locator(`#wb-proposal tr[data-customer="${ca}"] input`).isChecked(), true);
		assert.equal(await page.locator('#wb-thanked').innerText(), w('wb_thanked_none'));
		// the repurchase figures: none yet
		await page.waitForSelector('#wb-not-imported');
		assert.equal((await page.locator('#wb-not-imported').innerText()).trim(), w('wb_not_imported'));

		// B is left for later; A gets the letter with a note
		await page.uncheck(`#wb-proposal tr[data-customer="${cb}"] input`);
		await page.fill('#wb-extra', '随信附上一张优惠券，欢迎再次光临。');
		await page.click('#wb-send');
		await page.waitForSelector(`#wb-thanked li[data-customer="${ca}"]`);
		assert.match(await page.locator(`#wb-thanked li[data-customer="${ca}"]`).innerText(), new RegExp(sup.username));
		assert.equal(await page.locator(`#wb-proposal tr[data-customer="${cb}"]`).getAttribute('data-state'), 'proposed');
		assert.equal(await page.locator(`#wb-proposal tr[data-customer="${ca}"]`).count(), 0);
		// through the outbox, once, in the customer's language
		const notices = (await kesu.expect(200, 'GET', `/api/v1/complaints/${a.id}/outbox`)).items.filter((n) => n.kind === 'thanks');
		assert.equal(notices.length, 1);
		assert.equal(notices[0].language, 'zh-CN');
		assert.equal(notices[0].data.extra, '随信附上一张优惠券，欢迎再次光临。');
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${b.id}/outbox`)).items.filter((n) => n.kind === 'thanks').length, 0);

		// in English, with no key on screen
		await page.selectOption('#lang', 'en');
		await page.waitForSelector(`text=${w('wb_title', 'en')}`);
		assert.deepEqual(await keysOnScreen(page, W), []);
		assertClean(problems, [API_ERRORS]);
	});

	it('asks the customer before the opt-out link acts', async () => {
		const { kesu } = env;
		const c = await closed(kesu, '孙悟空', 5);
		const id = (await kesu.expect(200, 'GET', `/api/v1/complaints/${c.id}`)).customer_id;
		const row = (await kesu.expect(200, 'GET', `/api/v1/thanks?month=${MONTH}`)).items.find((x) => x.customer_id === id);
		const { page, problems } = await env.page();
		await page.goto(row.opt_out_link);
		await page.waitForSelector('#optout-confirm');
		// opening the link changed nothing
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/customers/${id}`)).thanks_opt_out, false);
		await page.click('#optout-confirm');
		await page.waitForSelector('#optout-said.ok');
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/customers/${id}`)).thanks_opt_out, true);
		// a link without its token does nothing
		await page.goto(`/thanks/opt-out/${id}`);
		await page.waitForSelector('main h1');
		assert.equal(await page.locator('#optout-confirm').count(), 0);
		assertClean(problems, [API_ERRORS]);
	});

	it('is not an agent\'s', async () => {
		const agent = await env.kesu.staff('agent', [1]);
		const { page } = await signedIn(env, agent);
		assert.equal(await page.locator('a[href="#/winback"]').count(), 0);
	});
});

describe('the win-back figures on the demo', () => {
	const demo = setup({ server: { initArgs: ['--demo'] } });
	it('draws the repurchase of the complainants by satisfaction and of the customers who never complained, as the report counts them', { timeout: 120000 }, async () => {
		const { kesu } = demo;
		const sup = await kesu.staff('supervisor', [1]);
		const { page, problems } = await signedIn(demo, sup);
		await page.goto('/#/winback');
		await page.waitForSelector('#wb-groups');
		const today = await page.evaluate(async () => (await import('/assets/app.js')).app.today);
		const from = `${Number(today.slice(0, 4)) - 1}${today.slice(4, 8)}01`;
		const wb = await kesu.expect(200, 'GET', `/api/v1/stats/winback?from=${from}&to=${today}&team=1`);
		assert.equal(wb.orders_imported, true);
		const cells = (group) => page.locator(`#wb-groups tr[data-group="${group}"] td`).allInnerTexts();
		for (const [group, key] of [['resolved', 'resolved'], ['satisfied', 'satisfied'], ['baseline', 'baseline']]) {
			const g = wb.total[key];
			const want = [String(g.n), ...['d30', 'd90', 'd180'].map((d) => (g[d].counted === 0 || g[d].rate === null ? '—'
				: `${Math.round(g[d].rate * 1000) / 10}% (${g[d].bought}/${g[d].counted})${g[d].partial ? '*' : ''}`))];
			assert.deepEqual(await cells(group), want, group);
		}
		// something was measured: the demo's satisfied complainants bought again
		assert.ok(wb.total.satisfied.d30.bought > 0, JSON.stringify(wb.total.satisfied));
		assert.equal(await page.locator('#wb-not-imported').count(), 0);
		assertClean(problems, [API_ERRORS]);
	});
});
