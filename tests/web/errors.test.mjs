// Refusals in words a person reads: the portal's and the workspace's
// registration forms mark every wrong field at once, each in the page's
// language from its dictionary, and a refused action on a complaint says
// why in those words too; no English message of the server and no API path
// ever reaches the screen. In zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, assertClean, ROOT, PHONE } from './harness.mjs';
import { say } from './words.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

const env = setup();
const TEAM = 1;
const LANGS = ['zh-CN', 'zh-TW', 'en'];

/* The workspace's words of key in lang, {name} filled from params. */
let dict = null;
async function ws(lang, key, params = {}) {
	if (!dict) {
		const src = fs.readFileSync(path.join(ROOT, 'web/assets/workspace-words.js'), 'utf8');
		dict = (await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(src))).default;
	}
	const s = dict[key] && dict[key][LANGS.indexOf(lang)];
	if (s === undefined) throw new Error(`no words for ${key} in ${lang}`);
	return s.replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
}

/* The error shown for the control named name ('' for none), and whether it
 * is marked invalid. */
async function errorOf(page, sel) {
	return page.locator(sel).first().evaluate((el) => {
		const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
		const err = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains('field-error'));
		return { text: err && !err.hidden ? err.textContent : '', invalid: el.getAttribute('aria-invalid') === 'true' };
	});
}

/* Nothing of the server's English or of its addresses on the screen. */
async function noServerText(page) {
	const text = await page.evaluate(() => document.body.innerText);
	for (const bad of ['/api/', 'must be a phone number', 'must be an email', 'are allowed', 'characters long',
		'is required:', 'RFC 3339', 'lies in the future', 'a complaint that is', 'can go to:'])
		assert.ok(!text.includes(bad), `the page shows "${bad}": ${text.slice(0, 400)}`);
}

const STATUS = { acknowledged: { 'zh-CN': '已受理', 'zh-TW': '已受理', en: 'Acknowledged' } };

describe('errors in words', () => {
	it('the portal marks every wrong field at once, in three languages', { timeout: 120000 }, async () => {
		const { page, problems } = await env.page({ viewport: PHONE, isMobile: true, hasTouch: true });
		for (const lang of LANGS) {
			await page.goto(`/portal?lang=${lang}`);
			await page.waitForSelector('[name="content"]');
			await page.fill('[name="content"]', '买的耳机左边没有声音。');
			await page.fill('[name="complainant.name"]', '王芳');
			await page.fill('[name="complainant.phone"]', '12345');
			await page.fill('[name="complainant.email"]', 'nope');
			await page.fill('[name="purchased_at"]', '2099-01-01');
			await page.click('button[type="submit"]');
			await page.waitForSelector('[name="purchased_at"][aria-invalid="true"]');
			// all three from the one reply, each beside its field
			for (const [sel, key] of [['[name="complainant.phone"]', 'err.phone'],
				['[name="complainant.email"]', 'err.email'], ['[name="purchased_at"]', 'err.future']]) {
				const got = await errorOf(page, sel);
				assert.ok(got.invalid, `${lang}: ${sel} marked invalid`);
				assert.equal(got.text, await say(lang, key), `${lang}: ${sel}`);
			}
			assert.equal(await page.locator('.notice.error').textContent(), await say(lang, 'err.summary'));
			await noServerText(page);
		}
		assertClean(problems);
	});

	it('the workspace registration and a refused action, in three languages', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const agent = await kesu.staff('agent', [TEAM]);
		const x = await signedInTo(env, agent);
		const p = x.page;
		for (const lang of LANGS) {
			await p.goto('/#/new');
			await p.waitForSelector('#register-form');
			await p.selectOption('#lang', lang);
			await p.waitForFunction((want) => document.documentElement.lang === want, lang);
			await p.waitForSelector('#register-form');
			await p.fill('[name="content"]', '耳机左边没有声音。');
			await p.fill('[name="complainant.name"]', '王'.repeat(101));
			await p.fill('[name="complainant.phone"]', '12345');
			await p.fill('[name="complainant.email"]', 'nope');
			await p.fill('[name="occurred_at"]', '2099-01-01T10:00');
			await p.click('#register-form button[type="submit"]');
			await p.waitForSelector('#register-form [name="occurred_at"][aria-invalid="true"]');
			const want = [
				['[name="complainant.name"]', await ws(lang, 'err_reason.too_long', { max: 100, length: 101 })],
				['[name="complainant.phone"]', await ws(lang, 'err_reason.not_a_phone')],
				['[name="complainant.email"]', await ws(lang, 'err_reason.invalid_email')],
				['[name="occurred_at"]', await ws(lang, 'err_reason.in_future')],
			];
			for (const [sel, words] of want) {
				const got = await errorOf(p, `#register-form ${sel}`);
				assert.ok(got.invalid, `${lang}: ${sel} marked invalid`);
				assert.equal(got.text, words, `${lang}: ${sel}`);
			}
			await noServerText(p);

			// an action refused: the complaint moved on meanwhile
			const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
				channel: 'phone', complainant: { name: '李雷', phone: '13900006006' },
				content: '耳机没有声音。', language: 'zh-CN' });
			await openComplaint(p, c.tracking_no);
			await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/transitions`, { to: 'acknowledged' });
			await p.selectOption('#move-to', 'acknowledged');
			await p.click('#move button[type="submit"]');
			await p.waitForSelector('#move-to[aria-invalid="true"]');
			const s = STATUS.acknowledged[lang];
			assert.equal((await errorOf(p, '#move-to')).text,
				await ws(lang, 'err_reason.not_allowed_in_state', { state: s, to: s }));
			await noServerText(p);
		}
		assertClean(x.problems);
	});
});
