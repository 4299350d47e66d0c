// Training (培训) in Chromium: a supervisor drafts a lesson from a closed
// complaint on the training page (its text prefilled from the case, the
// customer's details out of it), changes and publishes it to the team;
// another from an incident's handling notice; an agent of the team sees the
// header's count, opens the lesson from the inbox and confirms it once;
// the supervisor sees who has confirmed, when, and who has not; an agent of
// another team sees none; the pages in English with no key on screen; no
// WCAG 2 A/AA violation axe-core finds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, DESKTOP, wordsOf, axeViolations } from './harness.mjs';
import { signedIn, keysOnScreen, settle } from './desk.mjs';

const env = setup();
const TEAM = 1;

const { w } = await wordsOf('workspace-words.js', 'words-lessons.js');

const violations = axeViolations;

/* A complaint taken through to closed, as the administrator. */
async function closedCase(kesu) {
	const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
		channel: 'web', complainant: { name: '王芳', phone: '13900004321' }, category: '质量问题',
		object: { kind: 'order', ref: 'JD2026120100001', name: '电热水壶' },
		content: '我是王芳，电热水壶烧水时底座冒烟，请打 139-0000-4321 联系我。', demand: '退货退款', language: 'zh-CN',
	});
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/transitions`, { to: 'in_progress', progress: { line: '核实您反映的情况' } });
	await settle(kesu, c.tracking_no);
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/transitions`, { to: 'resolved', reason: '已为客户办理退货退款' });
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/transitions`, { to: 'closed', reason: '客户满意，结案' });
	return c;
}

describe('lessons', () => {
	it('drafted from a closed case and a notice, published, confirmed by one agent of two, in zh-CN and English', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const c = await closedCase(kesu);
		const other = await kesu.expect(201, 'POST', '/api/v1/teams', { name: '售后组' });
		const boss = await kesu.staff('supervisor', [TEAM]);
		const agent1 = await kesu.staff('agent', [TEAM]);
		const agent2 = await kesu.staff('agent', [TEAM]);
		const outsider = await kesu.staff('agent', [other.id]);
		const incident = await kesu.expect(201, 'POST', '/api/v1/incidents', { title: '水壶批次问题' });
		await kesu.expect(201, 'PUT', `/api/v1/incidents/${incident.id}/notice`, {
			title: '水壶批次处理通知', key_matters: '批次 B12 底座易冒烟。', remedy: '退货并补偿 20 元。', teams: [TEAM] });

		const { page, problems } = await signedIn(env, boss, { viewport: DESKTOP });
		assert.equal(await page.textContent('#nav-lessons'), w('nav_lessons'));
		await page.click('#nav-lessons');
		await page.waitForSelector('.lessons-view');
		assert.equal(await page.textContent('#ls-title'), w('ls_title'));
		// from the closed case: the text drafted from it, no personal data
		await page.click('#ls-new summary');
		await page.selectOption('#ls-new-form-source', 'complaint');
		await page.fill('#ls-new-form-complaint', c.tracking_no);
		await page.click('#ls-new-form-draft');
		await page.waitForSelector('article.lesson-view[data-state="draft"]');
		const lid = Number(await page.getAttribute('article.lesson-view', 'data-lesson'));
		assert.equal(await page.textContent('.ls-source'), w('ls_source_complaint', 'zh-CN', { no: c.tracking_no }));
		const drafted = await page.textContent('#ls-body');
		assert.ok(drafted.includes('【经过】'), drafted);
		for (const personal of ['王芳', '13900004321', '139-0000-4321']) assert.ok(!drafted.includes(personal), personal);
		assert.equal(await page.textContent('#ls-record p'), w('ls_record_draft'));
		assert.deepEqual(await violations(page), []);
		// changed, then published to the team
		await page.fill('#ls-form-title', '水壶冒烟投诉的处理');
		await page.click('#ls-form-publish');
		await page.waitForSelector('article.lesson-view[data-state="published"]');
		assert.equal(await page.textContent('#ls-head'), '水壶冒烟投诉的处理');
		assert.equal(await page.textContent('#ls-record-count'), w('ls_record_count', 'zh-CN', { done: 0, left: 3 }));

		// from the incident's handling notice
		await page.click('#ls-back');
		await page.waitForSelector('.lessons-view');
		await page.click('#ls-new summary');
		await page.selectOption('#ls-new-form-source', 'incident');
		await page.selectOption('#ls-new-form-incident', String(incident.id));
		await page.click('#ls-new-form-draft');
		await page.waitForFunction((id) => {
			const a = document.querySelector('article.lesson-view');
			return a && a.dataset.lesson !== String(id);
		}, lid);
		assert.equal(await page.textContent('#ls-head'), '水壶批次处理通知');
		assert.ok((await page.textContent('#ls-body')).includes('批次 B12 底座易冒烟。'));
		assert.equal(await page.getAttribute('.ls-source', 'href'), `#/incident/${incident.id}`);
		assertClean(problems);

		// the agent: the header's count, the inbox, confirmed once
		const ag = await signedIn(env, agent1, { viewport: DESKTOP });
		await ag.page.waitForSelector('#nav-lessons [data-count="lessons"]');
		assert.equal(await ag.page.textContent('#nav-lessons [data-count="lessons"]'), '1');
		await ag.page.click('#nav-inbox');
		await ag.page.waitForSelector('#inbox-list li[data-kind="lesson_published"]');
		await ag.page.click('#inbox-list li[data-kind="lesson_published"] a');
		await ag.page.waitForSelector(`article.lesson-view[data-lesson="${lid}"]`);
		assert.equal(await ag.page.locator('#ls-record').count(), 0);
		await ag.page.click(`#ls-confirm-${lid}`);
		await ag.page.waitForSelector(`#ls-confirmed-${lid}`);
		await ag.page.waitForFunction(() => !document.querySelector('#nav-lessons [data-count="lessons"]'));
		await ag.page.click('#nav-lessons');
		await ag.page.waitForSelector('#ls-none');
		assert.equal(await ag.page.textContent('#ls-none'), w('ls_none_pending'));
		assert.deepEqual(await violations(ag.page), []);
		assertClean(ag.problems);

		// an agent of another team sees none
		const out = await signedIn(env, outsider, { viewport: DESKTOP });
		await out.page.click('#nav-lessons');
		await out.page.waitForSelector('#ls-none');
		await out.page.goto('/#/lessons/all');
		await out.page.waitForSelector('#ls-tabs [data-tab="all"][aria-current="page"]');
		assert.equal(await out.page.locator('#ls-list article').count(), 0);

		// the supervisor: who has confirmed, when, and who has not
		await page.goto(`/#/lesson/${lid}`);
		await page.waitForSelector('#ls-done');
		assert.equal(await page.textContent('#ls-record-count'), w('ls_record_count', 'zh-CN', { done: 1, left: 2 }));
		assert.equal(await page.locator(`#ls-done tr[data-user="${agent1.username}"]`).count(), 1);
		assert.equal(await page.locator(`#ls-left li[data-user="${agent2.username}"]`).count(), 1);
		assert.equal(await page.locator(`#ls-left li[data-user="${agent1.username}"]`).count(), 0);

		// in English
		await page.selectOption('#lang', 'en');
		await page.waitForFunction(() => document.documentElement.lang === 'en');
		await page.waitForSelector('#ls-done');
		assert.equal(await page.textContent('#ls-record-h'), w('ls_record', 'en'));
		// the supervisor is of the team: the lesson waits for them too
		assert.equal(await page.textContent('#nav-lessons'), `${w('nav_lessons', 'en')}1`);
		assert.equal(await page.getAttribute('#nav-lessons', 'aria-label'), w('ls_nav_pending', 'en', { n: 1 }));
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		assert.deepEqual(await keysOnScreen(page, words), []);
		await page.click('#ls-back');
		await page.click('#ls-tabs [data-tab="all"]');
		await page.waitForSelector(`#ls-list article[data-lesson="${lid}"]`);
		assert.deepEqual(await keysOnScreen(page, words), []);
		assert.deepEqual(await violations(page), []);

		// from the closed complaint's page and the incident's notice, one click each
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector('#to-lesson');
		assert.equal(await page.textContent('#to-lesson'), w('ls_make_from_complaint', 'en'));
		await page.click('#to-lesson');
		await page.waitForSelector('article.lesson-view[data-state="draft"]');
		assert.equal(await page.getAttribute('.ls-source', 'href'), `#/c/${encodeURIComponent(c.tracking_no)}`);
		await page.goto(`/#/incident/${incident.id}`);
		await page.waitForSelector('#ic-notice-lesson');
		await page.click('#ic-notice-lesson');
		await page.waitForFunction(() => document.querySelector('.ls-source')?.getAttribute('href')?.startsWith('#/incident/'));
		assert.equal(await page.textContent('#ls-head'), '水壶批次处理通知');
		// an agent has neither button
		await ag.page.goto(`/#/incident/${incident.id}`);
		await ag.page.waitForSelector('#ic-notice');
		assert.equal(await ag.page.locator('#ic-notice-lesson').count(), 0);
		assertClean(problems);
	});
});
