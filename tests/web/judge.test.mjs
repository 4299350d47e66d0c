// A resolve that needs a judgement opens the judgement in place: the page
// says so when "resolved" is chosen, and the refused resolve moves the
// judgement right above the state change with the missing field in focus;
// in zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

const env = setup();
const TEAM = 1;

let seq = 0;
async function inProgress(kesu) {
	seq += 1;
	const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', {
		channel: 'phone', complainant: { name: '孙丽', phone: `1350000${String(3000 + seq)}` },
		object: { kind: 'order', ref: `TB2026120500${seq}`, name: '保温杯' },
		content: '保温杯不保温。', demand: '换新', severity: 'normal', language: 'zh-CN',
	});
	for (const to of ['acknowledged', 'in_progress'])
		await kesu.expect(200, 'POST', `/api/v1/complaints/${cp.tracking_no}/transitions`,
			{ to, reason: '开始处理', ...(to === 'in_progress' ? { progress: { line: '核实您反映的情况' } } : {}) });
	return cp;
}

const WORDS = {
	'zh-CN': ['解决前须先记录主要原因和责任界定', '解决前请先填写此项'],
	'zh-TW': ['解決前須先記錄主要原因和責任界定', '解決前請先填寫此項'],
	en: ['Record the main cause and the responsibility before resolving', 'Fill this in before resolving'],
};

describe('judgement in place', () => {
	it('opens the judgement above the state change when a resolve needs it', { timeout: 150000 }, async () => {
		const kesu = env.kesu;
		for (const l of ['zh-CN', 'zh-TW', 'en']) {
			const cp = await inProgress(kesu);
			const x = await signedInTo(env, await kesu.staff('supervisor', [TEAM]));
			const p = x.page;
			if (l !== 'zh-CN') {
				await p.selectOption('#lang', l);
				await p.waitForFunction((w) => document.documentElement.lang === w, l);
			}
			await openComplaint(p, cp.tracking_no);
			// the judgement starts where it always is, not above the actions
			const before = () => p.evaluate(() => document.getElementById('judgement').nextElementSibling?.id);
			assert.notEqual(await before(), 'actions');
			await p.selectOption('#move-to', 'resolved');
			assert.equal(await p.locator('#move-no-plan').textContent(), WORDS[l][0]);
			await p.fill('#move-reason', '已处理');
			await p.click('#move button[type="submit"]');
			await p.waitForFunction(() => document.activeElement && document.activeElement.id === 'j-cause');
			assert.equal(await before(), 'actions');
			assert.equal(await p.locator('#j-cause').getAttribute('aria-invalid'), 'true');
			assert.equal(await p.locator('#j-cause-err').textContent(), WORDS[l][1]);
			assert.ok(await p.locator('#judgement.asked').count() === 1);
			// nothing moved: still in progress
			const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`);
			assert.equal(got.status, 'in_progress');
			assertClean(x.problems);
		}
	});
});
