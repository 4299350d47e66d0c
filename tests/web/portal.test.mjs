// The customers' portal in Chromium: a customer on a phone registers a
// complaint (a mistake first), follows it, adds information, and rates the
// outcome after the team resolved it; the three languages; the keyboard;
// the status page reached by hand and by the survey link.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, PHONE, DESKTOP } from './harness.mjs';
import { say } from './words.mjs';
import { settle } from './desk.mjs';

const env = setup();

/* The message shown for the field named name: the text of the element its
 * aria-describedby names as the error, '' when none is linked. */
async function fieldError(page, name) {
	return page.locator(`[name="${name}"]`).first().evaluate((el) => {
		const owner = el.type === 'radio' ? el.closest('fieldset') : el;
		const ids = (owner.getAttribute('aria-describedby') || '').split(/\s+/);
		const err = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains('field-error'));
		return err && !err.hidden ? err.textContent : '';
	});
}

async function noSideways(page) {
	const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
	assert.ok(sw <= w, `the page is wider (${sw}px) than the screen (${w}px)`);
}

const phoneOf = (n) => `1390000${String(n).padStart(4, '0')}`;

/* A complaint registered through the portal's API, as a customer's browser would. */
async function registered(kesu, over = {}) {
	return kesu.expect(201, 'POST', '/api/v1/portal/complaints', {
		complainant: { name: '周敏', phone: phoneOf(7) },
		content: '快递把包裹放在门口被雨淋湿了，里面的书全部泡坏。',
		demand: '补发一套新书',
		...over,
	}, null);
}

async function resolve(kesu, no, reason) {
	await kesu.expect(200, 'POST', `/api/v1/complaints/${no}/transitions`, { to: 'in_progress', reason: '开始处理', progress: { line: '核实您反映的情况' } });
	await settle(kesu, no, reason);
	await kesu.expect(200, 'POST', `/api/v1/complaints/${no}/transitions`, { to: 'resolved', reason });
}

describe('portal', () => {
	it('a customer registers on a phone, follows the complaint, adds information and rates it', { timeout: 90000 }, async () => {
		const { page, problems } = await env.page({ viewport: PHONE, isMobile: true, hasTouch: true });
		const w = (key, p) => say('zh-CN', key, p);
		await page.goto('/portal');
		assert.equal(await page.locator('h1').textContent(), await w('reg.heading'));
		await noSideways(page);

		// the form in the customer's words, with a wrong phone number
		const content = '空气炸锅第一次使用就有焦糊味，外壳还有一道裂纹。';
		await page.fill('[name="content"]', content);
		await page.selectOption('[name="object.kind"]', 'product');
		await page.fill('[name="object.name"]', '空气炸锅 AF-300');
		await page.fill('[name="object.ref"]', 'JD20261120001');
		await page.fill('[name="purchased_at"]', '2026-11-20');
		await page.fill('[name="usage"]', '按说明书预热后放入薯条');
		await page.fill('[name="demand"]', '换一台新的');
		await page.check('[name="desired_resolution"][value="exchange"]');
		await page.fill('[name="complainant.name"]', '王芳');
		await page.fill('[name="complainant.phone"]', '12');
		await page.click('button[type="submit"]');

		// the API's complaint about the phone, beside the phone, linked to it
		await page.waitForSelector('[name="complainant.phone"][aria-invalid="true"]');
		assert.equal(await fieldError(page, 'complainant.phone'), await w('err.phone'));
		assert.equal(await page.locator('.notice.error').textContent(), await w('err.summary'));
		assert.equal(await page.evaluate(() => document.activeElement.name), 'complainant.phone');
		// nothing typed was lost
		assert.equal(await page.inputValue('[name="content"]'), content);
		assert.equal(await page.inputValue('[name="usage"]'), '按说明书预热后放入薯条');
		assert.ok(await page.isChecked('[name="desired_resolution"][value="exchange"]'));

		await page.fill('[name="complainant.phone"]', '139 0000 1234');
		await page.click('button[type="submit"]');
		await page.waitForSelector('#tracking-no');
		assert.equal(await page.locator('h1').textContent(), await w('done.heading'));
		const no = await page.locator('#tracking-no').textContent();
		assert.match(no, /^KS\d{10}$/);
		const href = await page.locator('#status-link').getAttribute('href');
		assert.match(href, new RegExp(`^/status/${no}#t=[A-Za-z0-9_-]+$`));
		// what happens next, and when, in plain words
		const next = await page.locator('.next li').allTextContents();
		assert.ok(next.some((s) => s.startsWith((('客服人员将在 ')))), next.join(' | '));
		assert.ok(next.every((s) => !/\d{4}-\d{2}-\d{2}T/.test(s)), 'times are shown as local words, not as API time stamps');
		await noSideways(page);
		const staff = await env.kesu.expect(200, 'GET', `/api/v1/complaints/${no}`);
		assert.equal(staff.object.name, '空气炸锅 AF-300');
		assert.equal(staff.desired_resolution, 'exchange');
		assert.equal(staff.purchased_at.slice(0, 10), '2026-11-20');
		assert.equal(staff.language, 'zh-CN');

		// the status page from the link
		await page.click('#status-link');
		await page.waitForSelector('#status-words');
		assert.equal(await page.locator('#status-words').textContent(), await w('status.registered'));
		assert.equal((await page.locator('.timeline li').first().locator('.what').textContent()), await w('tl.created'));
		assert.ok((await page.locator('.summary').textContent()).includes(content));
		await noSideways(page);

		// adding information
		await page.fill('[name="body"]', '补充：裂纹在底座右侧，已拍照。');
		await page.click('#add-info button[type="submit"]');
		await page.waitForSelector('.k-mine .body');
		assert.equal(await page.locator('.k-mine .body').textContent(), '补充：裂纹在底座右侧，已拍照。');
		assert.equal(await page.locator('.case .notice').textContent(), await w('msg.sent'));

		// the team replies and resolves it
		await env.kesu.expect(201, 'POST', `/api/v1/complaints/${no}/replies`, { body: '您好，新机已为您寄出，单号 SF123。' });
		await resolve(env.kesu, no, '已为您换新机');
		await page.click('.tools button');
		await page.waitForSelector('#rate');
		assert.equal(await page.locator('#status-words').textContent(), await w('status.resolved'));
		const tl = await page.locator('.timeline').textContent();
		assert.ok(tl.includes('您好，新机已为您寄出，单号 SF123。') && tl.includes('已为您换新机'), tl);
		assert.ok(!tl.includes('开始处理'), 'a reason meant for the team is not shown');

		// a 2 without a word first: asked for one beside the comment
		await page.check('[name="satisfaction"][value="2"]');
		await page.check('[name="carried_out"][value="no"]');
		await page.click('#rate button[type="submit"]');
		assert.equal(await fieldError(page, 'comment'), await w('err.comment'));
		await page.fill('[name="comment"]', '新机还没收到，快递显示已签收。');
		await page.click('#rate button[type="submit"]');
		await page.waitForFunction((s) => document.querySelector('.case .notice')?.textContent === s, await w('rate.reopened'));
		assert.equal(await page.locator('#status-words').textContent(), await w('status.reopened'));
		assert.ok((await page.locator('.timeline').textContent()).includes('新机还没收到，快递显示已签收。'));
		assert.equal(await page.locator('#rate').count(), 0);
		const after = await env.kesu.expect(200, 'GET', `/api/v1/complaints/${no}`);
		assert.equal(after.status, 'reopened');
		assert.equal(after.reopen_count, 1);
		assertClean(problems);
	});

	it('a satisfied customer closes the complaint from the survey link', { timeout: 60000 }, async () => {
		const c = await registered(env.kesu);
		await resolve(env.kesu, c.tracking_no, '已补发新书');
		const { page, problems } = await env.page({ viewport: PHONE });
		await page.goto(`${c.status_url}&survey=1`);
		await page.waitForSelector('#rate');
		// straight to the rating
		assert.equal(await page.evaluate(() => document.activeElement.id), 'rate-h');
		assert.ok(await page.locator('#rate-h').isVisible());
		const box = await page.locator('#rate').boundingBox();
		assert.ok(box.y < PHONE.height, 'the rating is on the screen');
		await page.check('[name="satisfaction"][value="5"]');
		// whether the promise was kept is asked, not assumed
		await page.click('#rate button[type="submit"]');
		assert.equal(await fieldError(page, 'carried_out'), await say('zh-CN', 'err.carried'));
		assert.equal((await env.kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}`)).status, 'resolved');
		await page.check('[name="carried_out"][value="yes"]');
		await page.click('#rate button[type="submit"]');
		await page.waitForFunction((s) => document.querySelector('.case .notice')?.textContent === s, await say('zh-CN', 'rate.closed'));
		assert.equal(await page.locator('#status-words').textContent(), await say('zh-CN', 'status.closed'));
		assertClean(problems);
	});

	it('asks to confirm an e-mail address, and a mail link with a wrong code is refused beside the field', { timeout: 60000 }, async () => {
		const c = await registered(env.kesu, { complainant: { name: '周敏', email: 'zm@example.com' } });
		const { page, problems } = await env.page({ viewport: PHONE });
		// the link of the mail brings the code after &v=; whoever follows it
		// is asked whether it was them, and sees nothing the registration said
		await page.goto(`${c.status_url}&v=00000000`);
		await page.waitForSelector('#was-it-you');
		assert.equal(await page.locator('#status-words').count(), 1);
		assert.ok(!(await page.locator('main').textContent()).includes('周敏'), 'no name typed at registration');
		assert.equal(await page.locator('#confirm-mail').count(), 0);
		assert.equal(await page.locator('#was-it-you button[type="submit"]').textContent(), await say('zh-CN', 'mail.it_was_me'));
		// this code is wrong
		await page.click('#was-it-you button[type="submit"]');
		await page.waitForSelector('#was-it-you [aria-invalid="true"]');
		assert.equal(await page.locator('#mail-h').textContent(), await say('zh-CN', 'mail.heading'));
		assert.equal(await fieldError(page, 'code'), await say('zh-CN', 'mail.wrong'));
		assert.equal(await page.inputValue('[name="code"]'), '00000000');
		await page.selectOption('#lang', 'en');
		assert.equal(await page.locator('#mail-h').textContent(), await say('en', 'mail.heading'));
		assert.equal(await fieldError(page, 'code'), await say('en', 'mail.wrong'));
		const got = await env.kesu.expect(200, 'GET', `/api/v1/portal/complaints/${c.tracking_no}`, null,
			{ portal: c.portal_token });
		assert.equal(got.email_confirmed, false);
		// a complaint without an e-mail address has nothing to confirm
		const p = await registered(env.kesu);
		await page.goto(p.status_url);
		await page.waitForSelector('#status-words');
		assert.equal(await page.locator('#confirm-mail').count(), 0);
		assertClean(problems);
	});

	it('speaks simplified and traditional Chinese and English, and remembers the choice', { timeout: 60000 }, async () => {
		const { page, problems } = await env.page({ viewport: PHONE });
		await page.goto('/portal');
		const seen = async (lang) => {
			assert.equal(await page.getAttribute('html', 'lang'), lang);
			assert.equal(await page.locator('h1').textContent(), await say(lang, 'reg.heading'));
			assert.equal(await page.locator('.brand').textContent(), await say(lang, 'site.name'));
			assert.equal(await page.title(), await say(lang, 'title.register'));
			assert.equal(await page.locator('#sec-sec-contact').textContent(), await say(lang, 'sec.contact'));
			assert.equal(await page.locator('button[type="submit"]').textContent(), await say(lang, 'reg.submit'));
			assert.equal(await page.locator('label[for="lang"]').textContent(), await say(lang, 'lang.label'));
		};
		await seen('zh-CN');
		// an error shown follows the language too, and what was typed stays
		await page.fill('[name="complainant.name"]', 'Li Lei');
		await page.click('button[type="submit"]');
		assert.equal(await fieldError(page, 'content'), await say('zh-CN', 'err.content'));
		await page.selectOption('#lang', 'en');
		await seen('en');
		assert.equal(await fieldError(page, 'content'), await say('en', 'err.content'));
		assert.equal(await page.inputValue('[name="complainant.name"]'), 'Li Lei');
		await page.selectOption('#lang', 'zh-TW');
		await seen('zh-TW');
		assert.equal(await fieldError(page, 'complainant.phone'), await say('zh-TW', 'err.contact'));
		// remembered
		await page.reload();
		await seen('zh-TW');
		// ?lang= wins over what was remembered
		await page.goto('/portal?lang=en');
		await seen('en');
		// the status page too, with the status in plain words
		const c = await registered(env.kesu);
		await page.goto(`${c.status_url.replace('#', '?lang=zh-TW#')}`);
		await page.waitForSelector('#status-words');
		assert.equal(await page.locator('#status-words').textContent(), await say('zh-TW', 'status.registered'));
		assert.equal(await page.locator('#tl-h').textContent(), await say('zh-TW', 'tl.heading'));
		await page.selectOption('#lang', 'en');
		assert.equal(await page.locator('#status-words').textContent(), await say('en', 'status.registered'));
		assert.equal(await page.locator('#tl-h').textContent(), await say('en', 'tl.heading'));
		assert.equal(await page.title(), await say('en', 'title.status', { no: c.tracking_no }));
		assert.ok(page.url().includes('lang=en') && page.url().includes('#t='), page.url());
		// the times follow the language (an English month or weekday now)
		const times = await page.locator('.next li').allTextContents();
		assert.ok(times.length && times.every((s) => /[A-Z][a-z]+day|January|February|March|April|May|June|July|August|September|October|November|December/.test(s)), times.join(' | '));
		assertClean(problems);
	});

	it('works with the keyboard alone, and every field has a label', { timeout: 60000 }, async () => {
		const { page, problems } = await env.page({ viewport: DESKTOP });
		await page.goto('/portal');
		// every control is labelled
		const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
			.filter((e) => !e.labels || !e.labels.length || !e.labels[0].textContent.trim()).map((e) => e.name || e.id));
		assert.deepEqual(unlabelled, []);
		// the first Tab reaches the skip link, which moves to the heading
		await page.evaluate(() => document.activeElement.blur());
		await page.keyboard.press('Tab');
		assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
		assert.ok(await page.locator('.skip').isVisible());
		await page.keyboard.press('Enter');
		assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
		assert.ok(!page.url().includes('#'), 'the skip link leaves the address alone');
		const tabTo = async (name, max = 40) => {
			for (let i = 0; i < max; i++) {
				await page.keyboard.press('Tab');
				if (await page.evaluate((n) => document.activeElement.name === n || document.activeElement.textContent === n, name)) return;
			}
			throw new Error(`Tab never reached ${name}`);
		};
		await tabTo('content');
		await page.keyboard.type('店员态度很差，结账时对我大声呵斥。');
		await tabTo('object.kind');
		await page.keyboard.press('ArrowDown'); // the first kind: a product
		// the resolution choices: Tab into the group, arrows move the choice
		await tabTo('desired_resolution');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('ArrowDown');
		assert.ok(await page.isChecked('[name="desired_resolution"][value="exchange"]'));
		await tabTo('complainant.email');
		await page.keyboard.type('wang@example.com');
		// submit with Enter from a text field
		await page.keyboard.press('Enter');
		await page.waitForSelector('#tracking-no');
		assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
		// the status link is next: Tab reaches it, Enter follows it
		await tabTo(await say('zh-CN', 'done.link'));
		await page.keyboard.press('Enter');
		await page.waitForSelector('#status-words');
		assert.ok((await page.locator('.summary').textContent()).includes('店员态度很差'));
		await noSideways(page);
		assertClean(problems);
	});

	it('finds a complaint typed in by hand, and says so kindly when it cannot', { timeout: 60000 }, async () => {
		const c = await registered(env.kesu);
		const { page, problems } = await env.page({ viewport: PHONE });
		// without the key after #: the form, with the number from the address
		await page.goto(`/status/${c.tracking_no}`);
		await page.waitForSelector('[name="token"]');
		assert.equal(await page.locator('h1').textContent(), await say('zh-CN', 'look.heading'));
		assert.equal(await page.inputValue('[name="tracking_no"]'), c.tracking_no);
		await page.fill('[name="token"]', 'not-the-key');
		await page.click('button[type="submit"]');
		await page.waitForSelector('.notice.error:not([hidden])');
		assert.equal(await page.locator('.notice.error').textContent(), await say('zh-CN', 'err.notfound'));
		await page.fill('[name="token"]', c.portal_token);
		await page.click('button[type="submit"]');
		await page.waitForSelector('#status-words');
		assert.ok(page.url().endsWith(`/status/${c.tracking_no}#t=${c.portal_token}`), page.url());
		// from the registration page, by its link
		await page.goto('/portal');
		await page.click('.aside a');
		await page.waitForSelector('[name="tracking_no"]');
		await page.fill('[name="tracking_no"]', c.tracking_no.toLowerCase());
		await page.fill('[name="token"]', c.portal_token);
		await page.keyboard.press('Enter');
		await page.waitForSelector('#status-words');
		assertClean(problems);
	});

	it('takes photos and documents from the customer', { timeout: 60000 }, async () => {
		const c = await registered(env.kesu);
		const { page, problems } = await env.page({ viewport: PHONE });
		await page.goto(c.status_url);
		await page.waitForSelector('#status-words');
		await page.click('.upload button[type="submit"]');
		assert.equal(await fieldError(page, 'file'), await say('zh-CN', 'err.file.none'));
		await page.setInputFiles('[name="file"]', [
			{ name: '收据.txt', mimeType: 'text/plain', buffer: Buffer.from('订单 JD20261120001 收据\n') },
		]);
		await page.click('.upload button[type="submit"]');
		await page.waitForSelector('.files li');
		assert.equal(await page.locator('.files button').textContent(), '收据.txt');
		assert.equal(await page.locator('.case .notice').textContent(), await say('zh-CN', 'files.done'));
		// and the customer can have it back
		const [download] = await Promise.all([page.waitForEvent('download'), page.click('.files button')]);
		assert.equal(download.suggestedFilename(), '收据.txt');
		assertClean(problems);
	});
	it('tells the customer a department\'s part as in progress, never the team\'s own step', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const c = await registered(kesu, { complainant: { name: '周敏', phone: phoneOf(31) } });
		for (const to of ['acknowledged', 'in_progress', 'awaiting_department'])
			await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/transitions`,
				{ to, reason: '转交相关部门核实', ...(to === 'in_progress' ? { progress: { line: '核实您反映的情况' } } : {}) });
		for (const l of ['zh-CN', 'zh-TW', 'en']) {
			const { page, problems } = await env.page({ viewport: PHONE, isMobile: true });
			await page.goto(c.status_url.replace('#', `?lang=${l}#`));
			await page.waitForSelector('#status-words');
			assert.equal(await page.locator('#status-words').textContent(), await say(l, 'status.in_progress'));
			const steps = await page.locator('.timeline .what').allTextContents();
			const inProgress = await say(l, 'tl.status', { status: await say(l, 'status.in_progress') });
			assert.equal(steps.filter((x) => x === inProgress).length, 1, steps.join(' | '));
			const text = await page.locator('body').textContent();
			for (const inside of ['审批', '審批', '部门', '部門', 'department', 'approv'])
				assert.ok(!text.includes(inside), `${l}: "${inside}" on the status page`);
			assertClean(problems);
		}
	});
});
