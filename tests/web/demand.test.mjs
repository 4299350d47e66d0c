// The customer's demand confirmed before a plan, in Chromium: the agent
// restates what the customer wants and the target on the complaint page,
// the plan form asks for a reason while the customer has not confirmed;
// the customer corrects the restatement on the status page, the agent
// restates it again, the customer confirms it there, and the agent then
// proposes a plan without a reason.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, PHONE } from './harness.mjs';
import { say } from './words.mjs';
import { signedIn, openComplaint, move, submit, propose } from './desk.mjs';

const env = setup();
const TEAM = 1;

async function refresh(cp) {
	await cp.evaluate(() => { const e = document.querySelector('#status-words'); if (e) e.dataset.stale = '1'; });
	await cp.click('.tools button');
	await cp.waitForSelector('#status-words:not([data-stale])');
}

async function restate(ap, restatement, target) {
	await ap.fill('#demand-restatement', restatement);
	await ap.fill('#demand-target', target);
	await submit(ap, '#demand-new');
	await ap.waitForSelector('#demand-list > li[data-state="pending"]');
	return Number(await ap.locator('#demand-list > li').first().getAttribute('data-restatement'));
}

describe('demand', () => {
	it('the customer corrects, then confirms the restatement on the status page; the plan needs no reason then', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const w = (key, p) => say('zh-CN', key, p);
		const made = await kesu.expect(201, 'POST', '/api/v1/portal/complaints', {
			content: '新买的洗衣机脱水时声音很大，机身一直在晃。',
			demand: '换一台新的', complainant: { name: '周敏', phone: '13900004444' } }, null);
		const no = made.tracking_no;

		const agentS = await kesu.staff('agent', [TEAM]);
		const agent = await signedIn(env, agentS);
		const ap = agent.page;
		await openComplaint(ap, no);
		assert.equal(await ap.locator('#demand-none').textContent(), '还没有复述客户的诉求');
		await move(ap, 'acknowledged');
		await move(ap, 'in_progress');
		// the form starts from the demand as registered
		assert.equal(await ap.inputValue('#demand-restatement'), '换一台新的');
		const first = await restate(ap, '客户要求退货退款', '三个工作日内退款到账');
		// not confirmed: the plan form asks why it goes ahead anyway
		assert.equal(await ap.locator('#plan-demand-reason').count(), 1);
		await ap.fill('#plan-summary', '退货退款 2999 元');
		await ap.click('#plan-new button[type="submit"]');
		await ap.waitForSelector('#plan-demand-reason[aria-invalid="true"]');
		assert.equal(await ap.locator('#plan-list').count(), 0, 'no plan without the reason');

		// the customer reads it on the status page and corrects it
		const customer = await env.page({ viewport: PHONE, isMobile: true, hasTouch: true });
		const cp = customer.page;
		await cp.goto(made.status_url);
		await cp.waitForSelector('#demand');
		assert.equal(await cp.locator('#demand .what').textContent(), await w('demand.state.pending'));
		assert.equal(await cp.locator('#demand-restatement').textContent(), '客户要求退货退款');
		assert.equal(await cp.locator('#demand-target').textContent(), '三个工作日内退款到账');
		await cp.click('#demand-correct');
		await cp.click('#demand-send');
		await cp.waitForSelector('#demand [name="correction"][aria-invalid="true"]');
		await cp.fill('#demand [name="correction"]', '我不要退款，要换一台新的同款');
		await cp.click('#demand-send');
		await cp.waitForFunction((s) => document.querySelector('.case .notice')?.textContent === s, await w('demand.sent.corrected'));
		assert.equal(await cp.locator('#demand').getAttribute('data-state'), 'corrected');
		assert.equal(await cp.locator('#demand form').count(), 0, 'answered once');

		// the agent sees the correction and restates it
		await openComplaint(ap, no);
		const old = ap.locator(`#demand-list li[data-restatement="${first}"]`);
		assert.equal(await old.getAttribute('data-state'), 'corrected');
		assert.match(await old.locator('.demand-correction').textContent(), /我不要退款，要换一台新的同款/);
		assert.equal(await ap.inputValue('#demand-restatement'), '我不要退款，要换一台新的同款');
		const second = await restate(ap, '客户要求换一台新的同款洗衣机', '两个工作日内送货上门并取回旧机');

		// the customer confirms it
		await refresh(cp);
		assert.equal(await cp.locator('#demand-restatement').textContent(), '客户要求换一台新的同款洗衣机');
		await cp.click('#demand-confirm');
		await cp.waitForFunction((s) => document.querySelector('.case .notice')?.textContent === s, await w('demand.sent.confirmed'));
		assert.equal(await cp.locator('#demand .what').textContent(), await w('demand.state.confirmed'));
		const history = await cp.locator('.timeline .what').allTextContents();
		assert.deepEqual(history.slice(-2), [await w('tl.demand'), await w('tl.demand.confirmed')]);

		// confirmed: the plan form has no reason field, and the plan goes through
		await openComplaint(ap, no);
		assert.equal(await ap.locator(`#demand-list li[data-restatement="${second}"]`).getAttribute('data-state'), 'confirmed');
		assert.equal(await ap.locator('#plan-demand-reason').count(), 0);
		const plan = await propose(ap, '为客户换一台新的同款洗衣机，送货上门并取回旧机');
		const ev = (await kesu.expect(200, 'GET', `/api/v1/complaints/${no}/events`)).items.filter((e) => e.kind === 'plan_proposed');
		assert.equal(ev.length, 1);
		assert.equal(ev[0].data.plan_id, plan);
		assert.equal(ev[0].data.demand_restatement_id, second);
		assert.equal(ev[0].data.demand_unconfirmed_reason, undefined);

		assertClean(customer.problems);
		assertClean(agent.problems);
	});

	it('the agent records the customer\'s yes heard on a call', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const made = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', content: 'The parcel arrived open and a cup was broken.',
			complainant: { name: 'Ann Lee', phone: '13900005555' }, language: 'en' });
		const agentS = await kesu.staff('agent', [TEAM]);
		const agent = await signedIn(env, agentS);
		const ap = agent.page;
		await openComplaint(ap, made.tracking_no);
		await move(ap, 'acknowledged');
		const id = await restate(ap, 'A new cup sent at our cost', 'Shipped within two working days');
		await ap.selectOption(`#demand-answer-${id}`, 'confirmed');
		await ap.selectOption(`#demand-via-${id}`, 'phone');
		await submit(ap, `#demand-answer-form-${id}`);
		await ap.waitForSelector(`#demand-list li[data-restatement="${id}"][data-state="confirmed"]`);
		const got = (await kesu.expect(200, 'GET', `/api/v1/complaints/${made.tracking_no}/demand-restatements`)).items[0];
		assert.equal(got.answered_via, 'phone');
		assert.ok(got.answered_by && got.answered_by !== 'customer', got.answered_by);
		assert.equal(await ap.locator('#plan-demand-reason').count(), 0);
		assertClean(agent.problems);
	});
});
