// The administrators' pages for accounts, roles and teams, in zh-CN, zh-TW
// and English: an account added (a weak password and a reserved name
// refused beside their boxes, in the page's words), given a role, teams
// and its own limit, its password reset, a lock forgiven, its second
// factor removed and the account disabled; a role made to require a
// second factor and given limits, then restored; a team added and renamed.
// Each change is read back from the API. Those who are not administrators
// get no such page, and the pages pass axe-core.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, assertClean, ROOT } from './harness.mjs';
import { signedIn as signedInTo } from './desk.mjs';

const W = (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets/workspace-words.js'), 'utf8')))).default;
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const env = setup();
const TEAM = 1;
const LANGS = ['zh-CN', 'zh-TW', 'en'];
const WIDE = { width: 1366, height: 900 };
const w = (key, l, params = {}) => W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
const STRONG = '蓝色 海鸥 飞过 2026 港口!';

/* The code an authenticator app shows now for a base32 secret (RFC 6238:
 * SHA-1, 6 digits, 30 s). */
function totpCode(secret) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
	const counter = Buffer.alloc(8);
	counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
	const mac = crypto.createHmac('sha1', key).update(counter).digest();
	const off = mac[mac.length - 1] & 15;
	return String((mac.readUInt32BE(off) & 0x7fffffff) % 1e6).padStart(6, '0');
}

/* Presses the button sel of role card name and waits for the card to be
 * drawn again from the server's answer. */
async function saveCard(page, name, sel = 'button[type="submit"]') {
	await page.evaluate((n) => { document.getElementById(`role-${n}`).dataset.old = '1'; }, name);
	await page.click(`#role-${name} ${sel}`);
	await page.waitForSelector(`#role-${name}:not([data-old])`);
}

async function signedInIn(session, l, opts) {
	const x = await signedInTo(env, session, opts);
	await x.page.selectOption('#lang', l);
	await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	return x;
}

/* Opens hash and draws its view anew, also when the page is on it already. */
async function open(page, hash, ready) {
	await page.goto(`/${hash}`);
	await page.evaluate(() => document.dispatchEvent(new CustomEvent('kesu:route')));
	await page.waitForSelector(ready);
}

/* The error shown beside the control sel ('' when none). */
const errorOf = (page, sel) => page.locator(sel).first().evaluate((el) => {
	const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/);
	const err = ids.map((id) => document.getElementById(id)).find((e) => e && e.classList.contains('field-error'));
	return err && !err.hidden ? err.textContent : '';
});

/* No WCAG 2 A/AA violation on the page as it is now (axe evaluated
 * through the browser's protocol: the page's strict policy stays on). */
async function axe(page, what) {
	await page.evaluate(AXE);
	const r = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
	assert.deepEqual(r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], what);
}

/* No English of the server's on a Chinese page. */
async function noServerEnglish(page, l) {
	if (l === 'en') return;
	const text = await page.locator('.admin').innerText();
	for (const s of ['must', 'is taken', 'password', 'acts under', '/api/v1']) assert.ok(!text.includes(s), `${l}: "${s}" on the page`);
}

describe('administration: accounts, roles and teams', () => {
	it('an administrator adds an account, changes it and takes its access away', { timeout: 240000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l, { viewport: WIDE });
			await page.goto('/#/admin/users');
			await page.waitForSelector('#users tbody tr');
			assert.equal(await page.locator('.admin h1').textContent(), w('adm_users', l));
			assert.equal(await page.locator('.tabs a[href="#/admin/users"]').getAttribute('aria-current'), 'page');
			// the demo's own account is listed with its role in the page's words
			const mine = page.locator(`#users tr[data-user="${admin.id}"]`);
			assert.equal(await mine.locator('td').first().textContent(), w('role.admin', l));
			await axe(page, `${l} accounts`);

			const name = `li.na-${l.toLowerCase()}`;
			await page.click('#user-add');
			await page.fill('#user-new input[maxlength="32"]', 'system');
			await page.fill('#user-new input[type="email"]', 'li.na@shop.example');
			await page.fill('#user-new input[type="password"]', '123456789012');
			await page.click('#user-new button[type="submit"]');
			// the refusal beside its box, in the page's words
			await page.waitForSelector('#user-new [aria-invalid="true"]');
			assert.equal(await errorOf(page, '#user-new input[maxlength="32"]'), w('err_reason.reserved_name', l));
			await noServerEnglish(page, l);
			await page.fill('#user-new input[maxlength="32"]', name);
			await page.click('#user-new button[type="submit"]');
			await page.waitForFunction(() => document.querySelector('#user-new input[type="password"]').getAttribute('aria-invalid') === 'true');
			assert.equal(await errorOf(page, '#user-new input[type="password"]'), w('err_reason.weak_password', l, { min: 12 }));
			await page.fill('#user-new input[maxlength="64"]', '李娜');
			await page.fill('#user-new input[type="password"]', STRONG);
			await page.check(`#new-user-teams input[value="${TEAM}"]`);
			await page.click('#user-new button[type="submit"]');
			// the new account's page
			await page.waitForSelector('#user-edit');
			const made = (await kesu.expect(200, 'GET', '/api/v1/users')).items.find((u) => u.username === name);
			assert.ok(made, `${l}: ${name} added`);
			assert.deepEqual([made.display_name, made.role, made.teams, made.email], ['李娜', 'agent', [TEAM], 'li.na@shop.example']);
			assert.equal(await page.locator('#user-edit').getAttribute('data-user'), String(made.id));
			assert.equal(await page.locator('#user-edit h2').textContent(), w('usr_edit', l, { name: '李娜' }));
			await axe(page, `${l} an account`);

			// the same name again is taken
			await page.goto('/#/admin/users?new=1');
			await page.waitForSelector('#user-new');
			await page.fill('#user-new input[maxlength="32"]', name);
			await page.fill('#user-new input[type="password"]', STRONG);
			await page.click('#user-new button[type="submit"]');
			await page.waitForSelector('#user-new [aria-invalid="true"]');
			assert.equal(await errorOf(page, '#user-new input[maxlength="32"]'), w('err_reason.taken', l));

			// a supervisor of the team with a refund limit of her own
			await open(page, `#/admin/users?id=${made.id}`, '#user-edit');
			await page.selectOption('#user-edit select', 'supervisor');
			await page.click('#user-edit .limits-box summary');
			await page.fill(`#user-${made.id}-limit-refund`, '300');
			await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/users/${made.id}`)),
				page.click('#user-save')]);
			let u = await kesu.expect(200, 'GET', `/api/v1/users/${made.id}`);
			assert.equal(u.role, 'supervisor');
			assert.deepEqual(u.limits_override, { refund: 30000 });
			assert.equal(u.limits.refund, 30000);

			// a new password: the account signs in with it, no longer with the old
			await open(page, `#/admin/users?id=${made.id}`, '#user-password');
			await page.fill('#user-new-password', 'password12345');
			await page.click('#user-password button[type="submit"]');
			await page.waitForSelector('#user-new-password[aria-invalid="true"]');
			assert.equal(await errorOf(page, '#user-new-password'), w('err_reason.weak_password', l, { min: 12 }));
			await page.fill('#user-new-password', `${STRONG} 新`);
			await page.click('#user-password button[type="submit"]');
			await page.waitForSelector(`.toast >> text=${w('usr_password_reset', l, { n: 0 })}`);
			assert.equal(await page.inputValue('#user-new-password'), '');
			const s = await kesu.login(name, `${STRONG} 新`);
			assert.ok(s.cookie, `${l}: signs in with the new password`);

			// wrong passwords hold the name back, even with the right one after;
			// the unlock forgives them
			let tries = 0;
			while ((await kesu.api('POST', '/api/v1/session', { username: name, password: `错 ${tries}` }, null)).status !== 429 && tries < 30) tries++;
			assert.ok(tries < 30, `${l}: the name is held back after wrong passwords`);
			assert.equal((await kesu.api('POST', '/api/v1/session', { username: name, password: `${STRONG} 新` }, null)).status, 429);
			await page.click('#user-unlock');
			await page.waitForSelector(`.toast >> text=${w('usr_unlocked', l)}`);
			assert.ok((await kesu.login(name, `${STRONG} 新`)).cookie, `${l}: signs in after the unlock`);

			// a second factor set up by its holder, removed by the administrator in two presses
			const totp = await kesu.expect(201, 'POST', '/api/v1/users/me/totp', null, { session: s });
			await kesu.expect(200, 'POST', '/api/v1/users/me/totp/confirm', { code: totpCode(totp.secret) }, { session: s });
			await open(page, `#/admin/users?id=${made.id}`, '#user-totp-remove');
			assert.equal(await page.locator('#user-totp').textContent(), w('usr_totp_on', l));
			await page.click('#user-totp-remove');
			assert.equal(await page.locator('#user-totp-remove').textContent(), w('usr_totp_remove_sure', l));
			assert.equal((await kesu.expect(200, 'GET', `/api/v1/users/${made.id}`)).totp_enabled, true, 'one press is not enough');
			await page.click('#user-totp-remove');
			await page.waitForSelector(`.toast >> text=${w('usr_totp_removed', l)}`);
			assert.equal(await page.locator('#user-totp').textContent(), w('usr_totp_off', l));
			assert.equal(await page.locator('#user-totp-remove').count(), 0);
			assert.equal((await kesu.expect(200, 'GET', `/api/v1/users/${made.id}`)).totp_enabled, false);

			// disabled: the row says so, and the account no longer signs in
			await open(page, `#/admin/users?id=${made.id}`, '#user-edit');
			await page.check('#user-disabled');
			await page.click('#user-save');
			await page.waitForSelector(`#users tr[data-user="${made.id}"] .user-state >> text=${w('usr_state_disabled', l)}`);
			u = await kesu.expect(200, 'GET', `/api/v1/users/${made.id}`);
			assert.equal(u.disabled, true);
			// one's own account cannot be disabled: said beside the box
			await open(page, `#/admin/users?id=${admin.id}`, '#user-edit');
			await page.check('#user-disabled');
			await page.click('#user-save');
			await page.waitForSelector('#user-disabled[aria-invalid="true"]');
			assert.equal(await errorOf(page, '#user-disabled'), w('err_reason.own_account', l));
			await noServerEnglish(page, l);
			assertClean(problems);
			await page.close();
		}
	});

	it('an administrator sets what a role requires and its limits', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l, { viewport: WIDE });
			await page.goto('/#/admin/roles');
			await page.waitForSelector('#role-agent');
			assert.equal(await page.locator('#role-agent h2').textContent(), w('role.agent', l));
			assert.equal(await page.locator('#role-agent .hint').first().textContent(), w('role_sum.agent', l));
			await axe(page, `${l} roles`);
			// a box ticked on one card stays ticked while another is saved
			await page.check('#role-auditor-totp');
			await page.click('#role-agent .limits-box summary');
			await page.fill('#role-agent-limit-coupon', '50');
			await page.fill('#role-agent-limit-refund', '-1');
			await page.click('#role-agent button[type="submit"]');
			// a negative amount is refused, nothing saved
			await page.waitForSelector('#role-agent-limit-refund[aria-invalid="true"]');
			assert.equal(await errorOf(page, '#role-agent-limit-refund'), w('err_code.invalid_value', l));
			let roles = (await kesu.expect(200, 'GET', '/api/v1/roles')).items;
			assert.equal(roles.find((r) => r.name === 'agent').limits.coupon, 20000);
			await page.fill('#role-agent-limit-refund', '150');
			await saveCard(page, 'agent');
			assert.equal(await page.inputValue('#role-agent-limit-coupon'), '50');
			assert.equal(await page.isChecked('#role-auditor-totp'), true);
			roles = (await kesu.expect(200, 'GET', '/api/v1/roles')).items;
			const agent = roles.find((r) => r.name === 'agent');
			assert.equal(agent.limits.coupon, 5000);
			assert.equal(agent.limits.refund, 15000);
			await saveCard(page, 'auditor');
			assert.equal(await page.isChecked('#role-auditor-totp'), true);
			assert.equal((await kesu.expect(200, 'GET', '/api/v1/roles')).items.find((r) => r.name === 'auditor').require_totp, true);
			// back to the built-in limits and no second factor required
			await page.uncheck('#role-auditor-totp');
			await saveCard(page, 'auditor');
			await page.click('#role-agent .limits-box summary');
			await saveCard(page, 'agent', '[data-restore="agent"]');
			assert.equal(await page.inputValue('#role-agent-limit-coupon'), '200');
			roles = (await kesu.expect(200, 'GET', '/api/v1/roles')).items;
			assert.equal(roles.find((r) => r.name === 'agent').limits.coupon, 20000);
			assert.equal(roles.find((r) => r.name === 'auditor').require_totp, false);
			assertClean(problems);
			await page.close();
		}
	});

	it('an administrator adds a team and renames it; a name in use is refused beside its box', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l, { viewport: WIDE });
			await page.goto('/#/admin/teams');
			await page.waitForSelector('#team-new');
			await page.fill('#team-new-name', `售后二组 ${l}`);
			await page.click('#team-new button[type="submit"]');
			const added = async () => (await kesu.expect(200, 'GET', '/api/v1/teams')).items.find((x) => x.name === `售后二组 ${l}`);
			await page.waitForFunction((n) => [...document.querySelectorAll('#team-rules input')].some((i) => i.value === n), `售后二组 ${l}`);
			const team = await added();
			assert.ok(team, `${l}: team added`);
			await axe(page, `${l} teams`);
			// the same name again
			await page.fill('#team-new-name', `售后二组 ${l}`);
			await page.click('#team-new button[type="submit"]');
			await page.waitForSelector('#team-new-name[aria-invalid="true"]');
			assert.equal(await errorOf(page, '#team-new-name'), w('err_reason.taken', l));
			// renamed in its row
			await page.fill(`#team-${team.id}-name`, `售后三组 ${l}`);
			await Promise.all([
				page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/v1/teams/${team.id}/assignment`)),
				page.click(`#team-rules button[data-team="${team.id}"]`)]);
			const teams = (await kesu.expect(200, 'GET', '/api/v1/teams')).items;
			assert.equal(teams.find((x) => x.id === team.id).name, `售后三组 ${l}`);
			await noServerEnglish(page, l);
			assertClean(problems);
			await page.close();
		}
	});

	it('those who are not administrators get none of these pages', { timeout: 60000 }, async () => {
		const kesu = env.kesu;
		const sup = await kesu.staff('supervisor', [TEAM]);
		const { page, problems } = await signedInTo(env, sup, { viewport: WIDE });
		assert.equal(await page.locator('a[href="#/admin"]').count(), 0);
		for (const hash of ['#/admin/users', '#/admin/roles', '#/admin/teams']) {
			await page.goto(`/${hash}`);
			await page.waitForSelector('.view .form-error');
			assert.equal(await page.locator('.view .form-error').textContent(), w('forbidden', 'zh-CN'));
			assert.equal(await page.locator('#users, #role-agent, #team-new').count(), 0);
		}
		assert.equal((await kesu.api('GET', '/api/v1/users', null, { session: sup })).status, 403);
		assertClean(problems);
	});
});
