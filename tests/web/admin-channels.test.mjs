// The administrators' channel settings and notice templates, in zh-CN,
// zh-TW and English: the company's name, an e-mail relay and a DingTalk
// robot set on the page are what the API then has; a secret's value is
// never shown again, on the page or by the API; a webhook's signing secret
// is shown once; a template changed with {company} is the one in force
// until it goes back to the built-in wording; a refusal is said beside its
// control in the page's language; an agent gets no administration page;
// axe-core finds nothing on either page; and the shared XSS payloads as
// the company's name, template texts and webhook descriptions stay text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, assertClean, DESKTOP, ROOT, SHARED } from './harness.mjs';
import { signedIn as signedInTo, keysOnScreen } from './desk.mjs';

// the workspace's words and the pages' own, as the browser gets them
// (key: [zh-CN, zh-TW, en])
const load = async (file) => (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default;
const W = { ...(await load('workspace-words.js')), ...(await load('words-channels.js')) };
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LIST = path.join(SHARED, 'data/adversarial/xss-payload-list.txt');

const env = setup();
const LANGS = ['zh-CN', 'zh-TW', 'en'];
const LANG_NAMES = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };
const w = (key, l, params = {}) => {
	if (!W[key]) throw new Error(`no words for ${key}`);
	return W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
};
const DING = 'https://oapi.dingtalk.com/robot/send?access_token={secret:ding_token}';

/* Signed in, the page switched to language l (kept for the next pages). */
async function signedInIn(session, l, opts = {}) {
	const x = await signedInTo(env, session, { viewport: DESKTOP, ...opts });
	await x.page.selectOption('#lang', l);
	await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	return x;
}

/* Opens a workspace address (anew if it is the one open) and waits for ready. */
async function visit(page, hash, ready) {
	if (page.url().endsWith(hash)) await page.reload();
	else await page.goto(`/${hash}`);
	await page.waitForSelector(ready);
}

/* Opens the template kind/language/channel by its address. */
async function openTemplate(page, kind, l, channel, ready = '#tpl-form') {
	await visit(page, `#/admin/templates?kind=${kind}&language=${l}&channel=${channel}`,
		`#tpl-editor[data-template="${kind}/${l}/${channel}"] ${ready}`);
}

/* Clicks sel, which sends the form form, and waits until the page has
 * drawn it again from the server's answer with the toast saying words. */
async function saveAndRedraw(page, form, sel, words) {
	await page.evaluate((f) => { document.querySelector(f).dataset.old = '1'; }, form);
	await page.click(sel);
	await page.waitForSelector(`${form}:not([data-old])`);
	await page.locator('#toasts .toast', { hasText: words }).first().waitFor();
}

async function pool(items, width, fn) {
	let next = 0;
	await Promise.all(Array.from({ length: width }, async () => {
		while (next < items.length) await fn(items[next++]);
	}));
}

/* Every text of the page and every value typed in: what a person could read. */
const everything = (page) => page.evaluate(() => [document.body.innerText,
	...[...document.querySelectorAll('input, textarea')].map((e) => e.value)].join('\n'));

/* axe-core over the page as drawn now, WCAG 2 A and AA. */
async function violations(page, where) {
	await page.evaluate(AXE);
	const found = await page.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
	});
	return found.map((v) => `${where}: ${v}`);
}

// a zh page says nothing in the server's English
const noServerEnglish = (text) => {
	for (const s of ['must hold the robot', 'which is not a placeholder', 'known: tracking_no', 'must be one of', 'is required'])
		assert.ok(!text.includes(s), `the server's English on the page: ${s}`);
};

describe('the channel settings and the notice templates', () => {
	it('an administrator sets the company, an e-mail relay, the SMS gateway and a DingTalk robot, and the API has them', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const [i, l] of LANGS.entries()) {
			const { page, problems } = await signedInIn(admin, l);
			await visit(page, '#/admin/channels', '#channels-form');
			assert.equal(await page.locator('.admin h1').textContent(), w('adm_channels', l));
			assert.equal(await page.locator('.tabs a[href="#/admin/channels"]').getAttribute('aria-current'), 'page');
			// the company's name comes first
			assert.equal(await page.locator('#channels-form input, #channels-form select, #channels-form textarea').first().getAttribute('id'), 'ch-company');
			assert.equal(await page.locator('label[for="ch-company"]').textContent(), w('ch_company', l));
			const company = `好物商城 ${l}`;
			await page.fill('#ch-company', company);
			await page.fill('#ch-portal_url', 'https://kesu.example.com');
			await page.check('#ch-email-enabled');
			await page.fill('#ch-email-relay', 'smtp://mail.example.com:587');
			await page.selectOption('#ch-email-starttls', 'if_available');
			await page.fill('#ch-email-username', 'kesu');
			await page.fill('#ch-email-from', '好物商城客服 <service@shop.example>');
			await page.fill('#ch-email-reply_to', 'complaints@shop.example');
			await page.fill('#ch-email-timeout_s', String(20 + i));
			await page.check('#ch-sms-enabled');
			await page.fill('#ch-sms-url', 'https://sms.example.cn/v2/send');
			await page.fill('#ch-sms-headers', 'Authorization: APPCODE {secret:sms_key}\nX-Trace: {delivery_id}');
			await page.fill('#ch-sms-body', '{"mobile": "{phone}", "content": "{text}"}');
			await page.fill('#ch-sms-success_field', 'result.code');
			await page.fill('#ch-sms-success_value', '0');
			await page.fill('#ch-sms-signature', '【好物商城】');
			await page.fill('#ch-sms-max_chars', String(70 + i));
			await page.fill('#ch-delivery-max_attempts', String(5 + i));
			await page.fill('#ch-mailgate-trusted_authserv_id', 'mx.shop.example');
			// a robot of its own in each language
			const before = await page.locator('#ch-robot-list li.ch-robot').count();
			await page.click('#ch-robot-add');
			const robot = page.locator('#ch-robot-list li.ch-robot').last();
			await robot.locator('input[id$="-name"]').fill(`ding-${l}`);
			await robot.locator('select[id$="-platform"]').selectOption('dingtalk');
			await robot.locator('input[id$="-url"]').fill(DING);
			await robot.locator('input[id$="-sign"]').fill('ding_sign');
			// the default notices are chosen; one more
			for (const k of ['escalated', 'approval_needed', 'clock_breached'])
				assert.ok(await robot.locator(`input[value="${k}"]`).isChecked(), `${l}: ${k} by default`);
			await robot.locator('input[value="clock_warning"]').check();
			await saveAndRedraw(page, '#channels-form', '#ch-save', w('saved', l));
			// drawn again from the server's answer
			await page.waitForSelector(`#ch-robot-list li[data-robot="ding-${l}"]`);
			assert.equal(await page.locator('#ch-robot-list li.ch-robot').count(), before + 1);
			assert.equal(await page.inputValue('#ch-company'), company);
			const got = await kesu.expect(200, 'GET', '/api/v1/channels');
			assert.equal(got.company, company);
			assert.equal(got.portal_url, 'https://kesu.example.com');
			assert.deepEqual(got.email, { enabled: true, relay: 'smtp://mail.example.com:587', starttls: 'if_available', username: 'kesu',
				from: '好物商城客服 <service@shop.example>', reply_to: 'complaints@shop.example', ca_file: null, timeout_s: 20 + i });
			// the generic gateway, the page's own; the providers' members stay unset
			assert.deepEqual(got.sms, { enabled: true, provider: 'http', aliyun: null, tencent: null,
				url: 'https://sms.example.cn/v2/send', method: 'POST',
				headers: { Authorization: 'APPCODE {secret:sms_key}', 'X-Trace': '{delivery_id}' }, format: 'json',
				body: { mobile: '{phone}', content: '{text}' }, success_field: 'result.code', success_value: '0',
				signature: '【好物商城】', max_chars: 70 + i, timeout_s: 10 });
			assert.equal(got.delivery.max_attempts, 5 + i);
			assert.equal(got.delivery.backoff_s, 30, 'what the page left as it was stays');
			assert.equal(got.mailgate.trusted_authserv_id, 'mx.shop.example');
			assert.deepEqual(got.robots.find((r) => r.name === `ding-${l}`), { name: `ding-${l}`, platform: 'dingtalk', url: DING,
				sign_secret: 'ding_sign', events: ['escalated', 'approval_needed', 'clock_breached', 'clock_warning'], enabled: true });
			assert.equal(got.robots.length, before + 1, 'the robots saved before are kept');
			// the secrets the settings name and that are not set yet are listed
			const missing = await page.locator('#ch-secrets-missing').textContent();
			for (const n of ['ding_token', 'ding_sign', 'sms_key', 'smtp_password']) assert.ok(missing.includes(n), `${l}: ${n} is missing: ${missing}`);
			assert.deepEqual(await keysOnScreen(page, W), [], `${l}: words missing`);
			assertClean(problems);
		}
	});

	it('a secret is set and its value is never shown again, on the page or by the API', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l);
			await visit(page, '#/admin/channels', '#ch-secret-form');
			assert.equal(await page.locator('#ch-secrets-h').textContent(), w('ch_secrets', l));
			assert.equal(await page.getAttribute('#ch-secret-value', 'type'), 'password');
			// a value is needed: said beside its box
			await page.fill('#ch-secret-name', 'ding_sign');
			await page.click('#ch-secret-save');
			await page.waitForSelector('#ch-secret-value[aria-invalid="true"]');
			assert.equal(await page.locator('#ch-secret-value-err').textContent(), w('err_reason.required', l));
			const value = `SEC-${l}-秘密值-4f1c9a0b7d`;
			await page.fill('#ch-secret-value', value);
			await page.click('#ch-secret-save');
			await page.waitForSelector('#ch-secret-list tr[data-secret="ding_sign"]');
			await page.locator('#toasts .toast', { hasText: w('saved', l) }).first().waitFor();
			assert.equal(await page.inputValue('#ch-secret-value'), '', 'the value is cleared once saved');
			assert.ok(!(await everything(page)).includes(value), `${l}: the value is on the page`);
			const list = await kesu.api('GET', '/api/v1/channels/secrets');
			assert.ok(list.json.items.some((s) => s.name === 'ding_sign' && s.updated_at));
			assert.ok(!list.text.includes(value) && !(await kesu.api('GET', '/api/v1/channels')).text.includes(value), 'the API shows the value');
			// nor after a reload
			await visit(page, '#/admin/channels', '#ch-secret-list tr[data-secret="ding_sign"]');
			assert.ok(!(await everything(page)).includes(value), `${l}: the value is on the page after a reload`);
			assert.ok(!(await page.content()).includes(value));
			// a secret removed
			await page.fill('#ch-secret-name', `tmp_${l.replace('-', '_')}`);
			await page.fill('#ch-secret-value', 'x');
			await page.click('#ch-secret-save');
			const row = page.locator(`#ch-secret-list tr[data-secret="tmp_${l.replace('-', '_')}"]`);
			await row.waitFor();
			const remove = row.locator('button.ch-delete');
			assert.equal(await remove.textContent(), w('delete', l) + w('ch_secret_delete', l, { name: `tmp_${l.replace('-', '_')}` }));
			// removed for good: the button asks first
			await remove.click();
			assert.equal(await remove.locator('span').first().textContent(), w('ch_delete_sure', l));
			assert.equal(await row.count(), 1);
			await remove.click();
			await row.waitFor({ state: 'detached' });
			assert.ok(!(await kesu.expect(200, 'GET', '/api/v1/channels/secrets')).items.some((s) => s.name.startsWith('tmp_')));
			assertClean(problems);
		}
	});

	it('a webhook is added and its signing secret shown once; stopped, given a new secret and removed', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l);
			await visit(page, '#/admin/channels', '#ch-wh-form');
			const url = `https://crm.example/hooks/${l}`;
			await page.fill('#ch-wh-url', url);
			await page.fill('#ch-wh-description', `客户关系系统 ${l}`);
			// some notices, not every one
			await page.uncheck('#ch-wh-events-all');
			await page.check('#ch-wh-events-acknowledged');
			await page.check('#ch-wh-events-escalated');
			await page.click('#ch-wh-add');
			await page.waitForSelector('#ch-webhook-secret');
			const secret = await page.locator('#ch-webhook-secret-value').textContent();
			assert.match(secret, /^whsec_/);
			assert.ok((await page.locator('#ch-webhook-secret').textContent()).includes(url));
			assert.equal(await page.locator('#ch-webhook-secret .hint').textContent(), w('ch_wh_secret_once', l));
			const hook = (await kesu.expect(200, 'GET', '/api/v1/webhooks')).items.find((x) => x.url === url);
			assert.deepEqual([hook.description, hook.events, hook.active], [`客户关系系统 ${l}`, ['acknowledged', 'escalated'], true]);
			assert.ok(!(await kesu.api('GET', '/api/v1/webhooks')).text.includes(secret), 'the list has no secret');
			const row = page.locator(`#ch-webhook-list tr[data-webhook="${hook.id}"]`);
			assert.equal(await row.locator('td').nth(2).textContent(), `${w('tpl_kind_acknowledged', l)}${w('ch_list_sep', l)}${w('ch_ev_escalated', l)}`);
			assert.equal(await row.locator('.ch-state').textContent(), w('ch_wh_active', l));
			// stopped
			await row.locator('.ch-toggle').click();
			await page.waitForSelector(`#ch-webhook-list tr[data-webhook="${hook.id}"][data-active="false"]`);
			assert.equal(await row.locator('.ch-state').textContent(), w('ch_wh_inactive', l));
			assert.equal((await kesu.expect(200, 'GET', `/api/v1/webhooks/${hook.id}`)).active, false);
			assert.ok(!(await everything(page)).includes(secret), 'the secret went with the next drawing');
			// a new secret, shown once
			await row.locator('.ch-rotate').click();
			await page.waitForSelector('#ch-webhook-secret');
			const fresh = await page.locator('#ch-webhook-secret-value').textContent();
			assert.match(fresh, /^whsec_/);
			assert.notEqual(fresh, secret);
			await visit(page, '#/admin/channels', `#ch-webhook-list tr[data-webhook="${hook.id}"]`);
			const text = await everything(page);
			assert.ok(!text.includes(fresh) && !text.includes(secret), 'a secret is on the page after a reload');
			// removed
			await row.locator('.ch-delete').click();
			await row.locator('.ch-delete.ch-armed').waitFor();
			await row.locator('.ch-delete').click();
			await row.waitFor({ state: 'detached' });
			assert.equal((await kesu.api('GET', `/api/v1/webhooks/${hook.id}`)).status, 404);
			assertClean(problems);
		}
	});

	it('a template is changed with {company}, is the one in force, and goes back to the built-in wording', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		const cfg = await kesu.expect(200, 'GET', '/api/v1/channels');
		await kesu.expect(200, 'PUT', '/api/v1/channels', { ...cfg, company: '好物商城', sms: { ...cfg.sms, signature: '【好物商城】', max_chars: 70 } });
		// one template of each language, on a page of that language
		const picks = { 'zh-CN': ['acknowledged', 'email'], 'zh-TW': ['resolved', 'sms'], en: ['follow_up', 'email'] };
		for (const l of LANGS) {
			const [kind, channel] = picks[l];
			const { page, problems } = await signedInIn(admin, l);
			await visit(page, '#/admin/templates', '#tpl-form');
			assert.equal(await page.locator('.admin h1').textContent(), w('adm_templates', l));
			assert.equal(await page.locator('.tabs a[href="#/admin/templates"]').getAttribute('aria-current'), 'page');
			await page.selectOption('#tpl-kind', kind);
			await page.selectOption('#tpl-language', l);
			await page.selectOption('#tpl-channel', channel);
			await page.click('#tpl-open');
			const title = w('tpl_title', l, { kind: w(`tpl_kind_${kind}`, l), language: LANG_NAMES[l], channel: w(`tpl_ch_${channel}`, l) });
			await page.waitForFunction((want) => document.querySelector('#tpl-editor h2').textContent === want, title);
			assert.equal(await page.locator('#tpl-state').textContent(), w('tpl_builtin_in_force', l));
			const api = `/api/v1/templates/${kind}/${l}/${channel}`;
			const was = await kesu.expect(200, 'GET', api);
			assert.equal(was.custom, false);
			assert.equal(await page.inputValue('#tpl-body'), was.body);
			assert.ok((await page.locator('#tpl-builtin').textContent()).includes(was.builtin.body));
			assert.equal(await page.locator('#tpl-reset').isDisabled(), true, 'nothing to go back from');
			// a placeholder is put in at the cursor
			await page.fill('#tpl-body', '感谢您的耐心。 {tracking_no}');
			await page.focus('#tpl-body');
			await page.evaluate(() => document.querySelector('#tpl-body').setSelectionRange(7, 7));
			await page.click('button.ch-place[data-placeholder="company"]');
			const body = '感谢您的耐心。{company} {tracking_no}';
			assert.equal(await page.inputValue('#tpl-body'), body);
			// the preview fills it in with the company's name
			assert.ok((await page.locator('#tpl-preview').textContent()).includes('感谢您的耐心。好物商城 KS'));
			if (channel === 'email') await page.fill('#tpl-subject', '{company}：{tracking_no}');
			else {
				const n = [...`【好物商城】${await page.locator('#tpl-preview').textContent()}`].length;
				assert.equal(await page.locator('#tpl-length').textContent(), w('tpl_sms_length', l, { n, max: 70 }));
				// too long for one message: said so
				await page.fill('#tpl-body', `${body}${'很'.repeat(80)}`);
				assert.ok((await page.locator('#tpl-length').textContent()).includes(w('tpl_sms_over', l)));
				assert.equal(await page.locator('#tpl-length.ch-over').count(), 1);
				await page.fill('#tpl-body', body);
			}
			await saveAndRedraw(page, '#tpl-form', '#tpl-save', w('saved', l));
			await page.waitForSelector('#tpl-state[data-custom="true"]');
			const now = await kesu.expect(200, 'GET', api);
			assert.equal(now.custom, true);
			assert.equal(now.body, body);
			if (channel === 'email') assert.equal(now.subject, '{company}：{tracking_no}');
			assert.ok((await page.locator('#tpl-state').textContent()).includes(admin.username));
			assert.ok((await kesu.expect(200, 'GET', '/api/v1/templates')).items.find((x) => x.kind === kind && x.language === l && x.channel === channel).custom);
			// listed among the changed ones
			assert.equal(await page.locator(`#tpl-customised a[data-template="${kind}/${l}/${channel}"]`).textContent(), title);
			// the address names it: a reload opens it again
			await page.reload();
			await page.waitForSelector('#tpl-state[data-custom="true"]');
			assert.equal(await page.inputValue('#tpl-body'), body);
			// back to the built-in wording
			await saveAndRedraw(page, '#tpl-form', '#tpl-reset', w('tpl_reset_done', l));
			await page.waitForSelector('#tpl-state[data-custom="false"]');
			const back = await kesu.expect(200, 'GET', api);
			assert.equal(back.custom, false);
			assert.equal(back.body, was.builtin.body);
			assert.equal(await page.inputValue('#tpl-body'), was.builtin.body);
			assert.equal(await page.locator(`#tpl-customised a[data-template="${kind}/${l}/${channel}"]`).count(), 0);
			assert.deepEqual(await keysOnScreen(page, W), [], `${l}: words missing`);
			assertClean(problems);
		}
	});

	it('a refusal is said beside its control in the page\'s language, never in the server\'s English', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l);
			await visit(page, '#/admin/channels', '#channels-form');
			const before = await kesu.expect(200, 'GET', '/api/v1/channels');
			// the SMS body is checked as JSON before anything is sent
			await page.fill('#ch-sms-body', '{"mobile": "{phone}", ');
			await page.click('#ch-save');
			await page.waitForSelector('#ch-sms-body[aria-invalid="true"]');
			assert.equal(await page.locator('#ch-sms-body-err').textContent(), w('ch_err_json', l));
			await page.fill('#ch-sms-body', '{"mobile": "{phone}", "content": "{text}"}');
			// a robot's URL without {secret:NAME}: the server's refusal, beside it
			await page.click('#ch-robot-add');
			const robot = page.locator('#ch-robot-list li.ch-robot').last();
			await robot.locator('input[id$="-name"]').fill(`bad-${l}`);
			await robot.locator('input[id$="-url"]').fill('https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef');
			await page.click('#ch-save');
			const url = robot.locator('input[id$="-url"][aria-invalid="true"]');
			await url.waitFor();
			const id = await url.getAttribute('id');
			const said = await page.locator(`#${id}-err`).textContent();
			assert.equal(said, w('err_code.invalid_value', l));
			assert.ok((await url.getAttribute('aria-describedby')).split(' ').includes(`${id}-err`));
			assert.ok(await url.evaluate((el) => el === document.activeElement), 'the control at fault has the focus');
			if (l !== 'en') assert.ok(!/[A-Za-z]/.test(said), `${l}: ${said}`);
			noServerEnglish(await page.locator('body').innerText());
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/channels'), before, 'nothing saved');
			assertClean(problems);

			// a template with a placeholder kesu does not know
			await openTemplate(page, 'acknowledged', 'zh-CN', 'email');
			await page.fill('#tpl-body', '{customer_name}，您好：{优惠券} 已发放。');
			await page.click('#tpl-save');
			await page.waitForSelector('#tpl-body[aria-invalid="true"]');
			const words = await page.locator('#tpl-body-err').textContent();
			assert.equal(words, w('err_code.invalid_value', l));
			if (l !== 'en') assert.ok(!/[A-Za-z]/.test(words), `${l}: ${words}`);
			noServerEnglish(await page.locator('body').innerText());
			assert.equal((await kesu.expect(200, 'GET', '/api/v1/templates/acknowledged/zh-CN/email')).custom, false);
			// an e-mail's subject is needed
			await page.fill('#tpl-body', '{customer_name}，您好。');
			await page.fill('#tpl-subject', '');
			await page.click('#tpl-save');
			await page.waitForSelector('#tpl-subject[aria-invalid="true"]');
			assert.equal(await page.locator('#tpl-body[aria-invalid="true"]').count(), 0, 'the body\'s error went');
			assert.ok(['err_code.missing_field', 'err_reason.required', 'err_code.invalid_value'].map((k) => w(k, l)).includes(await page.locator('#tpl-subject-err').textContent()));
			assertClean(problems);
		}
	});

	it('an agent gets no administration page', { timeout: 60000 }, async () => {
		const kesu = env.kesu;
		const agent = await kesu.staff('agent', [1]);
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(agent, l);
			assert.equal(await page.locator('.top nav a[href="#/admin"]').count(), 0);
			for (const hash of ['#/admin/channels', '#/admin/templates?kind=acknowledged&language=zh-CN&channel=email']) {
				await visit(page, hash, '.view .form-error');
				assert.equal(await page.locator('.view .form-error').textContent(), w('forbidden', l));
				assert.equal(await page.locator('#channels-form, #tpl-form, #ch-secret-form, #ch-wh-form').count(), 0);
			}
			assertClean(problems);
		}
		assert.equal((await kesu.api('PUT', '/api/v1/channels', { company: '冒名' }, { session: agent })).status, 403);
	});

	it('axe-core finds no WCAG 2 A/AA violation on either page', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		await kesu.expect(200, 'PUT', '/api/v1/channels/secrets/ding_token', { value: 'token-0123' });
		await kesu.expect(201, 'POST', '/api/v1/webhooks', { url: 'https://crm.example/axe', description: '客户关系系统', events: ['escalated'] });
		const found = [];
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l);
			await visit(page, '#/admin/channels', '#ch-webhook-list tr');
			assert.ok(await page.locator('#ch-robot-list li.ch-robot').count() > 0);
			found.push(...await violations(page, `${l} channels`));
			// with a secret shown once, and a refusal beside a robot's URL
			await page.click('#ch-wh-add');
			await page.waitForSelector('#ch-wh-url[aria-invalid="true"]');
			await page.fill('#ch-wh-url', `https://crm.example/axe-${l}`);
			await page.click('#ch-wh-add');
			await page.waitForSelector('#ch-webhook-secret');
			await page.locator('#ch-robot-list li.ch-robot input[id$="-url"]').first().fill('https://example.com/no-secret');
			await page.click('#ch-save');
			await page.waitForSelector('#ch-robot-list [aria-invalid="true"]');
			found.push(...await violations(page, `${l} channels with a secret and errors shown`));
			for (const [kind, tl, channel] of [['acknowledged', 'zh-CN', 'email'], ['resolved', 'en', 'sms']]) {
				await openTemplate(page, kind, tl, channel);
				found.push(...await violations(page, `${l} templates ${kind}/${tl}/${channel}`));
			}
			await page.fill('#tpl-body', '{nonsense}');
			await page.click('#tpl-save');
			await page.waitForSelector('#tpl-body[aria-invalid="true"]');
			found.push(...await violations(page, `${l} templates with an error shown`));
			assertClean(problems);
		}
		assert.deepEqual(found, [], `${found.length} violation(s)\n${found.join('\n')}`);
	});

	it('no payload of the shared XSS list runs or becomes markup as the company\'s name, a template\'s text or a webhook\'s description', { timeout: 300000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		assert.ok(payloads.length > 6000, `${LIST}: ${payloads.length} payloads`);
		// what a template takes: no control characters but line breaks and
		// tabs; its braces doubled, so that they are braces and no placeholder
		const texts = payloads.filter((p) => !/[\x00-\x08\x0b-\x1f\x7f]/.test(p));
		const brace = (s) => s.replace(/[{}]/g, (c) => c + c);
		const bytes = (s) => Buffer.byteLength(s, 'utf8');
		const groups = [];
		let cur = [];
		for (const p of texts) {
			if (cur.length && bytes(brace([...cur, p].join('\n'))) > 7900) { groups.push(cur); cur = []; }
			cur.push(p);
		}
		if (cur.length) groups.push(cur);
		const names = texts.filter((p) => [...p].length <= 100 && !/\t/.test(p));
		const list = (await kesu.expect(200, 'GET', '/api/v1/templates')).items;
		const cfg = await kesu.expect(200, 'GET', '/api/v1/channels');
		const { page, problems } = await signedInIn(admin, 'zh-CN', { trapScripts: true });
		const foreign = () => page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, object, embed, svg, math, style, link, meta, base, video, audio, form form, [style], [src], [srcdoc], [href^="javascript"]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		let injected = 0;
		const missing = [];
		// every group as a template's text, with another company each time
		const n = Math.min(groups.length, list.length);
		for (let i = 0; i < n; i++) {
			const x = list[i];
			const company = names[(i * 97) % names.length];
			await kesu.expect(200, 'PUT', '/api/v1/channels', { ...cfg, company });
			const subject = names[(i * 31 + 7) % names.length];
			// and the company's name filled in at the end
			const body = `${brace(groups[i].join('\n'))}\n{company}`;
			await kesu.expect(200, 'PUT', `/api/v1/templates/${x.kind}/${x.language}/${x.channel}`,
				{ body, ...(x.channel === 'email' ? { subject: brace(subject) } : {}) });
			await openTemplate(page, x.kind, x.language, x.channel, '#tpl-state[data-custom="true"]');
			const shown = await page.locator('#tpl-preview').textContent();
			for (const p of [...groups[i], company, ...(x.channel === 'email' ? [subject] : [])])
				if (!shown.includes(p)) missing.push({ where: `${x.kind}/${x.language}/${x.channel}`, payload: p });
			if (await page.inputValue('#tpl-body') !== body) missing.push({ where: `${x.kind}/${x.language}/${x.channel} text box` });
			injected += await foreign();
		}
		// the company's name in its box on the settings page, and the
		// webhooks' descriptions in their list: every 25th payload short
		// enough, 50 webhooks at a time (the list holds 64 at most)
		const company = names[4321 % names.length];
		await kesu.expect(200, 'PUT', '/api/v1/channels', { ...cfg, company });
		const descs = texts.filter((p) => [...p].length <= 200 && !/\t/.test(p)).filter((_, i) => i % 25 === 0);
		let made = 0;
		for (let at = 0; at < descs.length; at += 50) {
			const batch = [];
			await pool(descs.slice(at, at + 50), 4, async (d) => {
				const r = await kesu.api('POST', '/api/v1/webhooks', { url: 'https://crm.example/xss', description: d, events: ['*'] });
				if (r.status === 201) batch.push(r.json);
			});
			made += batch.length;
			await visit(page, '#/admin/channels', '#ch-webhook-list tr');
			assert.equal(await page.inputValue('#ch-company'), company);
			const listed = await page.locator('#ch-webhook-list').textContent();
			for (const x of batch) if (!listed.includes(x.description)) missing.push({ where: 'webhooks', payload: x.description });
			injected += await foreign();
			await pool(batch, 4, (x) => kesu.expect(204, 'DELETE', `/api/v1/webhooks/${x.id}`));
		}
		assert.ok(made > 200, `${made} webhooks`);
		await page.waitForTimeout(500);
		console.log(`xss on the channel and template pages: ${groups.length} groups of ${texts.length} payloads, ${n} templates, ` +
			`${made} webhook descriptions: executed ${problems.executed.length + problems.dialogs.length}, ` +
			`CSP violations ${problems.csp.length}, foreign elements ${injected}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(injected, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} payloads not shown as written (${[...new Set(missing.map((m) => m.where))].length} places)`);
		assert.ok(groups.length <= list.length, `${groups.length} groups for ${list.length} templates: some payloads untried`);
		assertClean(problems);
	});
});
