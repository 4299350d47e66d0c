// The follow-up as the supervisors' duty in Chromium: the 待回访 queue with
// its count shown to a supervisor and not to an agent, a callback the
// agent makes marked as made on the supervisors' behalf, and a key
// customer's visits: the supervisors' list with its due count, an outcome
// refused empty and then recorded, and the same visits on the customer's
// panel of the complaint page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, API_ERRORS } from './harness.mjs';
import { signedIn, openComplaint, submit, settle } from './desk.mjs';

const env = setup();
const TEAM = 1;
let phones = 0;

/* A complaint of team 1 through the API, resolved: its tracking number. */
async function resolved(kesu, over = {}) {
	const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
		channel: 'phone', complainant: { name: '陈静', phone: `1390000${String(4000 + ++phones)}` },
		content: '洗衣机脱水时噪音很大，上门检修后仍未解决。', demand: '更换新机', severity: 'normal', ...over,
	});
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/transitions`, { to: 'in_progress', progress: { line: '安排师傅再次上门检修' } });
	await settle(kesu, c.tracking_no);
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/transitions`, { to: 'resolved', reason: '已换新机' });
	return c;
}

describe('follow-up', () => {
	it('the follow-up queue and the key customers\' visits are the supervisors\'', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const agentS = await kesu.staff('agent', [TEAM]);
		const supS = await kesu.staff('supervisor', [TEAM]);
		const waiting = await resolved(kesu);
		// a key customer (severity high) whose complaint closes: three visits planned
		const key = await resolved(kesu, { severity: 'high' });
		await kesu.expect(201, 'POST', `/api/v1/complaints/${key.tracking_no}/callbacks`,
			{ method: 'phone', reached: true, satisfaction: 5, carried_out: true });

		// the agent: no follow-up queue, no visits page; the call made on
		// the supervisors' behalf says so
		const agent = await signedIn(env, agentS);
		const ap = agent.page;
		await ap.goto('/#/queue/team');
		await ap.waitForSelector('[data-queue="team"]');
		assert.equal(await ap.locator('[data-queue="follow_up"]').count(), 0);
		assert.equal(await ap.locator('#nav-visits').count(), 0);
		await openComplaint(ap, waiting.tracking_no);
		await ap.uncheck('#cb-reached');
		await submit(ap, '#callback-new');
		const call = ap.locator('#callbacks ul.callbacks li').first();
		assert.match(await call.textContent(), new RegExp(agentS.username));
		assert.equal(await call.locator('.badge.on-behalf').textContent(), '代主管回访');

		// the supervisor: the follow-up queue with its count, the visits page
		const sup = await signedIn(env, supS);
		const sp = sup.page;
		await sp.goto('/#/queue/follow_up');
		await sp.waitForSelector('[data-count="follow_up"]');
		assert.equal(await sp.locator('[data-count="follow_up"]').textContent(), '1');
		await sp.waitForSelector(`#queue-table tr[data-tracking="${waiting.tracking_no}"]`);
		await sp.click('#nav-visits');
		await sp.waitForSelector('#visits li.visit');
		const items = sp.locator('#visits li.visit');
		assert.equal(await items.count(), 3);
		assert.equal(await sp.locator('#visits-due').textContent(), '今天到期及逾期：0');
		const first = items.first();
		const id = await first.getAttribute('data-visit');
		assert.equal(await first.getAttribute('data-state'), 'planned');
		assert.match(await first.textContent(), new RegExp(supS.username));
		// an outcome is required: the refusal lands beside the field
		await sp.click(`#visit-record-${id} button[type="submit"]`);
		await sp.waitForSelector(`#visit-outcome-${id}[aria-invalid="true"]`);
		await sp.fill(`#visit-outcome-${id}`, '电话拜访：新机运转正常，客户<b>满意</b>');
		await sp.click(`#visit-record-${id} button[type="submit"]`);
		// done, it leaves the list of visits still to make
		await sp.waitForFunction((v) => !document.querySelector(`#visits li.visit[data-visit="${v}"]`), id);
		assert.equal(await sp.locator('#visits li.visit').count(), 2);

		// the customer's panel on the complaint page lists all three
		await openComplaint(sp, key.tracking_no);
		const mine = sp.locator('#customer li.visit');
		assert.equal(await mine.count(), 3);
		const done = sp.locator(`#customer li.visit[data-visit="${id}"]`);
		assert.equal(await done.getAttribute('data-state'), 'done');
		// what was typed is shown as text, never as markup
		assert.equal(await done.locator('.ev-body').textContent(), '电话拜访：新机运转正常，客户<b>满意</b>');
		assert.equal(await done.locator('.ev-body b').count(), 0);
		assert.equal(await done.locator('.badge.on-behalf').count(), 0, 'the supervisor\'s own visit');

		assertClean(agent.problems, [API_ERRORS]);
		assertClean(sup.problems, [API_ERRORS]);
	});
});
