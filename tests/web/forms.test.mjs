// The forms of a busy agent, in zh-CN, zh-TW and English: the
// registration form uses the screen's width (its groups side by side at
// 1366 px, one column on a phone) and offers the category from the
// configured list; the complaint page's knowledge base shows the scripts
// filled for the complaint (the phone masked for an agent) with a copy
// button that puts the filled text on the clipboard and says so.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, assertClean, PHONE, ROOT } from './harness.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

// the workspace's words as the browser gets them (key: [zh-CN, zh-TW, en])
const W = (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets/workspace-words.js'), 'utf8')))).default;

const env = setup();
const TEAM = 1;
const LANGS = ['zh-CN', 'zh-TW', 'en'];
const WIDE = { width: 1366, height: 900 };
const w = (key, l, params = {}) => W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));

/* Signed in, the page switched to language l (kept for the next pages). */
async function signedInIn(session, l, opts) {
	const x = await signedInTo(env, session, opts);
	await x.page.selectOption('#lang', l);
	await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	return x;
}

const box = (page, sel) => page.locator(sel).boundingBox();

describe('forms', () => {
	it('the registration form is laid out in columns and offers the configured categories', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const list = { categories: [
			{ name: '质量问题', label: { 'zh-CN': '质量问题', 'zh-TW': '品質問題', en: 'Product quality' } },
			{ name: '门店服务', label: { 'zh-CN': '门店服务', 'zh-TW': '門市服務', en: 'In-store service' } },
			{ name: '旧类别', label: { 'zh-CN': '旧类别', 'zh-TW': '舊類別', en: 'Retired' }, active: false },
		] };
		await kesu.expect(200, 'PUT', '/api/v1/categories', list);
		const agent = await kesu.staff('agent', [TEAM]);
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(agent, l, { viewport: WIDE });
			await page.goto('/#/new');
			await page.waitForSelector('#register-form');
			// the groups two by two: complainant beside object, matter beside judgement
			const sets = await page.locator('#register-form fieldset').all();
			const [a, b, c, d] = await Promise.all(sets.map((s) => s.boundingBox()));
			assert.ok(Math.abs(a.y - b.y) < 2 && b.x >= a.x + a.width, `${l}: complainant and object side by side`);
			assert.ok(Math.abs(c.y - d.y) < 2 && d.x >= c.x + c.width, `${l}: matter and judgement side by side`);
			assert.ok(c.y >= a.y + Math.min(a.height, b.height) - 1, `${l}: the second row below the first`);
			// short fields side by side within a group; the form takes the width
			const channel = await box(page, '[name="channel"]');
			const name = await box(page, '[name="complainant.name"]');
			assert.ok(Math.abs(channel.y - name.y) < 2 && name.x > channel.x + channel.width, `${l}: channel beside name`);
			const content = await box(page, '[name="content"]');
			assert.ok(content.width > c.width * 0.8, `${l}: the text box across its group`);
			const form = await box(page, '#register-form');
			assert.ok(form.width > 1000, `${l}: the form is ${form.width} px wide`);
			// the category: a list of the active categories in the page's language
			const opts = await page.locator('[name="category"] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
			assert.deepEqual(opts, [['', w('reg_category_choose', l)],
				...list.categories.filter((x) => x.active !== false).map((x) => [x.name, x.label[l]])]);
			assert.equal(await page.locator('[name="category"]').evaluate((el) => el.tagName), 'SELECT');
			// registered under the category's name, whatever the language
			await page.fill('[name="complainant.name"]', '周杰');
			await page.fill('[name="complainant.phone"]', '13900005555');
			await page.fill('[name="content"]', `门店导购态度差（${l}）`);
			await page.selectOption('[name="category"]', '门店服务');
			await page.click('#register-form button[type="submit"]');
			await page.waitForSelector('article.complaint');
			const no = await page.locator('article.complaint').getAttribute('data-tracking');
			assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${no}`)).category, '门店服务');
			assertClean(problems);
		}
		// a phone: one column
		const { page, problems } = await signedInIn(agent, 'zh-CN', { viewport: PHONE });
		await page.goto('/#/new');
		await page.waitForSelector('#register-form');
		const [a, b] = await Promise.all((await page.locator('#register-form fieldset').all()).slice(0, 2).map((s) => s.boundingBox()));
		assert.ok(b.y >= a.y + a.height - 1 && Math.abs(a.x - b.x) < 2, 'one column on a phone');
		assertClean(problems);
	});

	it('an administrator keeps the category list, and registration offers what was saved', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l, { viewport: WIDE });
			await page.goto('/#/admin/categories');
			await page.waitForSelector('#categories-form');
			assert.equal(await page.locator('.admin h1').textContent(), w('adm_categories', l));
			assert.equal(await page.locator(`.tabs a[href="#/admin/categories"]`).getAttribute('aria-current'), 'page');
			const before = await page.locator('#category-rows tr').count();
			await page.click('#category-add');
			const row = page.locator('#category-rows tr').last();
			await row.locator('input[id$="-name"]').fill(`售后安装-${l}`);
			await row.locator('input[id$="-zh-CN"]').fill('售后安装');
			await row.locator('input[id$="-en"]').fill('Installation');
			// a label missing: said beside its box, nothing saved
			await page.click('#categories-save');
			await page.waitForSelector(`#category-rows tr:last-child input[id$="-zh-TW"][aria-invalid="true"]`);
			assert.ok(!(await kesu.expect(200, 'GET', '/api/v1/categories')).categories.some((c) => c.name === `售后安装-${l}`));
			await row.locator('input[id$="-zh-TW"]').fill('售後安裝');
			await page.click('#categories-save');
			// saved, the list is drawn again from the server: the new row names its category
			await page.waitForSelector(`#category-rows tr[data-category="售后安装-${l}"]`);
			assert.equal(await page.locator('#category-rows tr').count(), before + 1);
			const saved = (await kesu.expect(200, 'GET', '/api/v1/categories')).categories.find((c) => c.name === `售后安装-${l}`);
			assert.deepEqual(saved, { name: `售后安装-${l}`, label: { 'zh-CN': '售后安装', 'zh-TW': '售後安裝', en: 'Installation' }, active: true });
			// the registration form offers it, in the page's language
			await page.goto('/#/new');
			await page.waitForSelector('#register-form');
			const opts = await page.locator('[name="category"] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
			assert.ok(opts.some(([v, text]) => v === `售后安装-${l}` && text === saved.label[l]), `${l}: ${JSON.stringify(opts)}`);
			assertClean(problems);
		}
	});

	it('the complaint page shows its scripts filled in, and copies one', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		await kesu.expect(200, 'PUT', '/api/v1/channels', { company: '好物商城' });
		const agent = await kesu.staff('agent', [TEAM]);
		for (const l of LANGS) {
			const script = await kesu.expect(201, 'POST', '/api/v1/scripts', {
				category: '质量问题', step: 2, language: l, title: `回拨 ${l}`,
				body: '{customer_name}：{company}将拨打 {customer_phone} 确认 {tracking_no}。',
			});
			const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
				channel: 'phone', complainant: { name: '陈静', phone: '13900006666' }, content: '电饭煲内胆掉漆。',
				category: '质量问题', language: l,
			});
			const masked = (await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}`, null, { session: agent })).complainant.phone;
			assert.notEqual(masked, '13900006666');
			const { page, context, problems } = await signedInIn(agent, l, { viewport: WIDE });
			await context.grantPermissions(['clipboard-read', 'clipboard-write']);
			await openComplaint(page, c.tracking_no);
			// the scripts have their tab
			await page.click('#tab-scripts');
			assert.equal(await page.locator('#kb-for-h').textContent(), w('kb_for_complaint', l));
			const item = page.locator(`#kb-for li[data-script="${script.id}"]`);
			await item.waitFor();
			const filled = `陈静：好物商城将拨打 ${masked} 确认 ${c.tracking_no}。`;
			assert.equal(await item.locator('.script-body').textContent(), filled);
			assert.equal(await item.locator('.badge').textContent(), w('kb_step_badge', l, { n: 2 }));
			assert.ok(!(await page.locator('#kb-for').textContent()).includes('13900006666'), 'the phone stays masked');
			const copy = item.locator('button.kb-copy');
			assert.equal(await copy.textContent(), w('kb_copy', l));
			await copy.click();
			await page.waitForFunction(() => document.querySelector('#kb-copy-status').textContent !== '');
			assert.equal(await page.locator('#kb-copy-status').textContent(), w('kb_copied', l, { title: `回拨 ${l}` }));
			assert.equal(await page.evaluate(() => navigator.clipboard.readText()), filled);
			assertClean(problems);
		}
	});
});
