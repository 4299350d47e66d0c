// Macros on the complaint page: a script that carries actions offers
// 应用宏; the preview lists its steps in the page's language, changing
// nothing; the confirmation applies them and the page shows the new
// state; a step the server would refuse is named with why, and offers no
// confirmation. A supervisor gives a script its actions on the knowledge
// base page. In zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo, openComplaint, waitStatus } from './desk.mjs';

const env = setup();
const TEAM = 1;

/* Signed in as session, the page in language l. */
async function signedIn(session, l) {
	const x = await signedInTo(env, session);
	if (l !== 'zh-CN') {
		await x.page.selectOption('#lang', l);
		await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	}
	return x;
}

let seq = 0;
/* A new complaint of category cat (whose scripts its guide offers). */
async function complaint(cat) {
	seq += 1;
	return env.kesu.expect(201, 'POST', '/api/v1/complaints', {
		channel: 'phone', category: cat, language: 'zh-CN',
		complainant: { name: '韩梅梅', phone: `1390001${String(1000 + seq)}` },
		object: { kind: 'order', ref: `JD20261205${seq}`, name: '电饭煲' },
		content: '电饭煲内胆涂层脱落。', demand: '退货', severity: 'normal',
	});
}

async function script(cat, title, actions) {
	return (await env.kesu.expect(201, 'POST', '/api/v1/scripts', {
		category: cat, step: 1, language: 'zh-CN', title, body: '{customer_name}您好。', actions,
	})).id;
}

/* Opens the preview of script sid; resolves to the steps' texts by action. */
async function preview(page, sid) {
	await page.click(`button.macro-open[data-macro="${sid}"]`);
	await page.waitForSelector(`#macro-${sid} .macro-steps li`);
	const steps = {};
	for (const li of await page.locator(`#macro-${sid} .macro-steps li`).all())
		steps[await li.getAttribute('data-action')] = { text: await li.textContent(), would: await li.getAttribute('data-would') };
	return steps;
}

const WORDS = {
	'zh-CN': { apply: '应用宏', head: '应用后将依次执行：', refusedHead: '有一步现在无法执行，宏不能应用：', confirm: '确认应用',
		state: '状态：已登记 → 已受理', take: '由我接手', cause: '原因定为「产品质量」', forbidden: '无法执行: 你的角色不能做这一步',
		conflict: '投诉现在的状态不允许', timeline: '应用了宏「受理并接手」', statusClosed: '已结案' },
	'zh-TW': { apply: '套用巨集', head: '套用後將依序執行：', refusedHead: '有一步現在無法執行，巨集不能套用：', confirm: '確認套用',
		state: '狀態：已登記 → 已受理', take: '由我接手', cause: '原因定為「產品品質」', forbidden: '無法執行: 你的角色不能做這一步',
		conflict: '客訴現在的狀態不允許', timeline: '套用了巨集「受理并接手」', statusClosed: '已結案' },
	en: { apply: 'Apply macro', head: 'Applying it will, in order:', refusedHead: 'A step cannot be done now, so the macro cannot be applied:', confirm: 'Apply now',
		state: 'status: Registered → Acknowledged', take: 'take it myself', cause: 'set the cause to "Product quality"', forbidden: 'Refused: your role may not do this step',
		conflict: 'not possible in the complaint\'s present state', timeline: 'applied the macro "受理并接手"', statusClosed: 'Closed' },
};

describe('macros', () => {
	for (const l of ['zh-CN', 'zh-TW', 'en']) {
		it(`previews, applies, and names a refused step (${l})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const w = WORDS[l];
			const cat = `宏-${l}`;
			const cause = (await kesu.expect(200, 'GET', '/api/v1/causes')).causes.find((x) => x.key === 'quality');
			w.cause = w.cause.replace(/「.*」|".*"/, (m) => m[0] + cause.label[l] + m[m.length - 1]);
			const take = await script(cat, '受理并接手', {
				reply: '{customer_name}您好，您的投诉 {tracking_no} 已受理。', cause: 'quality', state: 'acknowledged', assign: 'self',
			});
			const close = await script(cat, '直接结案', { reply: '已处理完毕。', state: 'closed' });
			const plain = await script(cat, '只是一句话', null);
			const cp = await complaint(cat);
			const agent = await kesu.staff('agent', [TEAM]);
			const { page, problems } = await signedIn(agent, l);
			await openComplaint(page, cp.tracking_no);

			// only the scripts with actions offer the button, in the page's language
			assert.equal(await page.locator(`li.script[data-script="${plain}"] button.macro-open`).count(), 0);
			assert.equal(await page.locator(`button.macro-open[data-macro="${take}"]`).textContent(), w.apply);

			// the preview: every step in order, the reply as the customer reads it
			let steps = await preview(page, take);
			assert.deepEqual(Object.keys(steps), ['cause', 'reply', 'state', 'assign']);
			assert.equal(await page.locator(`#macro-${take} .macro-head`).textContent(), w.head);
			assert.ok(steps.state.text.includes(w.state), steps.state.text);
			assert.ok(steps.assign.text.includes(w.take), steps.assign.text);
			assert.ok(steps.cause.text.includes(w.cause), steps.cause.text);
			assert.ok(steps.reply.text.includes(`韩梅梅您好，您的投诉 ${cp.tracking_no} 已受理。`), steps.reply.text);
			assert.ok(Object.values(steps).every((s) => s.would === 'true'));
			// nothing changed yet
			let got = await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`);
			assert.equal(got.status, 'registered');
			assert.equal(got.assignee_id, null);

			// a step refused: named with why, no confirmation offered
			steps = await preview(page, close);
			assert.equal(await page.locator(`#macro-${close} .macro-head`).textContent(), w.refusedHead);
			assert.equal(steps.reply.would, 'true');
			assert.equal(steps.state.would, 'false');
			assert.ok(steps.state.text.includes(w.statusClosed), steps.state.text);
			assert.ok(steps.state.text.includes(w.forbidden), steps.state.text);
			assert.equal(await page.locator(`#macro-${close} button.macro-apply`).count(), 0);
			await page.click(`#macro-${close} button.macro-cancel`);
			assert.equal(await page.locator(`#macro-${close}`).textContent(), '');

			// confirmed: the page drawn again with the new state, the macro in the timeline
			await page.click(`#macro-${take} button.macro-apply`);
			await waitStatus(page, 'acknowledged');
			await page.waitForFunction((s) => document.querySelector('#timeline').textContent.includes(s), w.timeline);
			got = await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`);
			assert.equal(got.assignee_id, agent.id);
			assert.equal(got.cause, 'quality');
			const kinds = (await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}/events`)).items.map((e) => e.kind);
			assert.ok(kinds.includes('reply') && kinds.includes('macro_applied'), kinds.join(','));

			// applied again from acknowledged, the state step is refused by the lifecycle
			steps = await preview(page, take);
			assert.equal(steps.state.would, 'false');
			assert.ok(steps.state.text.includes(w.conflict), steps.state.text);
			assertClean(problems);
		});
	}

	it('a supervisor gives a script its actions on the knowledge base page', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const sup = await kesu.staff('supervisor', [TEAM]);
		const { page, problems } = await signedIn(sup, 'en');
		await page.goto('/#/kb');
		await page.waitForSelector('#kb-scripts');
		await page.click('#script-new');
		await page.waitForSelector('#script-actions');
		assert.equal(await page.locator('#script-actions legend').textContent(), 'Macro: what applying it does');
		await page.fill('#script-title', '转回组里');
		await page.fill('#script-body', '我把您的投诉交给同事处理。');
		// an unknown placeholder in the reply is named beside it
		await page.fill('#macro-reply', '{nobody}您好');
		await page.selectOption('#macro-assign', 'team');
		await page.selectOption('#macro-responsibility', 'customer');
		await page.click('#script-form button[type="submit"]');
		await page.waitForFunction(() => document.querySelector('#macro-reply').getAttribute('aria-invalid') === 'true');
		await page.fill('#macro-reply', '{customer_name}您好，已转交同事。');
		await page.click('#script-form button[type="submit"]');
		// the list drawn again with it, marked as a macro
		await page.waitForFunction(() => [...document.querySelectorAll('#kb-scripts li')]
			.some((li) => li.querySelector('strong').textContent === '转回组里' && li.querySelector('.badge.macro')));
		const made = (await kesu.expect(200, 'GET', '/api/v1/scripts?language=zh-CN')).items.find((s) => s.title === '转回组里');
		assert.deepEqual(made.actions, { reply: '{customer_name}您好，已转交同事。', assign: 'team', responsibility: 'customer' });
		assert.equal(await page.locator(`#kb-scripts li[data-script="${made.id}"] .badge.macro`).textContent(), 'Macro');

		// edited: all blank removes them
		await page.click(`#kb-scripts li[data-script="${made.id}"] button.link`);
		await page.waitForSelector('#macro-reply');
		assert.equal(await page.inputValue('#macro-assign'), 'team');
		await page.fill('#macro-reply', '');
		await page.selectOption('#macro-assign', '');
		await page.selectOption('#macro-responsibility', '');
		await page.click('#script-form button[type="submit"]');
		await page.waitForFunction((id) => !document.querySelector(`#kb-scripts li[data-script="${id}"] .badge.macro`), made.id);
		const after = (await kesu.expect(200, 'GET', '/api/v1/scripts?language=zh-CN')).items.find((s) => s.id === made.id);
		assert.equal(after.actions, null);
		assertClean(problems);
	});
});
