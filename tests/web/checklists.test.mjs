// Prevention checklists (自我筛查) in Chromium: a supervisor finds them in
// the navigation, starts the shipped self-screening before a campaign,
// opens the due run from the list, answers the six items (a failed one
// refused without its note, shown beside it), makes the failed item an
// improvement action (its department asked for first), sees it among the
// open actions on the history item, and finishes the run; the pages in
// English with no key on screen; an agent answers nothing of it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, API_ERRORS, DESKTOP, wordsOf, axeViolations } from './harness.mjs';
import { signedIn, keysOnScreen } from './desk.mjs';

const env = setup();
const TEAM = 1;

const { w } = await wordsOf('workspace-words.js', 'words-checklists.js');

const violations = axeViolations;

describe('prevention checklists', () => {
	it('a due run answered, a failed item made an action, the run finished, in zh-CN and English', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const fields = await kesu.expect(200, 'GET', '/api/v1/fields');
		const labelOf = (group, name, l = 'zh-CN') => fields.enums[group].values.find((v) => v.name === name).label[l];
		const dept = await kesu.expect(201, 'POST', '/api/v1/departments', { name: '网络运维部' });
		const shipped = (await kesu.expect(200, 'GET', '/api/v1/checklists')).items[0];
		const boss = await kesu.staff('supervisor', [TEAM]);
		const { page, problems } = await signedIn(env, boss, { viewport: DESKTOP });
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		const gaps = Object.entries(words).filter(([, row]) => row.length !== 3 || row.some((s) => typeof s !== 'string' || !s.trim()));
		assert.deepEqual(gaps, []);

		// in the navigation; the shipped self-screening started before a campaign
		assert.equal(await page.textContent('#nav-checklists'), w('nav_checklists'));
		await page.click('#nav-checklists');
		await page.waitForSelector('#ck-title');
		assert.equal(await page.textContent('#ck-none'), w('ck_none'));
		await page.fill(`#ck-occasion-${shipped.id}`, '双十一大促');
		await page.click(`#ck-start-button-${shipped.id}`);
		await page.waitForSelector('article.checklist-run[data-state="due"]');
		const rid = Number(await page.getAttribute('article.checklist-run', 'data-run'));
		// the due run, opened from the list
		await page.click('#ck-back');
		await page.waitForSelector(`#ck-runs tr[data-run="${rid}"][data-state="due"]`);
		assert.match(await page.textContent(`#ck-runs tr[data-run="${rid}"]`), /双十一大促/);
		await page.click(`#ck-runs tr[data-run="${rid}"] a`);
		await page.waitForSelector(`article.checklist-run[data-run="${rid}"]`);
		assert.equal(await page.textContent('#ck-run-title'), shipped.name['zh-CN']);
		assert.equal(await page.textContent('#ck-run-state'), labelOf('checklist_run_state', 'due'));
		assert.equal(await page.locator('fieldset.ck-item').count(), 6);
		assert.match(await page.textContent('#ck-item-2 legend'), /广告法/);

		// every item answered; the failed one without its note is refused beside it
		const results = ['pass', 'not_applicable', 'fail', 'pass', 'pass', 'pass'];
		for (const [k, r] of results.entries()) await page.check(`#ck-result-${k + 1}-${r}`);
		await page.fill('#ck-note-1', '链接与后台设置已核对');
		await page.click('#ck-save');
		await page.waitForSelector('#ck-note-3[aria-invalid="true"]');
		assert.ok((await page.textContent('#ck-note-3-err')).trim());
		assert.equal(await page.getAttribute('#ck-item-1', 'data-result'), '', 'nothing kept of a refused save');
		await page.fill('#ck-note-3', 'M 码价格与后台不一致，核对人：王敏');
		await page.click('#ck-save');
		await page.waitForSelector('#ck-item-3[data-result="fail"]');
		assert.deepEqual(await page.locator('fieldset.ck-item').evaluateAll((fs) => fs.map((f) => f.dataset.result)), results);
		assert.equal(await page.inputValue('#ck-note-3'), 'M 码价格与后台不一致，核对人：王敏');
		assert.equal(await page.locator('#ck-history').count(), 1);
		assert.equal(await page.textContent('#ck-open-none'), w('ck_open_none'));

		// the failed item made an improvement action: its department first
		await page.click('#ck-action-3 summary');
		await page.selectOption('#ck-action-cause-3', 'price');
		await page.fill('#ck-action-what-3', '尺码价格表由专人双人复核');
		await page.fill('#ck-action-due-3', '2099-12-31');
		await page.click('#ck-action-submit-3');
		await page.waitForSelector('#ck-action-department-3[aria-invalid="true"]');
		await page.selectOption('#ck-action-department-3', String(dept.id));
		await page.click('#ck-action-submit-3');
		await page.waitForSelector('#ck-action-made-3');
		const aid = Number(await page.getAttribute('#ck-action-made-3', 'data-action'));
		assert.equal(await page.textContent('#ck-action-made-3'), w('ck_action_made', 'zh-CN', { id: aid }));
		const action = await kesu.expect(200, 'GET', `/api/v1/actions/${aid}`);
		assert.equal(action.origin, 'checklist');
		assert.equal(action.origin_id, rid);
		assert.equal(action.cause, 'price');
		await page.waitForSelector(`#ck-open-actions li[data-action="${aid}"]`);
		assert.deepEqual(await violations(page), []);
		assert.equal(await page.locator('#ck-action-1').count(), 0, 'a passed item makes no action');

		// finished: done, read only
		await page.click('#ck-finish');
		await page.waitForSelector('article.checklist-run[data-state="done"]');
		assert.equal(await page.textContent('#ck-run-state'), labelOf('checklist_run_state', 'done'));
		assert.equal(await page.locator('#ck-save').count(), 0);
		assert.ok(await page.isDisabled('#ck-result-1-pass'));
		const run = await kesu.expect(200, 'GET', `/api/v1/checklist-runs/${rid}`);
		assert.equal(run.state, 'done');
		assert.equal(run.answered, 6);
		assert.equal(run.items[2].answer.action_id, aid);
		await page.goto('/#/checklists/done');
		await page.waitForSelector(`#ck-runs tr[data-run="${rid}"][data-state="done"]`);

		// in English, no key on screen
		await page.goto(`/?lang=en#/checklist-run/${rid}`);
		await page.waitForSelector(`article.checklist-run[data-run="${rid}"]`);
		assert.equal(await page.textContent('#ck-run-title'), shipped.name.en);
		assert.equal(await page.textContent('#ck-action-made-3'), w('ck_action_made', 'en', { id: aid }));
		assert.deepEqual(await keysOnScreen(page, words), []);
		await page.goto('/?lang=en#/checklists');
		await page.waitForSelector('#ck-title');
		assert.equal(await page.textContent('#ck-title'), w('ck_title', 'en'));
		assert.deepEqual(await violations(page), []);
		assert.deepEqual(await keysOnScreen(page, words), []);
		assertClean(problems, [API_ERRORS]);

		// an agent reads the supervisors' run and answers nothing of it
		const agent = await kesu.staff('agent', [TEAM]);
		const other = await kesu.expect(201, 'POST', `/api/v1/checklists/${shipped.id}/runs`, {});
		const a = await signedIn(env, agent, { viewport: DESKTOP });
		await a.page.goto(`/#/checklist-run/${other.id}`);
		await a.page.waitForSelector(`article.checklist-run[data-run="${other.id}"]`);
		assert.equal(await a.page.locator('#ck-save').count(), 0);
		assert.ok(await a.page.isDisabled('#ck-result-1-pass'));
		await a.page.goto('/#/checklists');
		await a.page.waitForSelector('#ck-title');
		assert.equal(await a.page.locator(`#ck-start-${shipped.id}`).count(), 0);
		assertClean(a.problems);
	});
});
