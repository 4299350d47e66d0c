// Merging a duplicate in the workspace: the agent opens 合并到…, names
// the original, reads what will follow and confirms; the duplicate's page
// then says where it went (a link), the original's which were merged into
// it, its timeline marking the duplicate's events by origin; a refusal is
// shown beside the number; the customer's status page says it; in zh-CN,
// zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, PHONE } from './harness.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

const env = setup();
const TEAM = 1;
const signedIn = (session, opts) => signedInTo(env, session, opts);

async function signedInIn(session, l) {
	const x = await signedIn(session);
	await x.page.selectOption('#lang', l);
	await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	return x;
}

let seq = 0;
function body(phone) {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '李雷', phone: phone || `1390000${String(7000 + seq)}` },
		object: { kind: 'order', ref: `JD2026120400${seq}`, name: '电热水壶' },
		content: '水壶漏水。', demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

/* Opens the merge form on the page shown, names into and confirms. */
async function mergeInto(p, into, note) {
	await p.click('#merge-open');
	await p.fill('#merge-into', into);
	if (note) await p.fill('#merge-note', note);
	await p.click('#merge-next');
	await p.waitForSelector('#merge-question');
}

describe('merge', () => {
	it('merges from the page after a confirmation; banners both ways', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const orig = await kesu.expect(201, 'POST', '/api/v1/complaints', body('13900006601'));
		const dup = await kesu.expect(201, 'POST', '/api/v1/complaints', body('13900006601'));
		const agent = await kesu.staff('agent', [TEAM]);
		const a = await signedIn(agent);
		const p = a.page;
		await openComplaint(p, dup.tracking_no);
		assert.equal(await p.locator('#merge-open').textContent(), '合并到…');
		assert.equal(await p.locator('#merge-form').isHidden(), true);

		// into itself: refused beside the number, nothing written
		await mergeInto(p, dup.tracking_no);
		await p.click('#merge-go');
		await p.waitForSelector('#merge-into[aria-invalid="true"]');
		assert.match(await p.locator('#merge-into-err').textContent(), /merged into itself/);
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${dup.tracking_no}`)).status, 'registered');

		// the confirmation says what follows; cancel writes nothing
		await p.fill('#merge-into', orig.tracking_no);
		await p.click('#merge-next');
		await p.waitForSelector('#merge-question');
		const q = await p.locator('#merge-question').textContent();
		assert.ok(q.startsWith('确认将') && q.includes(dup.tracking_no) && q.includes(orig.tracking_no), q);
		assert.ok(q.includes('客户会收到一次通知'), q);
		await p.click('#merge-cancel');
		assert.equal(await p.locator('#merge-question').count(), 0);
		await p.fill('#merge-note', '同一订单重复登记');
		await p.click('#merge-next');
		await p.click('#merge-go');

		// the duplicate: closed, and where it went, linked
		await p.waitForSelector('#merge-banner');
		assert.ok((await p.locator('#merge-banner strong').textContent()).startsWith('已合并到'));
		assert.equal(await p.locator('#merged-into-link').textContent(), orig.tracking_no);
		assert.equal(await p.locator('#merge-open').count(), 0);
		assert.equal(await p.locator('article.complaint').getAttribute('data-status'), 'closed');
		assert.ok((await p.locator('#timeline').textContent()).includes(`合并到 ${orig.tracking_no}`));
		const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${dup.tracking_no}`);
		assert.equal(got.validity, 'duplicate');
		assert.equal(got.duplicate_of, orig.tracking_no);
		const told = (await kesu.expect(200, 'GET', `/api/v1/complaints/${dup.tracking_no}/outbox`)).items
			.filter((n) => n.audience === 'customer' && n.kind === 'merged');
		assert.equal(told.length, 1);

		// the original: which were merged here, and their events marked
		await p.click('#merged-into-link');
		await p.waitForSelector('#merged-here');
		assert.ok((await p.locator('#merged-here strong').textContent()).startsWith('合并了'));
		assert.equal(await p.locator('#merged-here a').textContent(), dup.tracking_no);
		const marks = await p.locator('#timeline .badge.merged-from').allTextContents();
		assert.ok(marks.length >= 2 && marks.every((m) => m === `来自 ${dup.tracking_no}`), marks.join('|'));
		assert.ok((await p.locator('#timeline').textContent()).includes(`${dup.tracking_no} 合并到本投诉`));

		// the customer's status page says so, naming their own complaint
		const { page: portal, problems } = await env.page({ viewport: PHONE });
		await portal.goto(`/status/${dup.tracking_no}#t=${dup.portal_token}`);
		await portal.waitForSelector('#merged-where');
		const where = await portal.locator('#merged-where').textContent();
		assert.ok(where.includes(orig.tracking_no) && where.includes('合并'), where);
		assertClean(problems);
		assertClean(a.problems);
	});

	it('says it in zh-TW and English; nobody without the right sees the action', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const origTw = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const dupTw = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const tw = await signedInIn(await kesu.staff('agent', [TEAM]), 'zh-TW');
		await openComplaint(tw.page, dupTw.tracking_no);
		assert.equal(await tw.page.locator('#merge-open').textContent(), '合併到…');
		await mergeInto(tw.page, origTw.tracking_no);
		assert.ok((await tw.page.locator('#merge-question').textContent()).startsWith('確認將'));
		assert.equal(await tw.page.locator('#merge-go').textContent(), '確認合併');
		await tw.page.click('#merge-go');
		await tw.page.waitForSelector('#merge-banner');
		assert.ok((await tw.page.locator('#merge-banner strong').textContent()).startsWith('已合併到'));
		await openComplaint(tw.page, origTw.tracking_no);
		await tw.page.waitForSelector('#merged-here');
		assert.ok((await tw.page.locator('#merged-here strong').textContent()).startsWith('合併了'));
		assert.ok((await tw.page.locator('#timeline .badge.merged-from').first().textContent()).startsWith('來自'));

		const orig = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const dup = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const other = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const en = await signedInIn(await kesu.staff('agent', [TEAM]), 'en');
		await openComplaint(en.page, dup.tracking_no);
		assert.equal(await en.page.locator('#merge-open').textContent(), 'Merge into…');
		// an original that is itself merged: refused, naming where to go
		await mergeInto(en.page, dupTw.tracking_no);
		assert.ok((await en.page.locator('#merge-question').textContent()).startsWith('Merge '));
		await en.page.click('#merge-go');
		await en.page.waitForSelector('#merge-into[aria-invalid="true"]');
		assert.ok((await en.page.locator('#merge-into-err').textContent()).includes(origTw.tracking_no));
		await en.page.fill('#merge-into', orig.tracking_no);
		await en.page.click('#merge-next');
		await en.page.click('#merge-go');
		await en.page.waitForSelector('#merge-banner');
		assert.ok((await en.page.locator('#merge-banner strong').textContent()).startsWith('Merged into'));
		await openComplaint(en.page, orig.tracking_no);
		await en.page.waitForSelector('#merged-here');
		assert.ok((await en.page.locator('#merged-here strong').textContent()).startsWith('Merged here'));
		assert.ok((await en.page.locator('#timeline').textContent()).includes(`${dup.tracking_no} merged here`));

		// an auditor reads, and is offered no merge
		const au = await signedIn(await kesu.staff('auditor', []));
		await openComplaint(au.page, other.tracking_no);
		assert.equal(await au.page.locator('#merge-open').count(), 0);
		assertClean(tw.problems);
		assertClean(en.problems);
		assertClean(au.problems);
	});
});
