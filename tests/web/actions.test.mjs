// Improvement actions in Chromium: a month of complaints about one cause,
// an action made and reported done, and after four weeks with fewer such
// complaints its page draws the weekly series around the done date with
// the verdict and its figures; an action made from a complaint's page,
// accepted and reported done through the forms; the department's own page
// (no account, the mailed link's token) accepting one; the list's counts;
// the pages in English with no key on screen; no WCAG 2 A/AA violation
// axe-core finds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, assertClean, API_ERRORS, DESKTOP, sleep, wordsOf, axeViolations } from './harness.mjs';
import { signedIn, keysOnScreen } from './desk.mjs';

const clockDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesu-clock-'));
const clock = path.join(clockDir, 'clock');
fs.writeFileSync(clock, '2026-09-01T10:00:00+08:00\n');
const env = setup({ server: { args: ['--clock-file', clock, '--tick-ms', '50'] } });
const TEAM = 1;

const { w } = await wordsOf('workspace-words.js', 'words-improve.js');

const violations = axeViolations;

async function setTime(t) {
	fs.writeFileSync(clock, `${t}\n`);
	await sleep(400); // a few ticks
}

let seq = 0;
const body = (cause) => {
	seq += 1;
	return { channel: 'web', complainant: { name: '王芳', phone: `1390000${String(5000 + seq)}` }, content: '空气炸锅外壳开裂，有焦糊味', demand: '退货退款', category: '质量问题', cause, language: 'zh-CN' };
};

describe('improvement actions', () => {
	it('the verdict drawn on the action page, an action made from a complaint and moved through the forms, the department page, in zh-CN and English', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const dept = await kesu.expect(201, 'POST', '/api/v1/departments', { name: '品控部' });
		// four weeks of six quality complaints, the change, four weeks of one
		for (const day of ['09-01', '09-08', '09-15', '09-22']) {
			await setTime(`2026-${day}T10:00:00+08:00`);
			for (let k = 0; k < 6; k++) await kesu.expect(201, 'POST', '/api/v1/complaints', body('quality'));
		}
		await setTime('2026-09-29T10:00:00+08:00');
		const made = await kesu.expect(201, 'POST', '/api/v1/actions', { cause: 'quality', department_id: dept.id, what: '出库前逐台通电检测', due: '2026-10-15' });
		await kesu.expect(200, 'POST', `/api/v1/actions/${made.id}/done`, { evidence: '检测工位已上线', done_on: '2026-09-29' });
		for (const day of ['09-29', '10-06', '10-13', '10-20']) {
			await setTime(`2026-${day}T10:00:00+08:00`);
			await kesu.expect(201, 'POST', '/api/v1/complaints', body('quality'));
		}
		await setTime('2026-10-27T09:00:00+08:00');
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/actions/${made.id}`)).state, 'verified');

		const boss = await kesu.staff('supervisor', [TEAM]);
		const { page, problems } = await signedIn(env, boss, { viewport: DESKTOP });
		assert.equal(await page.textContent('#nav-actions'), w('nav_actions'));
		await page.click('#nav-actions');
		await page.waitForSelector('#act-tabs [data-state="open"][aria-current="page"]');
		assert.equal(await page.textContent('#act-summary'), w('act_summary', 'zh-CN', { overdue: 0, awaiting: 0 }));
		await page.click('#act-tabs [data-state="verified"]');
		await page.waitForSelector(`#act-table tr[data-action="${made.id}"]`);
		await page.click(`#act-table tr[data-action="${made.id}"] a`);
		await page.waitForSelector('#act-chart');
		// the chart: one bar a week, the done date between the fourth and fifth
		const bars = await page.locator('#act-chart rect').evaluateAll((rs) => rs.map((r) => [r.getAttribute('class'), Number(r.dataset.count)]));
		assert.deepEqual(bars, [['before', 6], ['before', 6], ['before', 6], ['before', 6], ['after', 1], ['after', 1], ['after', 1], ['after', 1]]);
		assert.equal(await page.locator('#act-chart line.split').count(), 1);
		assert.ok((await page.textContent('#act-verdict')).startsWith(w('act_verdict_verified', 'zh-CN', { fell: 83 })));
		const cells = await page.locator('#act-verification tbody tr').evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td.num')].map((td) => td.textContent)));
		assert.deepEqual(cells, [['24', '—', '6'], ['4', '—', '1']]);
		assert.equal(await page.textContent('#act-cause'), '质量问题');
		assert.deepEqual(await violations(page), []);

		// the causes of the month, each with its open actions and a way to make one
		await page.goto('/#/actions');
		await page.waitForSelector('#act-pareto tr[data-cause="quality"]');
		assert.equal(await page.textContent('#act-pareto tr[data-cause="quality"] td.num'), '4');
		await page.click('#act-pareto tr[data-cause="quality"] .pareto-make');
		await page.waitForSelector('#act-form');
		assert.equal(await page.inputValue('#act-cause'), 'quality');
		assert.equal(await page.textContent('#act-from'), w('act_from_pareto'));

		// made from a complaint's page: the cause comes with it
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', body('quality'));
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector('#make-action');
		await page.click('#make-action');
		await page.waitForSelector('#act-form');
		assert.equal(await page.inputValue('#act-cause'), 'quality');
		await page.click('#act-create');
		await page.waitForSelector('#act-department[aria-invalid="true"]');
		await page.selectOption('#act-department', String(dept.id));
		await page.fill('#act-what', '包装加防震泡沫');
		await page.fill('#act-due', '2026-11-20');
		await page.click('#act-create');
		await page.waitForSelector('#act-state');
		const id = Number(/#\/action\/(\d+)/.exec(page.url())[1]);
		assert.equal(await page.textContent('#act-state'), (await kesu.expect(200, 'GET', '/api/v1/fields')).enums.action_state.values.find((v) => v.name === 'proposed').label['zh-CN']);
		assert.deepEqual((await kesu.expect(200, 'GET', `/api/v1/actions/${id}`)).linked.map((x) => x.tracking_no), [c.tracking_no]);
		await page.fill('#act-owner', '品控 周工');
		await page.click('#act-accept button[type="submit"]');
		await page.waitForFunction(() => document.querySelector('#act-state')?.closest('h1') && !document.querySelector('#act-accept'));
		await page.fill('#act-evidence', '新包装已启用');
		await page.click('#act-done button[type="submit"]');
		await page.waitForSelector('#act-verdict-pending');
		const after = await kesu.expect(200, 'GET', `/api/v1/actions/${id}`);
		assert.equal(after.state, 'done');
		assert.equal(after.owner.name, '品控 周工');
		assert.equal(after.evidence, '新包装已启用');

		// English: no key on screen
		await page.selectOption('#lang', 'en');
		await page.goto(`/#/action/${made.id}`);
		await page.waitForSelector('#act-chart');
		assert.ok((await page.textContent('#act-verdict')).startsWith(w('act_verdict_verified', 'en', { fell: 83 })));
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		assert.deepEqual(await keysOnScreen(page, words), []);
		assertClean(problems, [API_ERRORS]);

		// the department's page: no account, the link's token
		const third = await kesu.expect(201, 'POST', '/api/v1/actions', { cause: 'logistics', department_id: dept.id, what: '改用顺丰', due: '2026-11-30' });
		const link = (await kesu.expect(200, 'GET', `/api/v1/actions/${third.id}`)).department_link;
		const d = await env.page({ viewport: DESKTOP });
		await d.page.goto(link);
		await d.page.waitForSelector('#accept');
		assert.equal(await d.page.textContent('#state'), '待接受');
		await d.page.fill('#owner', '物流 孙经理');
		await d.page.click('#accept button');
		await d.page.waitForSelector('#accept', { state: 'detached' });
		assert.equal(await d.page.textContent('#state'), '已接受');
		const gone = await env.page({ viewport: DESKTOP });
		await gone.page.goto(`/department/actions/${third.id}#t=wrong`);
		await gone.page.waitForSelector('.form-error');
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/actions/${third.id}`)).state, 'accepted');

		// the supervisor's dashboard: none overdue, one done awaiting its verdict
		await page.selectOption('#lang', 'zh-CN');
		await page.goto('/#/dashboard');
		await page.waitForSelector('#d-actions-overdue');
		assert.equal(await page.textContent('#d-actions-overdue'), '0');
		assert.equal(await page.textContent('#d-actions-awaiting'), w('d_actions_awaiting', 'zh-CN', { n: 1 }));
	});
});
