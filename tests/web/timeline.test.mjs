// The complaint page's timeline names people by their display names (shown
// as text, whatever they hold), speaks the page's language for people who
// are not staff, and a saved judgement says what changed, in zh-CN, zh-TW
// and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

const env = setup();
const TEAM = 1;

async function signedInIn(session, l) {
	const x = await signedInTo(env, session);
	if (l !== 'zh-CN') {
		await x.page.selectOption('#lang', l);
		await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	}
	return x;
}

function body(n) {
	return {
		channel: 'phone', complainant: { name: '韩梅梅', phone: `1370000${String(7000 + n)}` },
		object: { kind: 'order', ref: `TM2026120500${n}`, name: '空气炸锅' },
		content: '空气炸锅加热不均匀。', demand: '退货', severity: 'normal', language: 'zh-CN',
	};
}

/* The .actor and .what texts of the timeline's events of kind. */
async function events(page, kind) {
	return page.locator(`#timeline li[data-kind="${kind}"]`).evaluateAll((ls) => ls.map((l) => ({
		actor: l.querySelector('.actor').textContent, text: l.textContent })));
}

describe('timeline', () => {
	it('names people and says what a judgement changed, in three languages', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const evil = '<img src=x onerror="window.__x=1">王小明';
		const agent = await kesu.staff('agent', [TEAM]);
		await kesu.expect(200, 'PATCH', `/api/v1/users/${agent.id}`, { display_name: evil });
		const plain = await kesu.staff('agent', [TEAM]);
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body(1));
		const ref = cp.tracking_no;
		await kesu.expect(201, 'POST', `/api/v1/complaints/${ref}/notes`, { body: '已电话联系客户' }, { session: agent });
		await kesu.expect(201, 'POST', `/api/v1/complaints/${ref}/notes`, { body: '补充说明' }, { session: plain });
		const now = await kesu.expect(200, 'GET', `/api/v1/complaints/${ref}`);
		await kesu.expect(200, 'PATCH', `/api/v1/complaints/${ref}`, { responsibility: 'ours' },
			undefined, { headers: { 'If-Match': `"v${now.version}"` } });

		const want = {
			'zh-CN': '责任界定: （空） → ',
			'zh-TW': '責任界定: （空） → ',
			en: 'Responsibility: (none) → ',
		};
		for (const l of ['zh-CN', 'zh-TW', 'en']) {
			const x = await signedInIn(await kesu.staff('agent', [TEAM]), l);
			await openComplaint(x.page, ref);
			const notes = await events(x.page, 'note');
			assert.deepEqual(notes.map((e) => e.actor), [evil, plain.username], l);
			assert.equal(await x.page.evaluate(() => window.__x), undefined);
			const judged = await events(x.page, 'updated');
			assert.ok(judged.length >= 1, `${l}: the judgement is on the timeline`);
			assert.ok(judged.at(-1).text.includes(want[l]), `${l}: ${judged.at(-1).text}`);
			assertClean(x.problems);
		}
	});
});
