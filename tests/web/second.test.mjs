// Second complaints (二次投诉) in the workspace: the customer complains
// again about the same order; the supervisor finds it in the 二次投诉
// queue with its badge, opens it, sees the banner naming the earlier
// complaint and follows the link there, where the later complaint is
// listed. An agent links another complaint by hand, is refused for a
// complaint of another customer, and undoes the link with a reason.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo, openComplaint, submit } from './desk.mjs';

const env = setup();
const TEAM = 1;
const signedIn = (session, opts) => signedInTo(env, session, opts);

function body(phone, ref, content) {
	return {
		channel: 'phone', complainant: { name: '赵敏', phone },
		object: { kind: 'order', ref, name: '扫地机器人 S7' },
		content, demand: '尽快换新', severity: 'normal', language: 'zh-CN',
	};
}

describe('second complaints', () => {
	it('the badge in the queue, the banner on the page, the link to the earlier complaint', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const first = await kesu.expect(201, 'POST', '/api/v1/complaints',
			body('13900007001', 'JD20261201001', '扫地机器人充不上电。'));
		const second = await kesu.expect(201, 'POST', '/api/v1/complaints',
			body('13900007001', 'JD20261201001', '上次说换新，到现在还没有消息，这是我第二次投诉。'));
		assert.equal(second.second_of.tracking_no, first.tracking_no);

		const sup = await signedIn(await kesu.staff('supervisor', [TEAM]));
		const p = sup.page;
		// the 二次投诉 queue lists it with its badge; the earlier one is not in it
		await p.goto('/#/queue/second');
		await p.waitForSelector(`#queue-table tr[data-tracking="${second.tracking_no}"]`);
		assert.equal(await p.locator('#queue-title').textContent(), '二次投诉');
		assert.equal(await p.locator(`#queue-table tr[data-tracking="${first.tracking_no}"]`).count(), 0);
		const badge = p.locator(`#queue-table tr[data-tracking="${second.tracking_no}"] .badge.second`);
		assert.equal(await badge.textContent(), '二次投诉');
		assert.equal(await badge.getAttribute('title'), `前次投诉 ${first.tracking_no}`);

		// the page: badge, banner, the supervisor level, the timeline
		await p.click(`#queue-table tr[data-tracking="${second.tracking_no}"]`);
		await p.waitForSelector(`article.complaint[data-tracking="${second.tracking_no}"]`);
		const banner = await p.locator('#second-banner').textContent();
		assert.ok(banner.includes('二次投诉') && banner.includes(`前次投诉 ${first.tracking_no}`), banner);
		assert.ok((await p.locator('.complaint-head').textContent()).includes('主管'), 'it starts with the supervisors');
		assert.ok((await p.locator('#timeline').textContent()).includes(`标记为二次投诉（前次投诉 ${first.tracking_no}）`));

		// follow the link: the earlier complaint lists its second complaint
		await p.click('#second-of-link');
		await p.waitForSelector(`article.complaint[data-tracking="${first.tracking_no}"]`);
		assert.equal(await p.locator('#second-banner').count(), 0);
		const later = await p.locator('#second-later').textContent();
		assert.ok(later.includes(second.tracking_no), later);
		assert.ok((await p.locator('#timeline').textContent()).includes(`客户就同一事项再次投诉：${second.tracking_no}`));
		await p.click(`#second-later a[href="#/c/${second.tracking_no}"]`);
		await p.waitForSelector(`article.complaint[data-tracking="${second.tracking_no}"]`);
		assertClean(sup.problems);
	});

	it('an agent links by hand, is told why not, and undoes the link', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const first = await kesu.expect(201, 'POST', '/api/v1/complaints',
			body('13900007002', 'JD20261201002', '洗碗机洗不干净。'));
		// the same customer, another order: kesu does not link it
		const later = await kesu.expect(201, 'POST', '/api/v1/complaints',
			body('13900007002', 'JD20261201003', '换了一台还是洗不干净。'));
		const stranger = await kesu.expect(201, 'POST', '/api/v1/complaints',
			body('13900007003', 'JD20261201004', '别的客户。'));
		assert.equal(later.second_of, null);

		const agent = await signedIn(await kesu.staff('agent', [TEAM]), { locale: 'en' });
		const p = agent.page;
		await openComplaint(p, later.tracking_no);
		assert.equal(await p.locator('#second-banner').count(), 0);
		// another customer's complaint: refused, the field named
		await p.fill('#second-earlier', stranger.tracking_no);
		await assert.rejects(submit(p, '#second-link'), /另一位客户的投诉/);
		await p.fill('#second-earlier', first.tracking_no);
		await submit(p, '#second-link');
		assert.ok((await p.locator('#second-banner').textContent()).includes(first.tracking_no));
		assert.equal(await p.locator('.complaint-head .badge.second').count(), 1);
		// undone with a reason, which the timeline keeps
		await p.fill('#second-reason', '不同型号，不是同一事项');
		await submit(p, '#second-unlink');
		assert.equal(await p.locator('#second-banner').count(), 0);
		assert.ok((await p.locator('#timeline').textContent()).includes('不同型号，不是同一事项'));
		assertClean(agent.problems);
	});
});
