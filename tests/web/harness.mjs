// What every browser test of kesu needs: a real `kesu serve` on a free
// loopback port over a fresh data directory, a small client for its API,
// staff accounts, and Debian's Chromium (driven by playwright-core) with a
// watch on what a page must never do: log errors, throw, or break the
// Content-Security-Policy. Everything started here is stopped at the end,
// also when a test fails or the run is interrupted.
//
//   import { setup } from './harness.mjs';
//   const env = setup();             // in a describe(): starts in before(), stops in after()
//   const { page, problems } = await env.page({ viewport: PHONE });
//   await page.goto(env.kesu.url + '/portal');
//   assertClean(problems);
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const KESU_BIN = path.resolve(ROOT, process.env.KESU_BIN || 'build/release/kesu');
/* The shared test data beside the repository (../shared/data/...). */
export const SHARED = path.resolve(ROOT, process.env.KESU_SHARED || '../shared');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };
export const ADMIN_PASSWORD = '客诉系统 管理员 口令 2026!';
const SANITIZER_MARKERS = ['ERROR: AddressSanitizer', 'runtime error:', 'ERROR: LeakSanitizer'];

// what must die with this process whatever happens
const live = new Set();
process.on('exit', () => {
	for (const p of live) try { p.kill('SIGKILL'); } catch (e) { /* gone already */ }
});
for (const sig of ['SIGINT', 'SIGTERM'])
	process.once(sig, () => process.exit(130));

/* --- the server ------------------------------------------------------ */

/* Starts `kesu init` and `kesu serve` on a fresh data directory.
 * opts: {args: extra serve arguments, initArgs: extra init arguments (--demo), quiet (default true), timeoutMs}.
 * Resolves to a Kesu; rejects (with the server's log) if it does not start. */
export async function startKesu(opts = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kesu-web-'));
	const data = path.join(dir, 'data');
	const pw = path.join(dir, 'admin.pw');
	fs.writeFileSync(pw, ADMIN_PASSWORD + '\n');
	const init = spawnSync(KESU_BIN, ['init', '--data', data, '--admin-password-file', pw, ...(opts.initArgs || [])], { encoding: 'utf8', timeout: 120000 });
	if (init.status !== 0) throw new Error(`kesu init failed (${init.status}): ${init.stderr || init.error}`);
	const logPath = path.join(dir, 'serve.log');
	const log = fs.openSync(logPath, 'a');
	const args = ['serve', '--data', data, '--listen', '127.0.0.1:0', ...(opts.quiet === false ? [] : ['--quiet']), ...(opts.args || [])];
	const proc = spawn(KESU_BIN, args, { stdio: ['ignore', log, log] });
	fs.closeSync(log);
	live.add(proc);
	let exited = null;
	proc.on('exit', (code, signal) => {
		exited = { code, signal };
		live.delete(proc);
	});
	const deadline = Date.now() + (opts.timeoutMs || 20000);
	let port = 0;
	while (!port) {
		const m = /serving .* on http:\/\/127\.0\.0\.1:(\d+)/.exec(fs.readFileSync(logPath, 'utf8'));
		if (m) port = parseInt(m[1], 10);
		else if (exited || Date.now() > deadline) {
			proc.kill('SIGKILL');
			throw new Error(`kesu serve did not start: ${fs.readFileSync(logPath, 'utf8')}`);
		} else await sleep(20);
	}
	return new Kesu({ dir, data, port, proc, logPath, exitedRef: () => exited });
}

export class Kesu {
	constructor({ dir, data, port, proc, logPath, exitedRef }) {
		this.dir = dir;
		this.data = data;
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
		this.proc = proc;
		this.logPath = logPath;
		this.exited = exitedRef;
		this.adminToken = fs.readFileSync(path.join(data, 'admin.token'), 'utf8').trim();
		this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
		this.users = 0;
	}

	/* One request. token: undefined for the administrator's API token, null
	 * for none, a string for another API token, or {bearer, portal, session:
	 * {cookie, csrf}} (portal: sent as X-Portal-Token). body: an object (sent
	 * as JSON), or with opts.raw a Buffer sent with opts.contentType.
	 * Resolves to {status, headers, text, json, error}. */
	api(method, urlPath, body, token, opts = {}) {
		const headers = { Accept: 'application/json', ...(opts.headers || {}) };
		const t = token === undefined ? { bearer: this.adminToken } : typeof token === 'string' ? { bearer: token } : token || {};
		if (t.bearer) headers.Authorization = `Bearer ${t.bearer}`;
		if (t.portal) headers['X-Portal-Token'] = t.portal;
		if (t.session) {
			headers.Cookie = `kesu_session=${t.session.cookie}`;
			if (method !== 'GET' && method !== 'HEAD' && t.session.csrf) headers['X-CSRF-Token'] = t.session.csrf;
		}
		let data = null;
		if (opts.raw !== undefined) {
			data = Buffer.from(opts.raw);
			headers['Content-Type'] = opts.contentType || 'application/octet-stream';
		} else if (body !== undefined && body !== null) {
			data = Buffer.from(JSON.stringify(body));
			headers['Content-Type'] = 'application/json';
		}
		if (data) headers['Content-Length'] = String(data.length);
		return this.send(method, urlPath, headers, data, true);
	}

	/* One try of a request. A kept-alive socket that the server closed
	 * just as it was reused fails before the request reaches the server:
	 * such a request is sent once more on a new socket, as the
	 * integration tests' client does. */
	send(method, urlPath, headers, data, retry) {
		return new Promise((resolve, reject) => {
			const req = http.request({ host: '127.0.0.1', port: this.port, method, path: urlPath.replace(/[^\x21-\x7e]/g, encodeURIComponent), headers, agent: this.agent, timeout: 30000 }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					let json = null;
					try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
					resolve({ status: res.statusCode, headers: res.headers, text, json, error: (json && json.error) || null });
				});
			});
			req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: timed out`)));
			req.on('error', (e) => {
				if (retry && req.reusedSocket && e.code === 'ECONNRESET')
					resolve(this.send(method, urlPath, headers, data, false));
				else reject(e);
			});
			if (data) req.write(data);
			req.end();
		});
	}

	/* Like api(), but the answer must have status want (a number or a list);
	 * resolves to its JSON. */
	async expect(want, method, urlPath, body, token, opts) {
		const r = await this.api(method, urlPath, body, token, opts);
		if (!(Array.isArray(want) ? want : [want]).includes(r.status))
			throw new Error(`${method} ${urlPath}: ${r.status} ${r.text.slice(0, 500)}`);
		return r.json;
	}

	/* Files as multipart/form-data (field "file"): [{name, type, data}]. */
	upload(urlPath, files, token) {
		const boundary = '----kesu-web-' + Math.random().toString(16).slice(2);
		const parts = [];
		for (const f of files) {
			parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type || 'application/octet-stream'}\r\n\r\n`));
			parts.push(Buffer.from(f.data));
			parts.push(Buffer.from('\r\n'));
		}
		parts.push(Buffer.from(`--${boundary}--\r\n`));
		return this.api('POST', urlPath, null, token, { raw: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` });
	}

	/* A team; resolves to its id. */
	async addTeam(name) {
		return (await this.expect(201, 'POST', '/api/v1/teams', { name })).id;
	}

	/* A staff account made by the administrator (as tests/integration's
	 * add_user): role agent, supervisor, manager, admin...; resolves to
	 * {id, username, password}. */
	async addUser(role, teams = [], { username, password } = {}) {
		this.users += 1;
		username = username || `${role}${this.users}`;
		password = password || `口令-${this.users}-长城外的风景很美丽`;
		const u = await this.expect(201, 'POST', '/api/v1/users', { username, role, teams, password });
		return { id: u.id, username, password };
	}

	/* Signs in; resolves to a Session: {username, cookie, csrf, user, api()}
	 * whose api(method, path, body) sends the cookie and the CSRF token. */
	async login(username, password, totp) {
		const body = { username, password };
		if (totp) body.totp = totp;
		const r = await this.api('POST', '/api/v1/session', body, null);
		if (r.status !== 201) throw new Error(`sign-in of ${username}: ${r.status} ${r.text}`);
		const set = [].concat(r.headers['set-cookie'] || []).find((c) => c.startsWith('kesu_session='));
		const cookie = set ? set.split(';')[0].slice('kesu_session='.length) : '';
		const session = { username, password, cookie, csrf: r.json.csrf_token, user: r.json };
		session.api = (method, p, b, opts) => this.api(method, p, b, { session }, opts);
		return session;
	}

	/* A new staff account of role, signed in: addUser() then login(). */
	async staff(role, teams = [], opts = {}) {
		const u = await this.addUser(role, teams, opts);
		const s = await this.login(u.username, u.password);
		return { ...s, id: u.id };
	}

	/* Puts a Session's cookie into a browser context: its pages are signed in. */
	async signIn(context, session) {
		await context.addCookies([{ name: 'kesu_session', value: session.cookie, url: this.url, httpOnly: true, sameSite: 'Strict' }]);
	}

	log() {
		return fs.existsSync(this.logPath) ? fs.readFileSync(this.logPath, 'utf8') : '';
	}

	/* Stops the server with SIGTERM; rejects unless it exits 0 without a
	 * sanitizer report. The data directory goes too (KESU_KEEP=1 keeps it). */
	async stop() {
		if (!this.proc) return;
		const proc = this.proc;
		this.proc = null;
		this.agent.destroy();
		if (!this.exited()) {
			const done = new Promise((resolve) => proc.once('exit', resolve));
			proc.kill('SIGTERM');
			const timer = setTimeout(() => proc.kill('SIGKILL'), 30000);
			await done;
			clearTimeout(timer);
		}
		const { code, signal } = this.exited() || {};
		const text = this.log();
		if (!process.env.KESU_KEEP) fs.rmSync(this.dir, { recursive: true, force: true });
		for (const m of SANITIZER_MARKERS)
			if (text.includes(m)) throw new Error(`sanitizer report in the server's log:\n${text.slice(-4000)}`);
		if (code !== 0) throw new Error(`kesu serve exited ${code ?? signal}:\n${text.slice(-2000)}`);
	}
}

/* --- the browser ----------------------------------------------------- */

/* Debian's Chromium, headless. */
export async function launchBrowser(opts = {}) {
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		// no connections of Chromium's own (updates, sync, lookups): the
		// tests run offline and see only kesu's traffic
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync', ...(opts.args || [])],
		timeout: 60000,
	});
	const child = browser.process && browser.process();
	if (child) live.add(child);
	browser.on('disconnected', () => child && live.delete(child));
	return browser;
}

// Runs in every page before its own scripts: reports each CSP violation
// (each one means something tried to run or load that kesu did not ship).
const WATCH_SCRIPT = `(() => {
	const report = (kind, detail) => { try { window.__kesuReport(kind, detail); } catch (e) {} };
	document.addEventListener('securitypolicyviolation', (e) => report('csp', {
		directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
		source: e.sourceFile, line: e.lineNumber, page: location.pathname }), true);
})();`;

// With {trapScripts: true}: alert, confirm and prompt count as executed
// attacker code, as does any call of window.__xss(); the page's own code
// uses none of them.
const TRAP_SCRIPT = `(() => {
	const report = (kind, detail) => { try { window.__kesuReport(kind, detail); } catch (e) {} };
	window.__xssHits = 0;
	const hit = (name, args) => { window.__xssHits++; report('executed', { name, args: Array.from(args, String).slice(0, 3), page: location.pathname }); };
	for (const name of ['alert', 'confirm', 'prompt', 'print'])
		Object.defineProperty(window, name, { value: function () { hit(name, arguments); return name === 'confirm' ? false : null; }, writable: false, configurable: false });
	Object.defineProperty(window, '__xss', { value: function () { hit('__xss', arguments); }, writable: false, configurable: false });
})();`;

/* Watches a browser context: every page's console errors, uncaught
 * exceptions and CSP violations land in the returned Problems; with
 * {trapScripts: true} also calls of alert/confirm/prompt/print/__xss()
 * and every dialog (dismissed). */
export async function watch(context, opts = {}) {
	const problems = new Problems();
	await context.exposeBinding('__kesuReport', (source, kind, detail) => {
		if (kind === 'csp') problems.csp.push(detail);
		else if (kind === 'executed') problems.executed.push(detail);
	});
	await context.addInitScript(WATCH_SCRIPT);
	if (opts.trapScripts) await context.addInitScript(TRAP_SCRIPT);
	const onPage = (page) => {
		page.on('console', (msg) => {
			if (msg.type() === 'error') problems.console.push({ text: msg.text(), page: page.url() });
		});
		page.on('pageerror', (err) => problems.pageErrors.push({ text: String(err && err.stack || err), page: page.url() }));
		if (opts.trapScripts)
			page.on('dialog', (d) => {
				problems.dialogs.push({ type: d.type(), message: d.message(), page: page.url() });
				d.dismiss().catch(() => {});
			});
	};
	context.pages().forEach(onPage);
	context.on('page', onPage);
	return problems;
}

export class Problems {
	constructor() {
		this.clear();
	}
	clear() {
		this.csp = [];
		this.console = [];
		this.pageErrors = [];
		this.executed = [];
		this.dialogs = [];
	}
	/* Everything recorded, less console errors matching one of allow
	 * (RegExps: e.g. the browser's "Failed to load resource" of an API
	 * error the test asked for). */
	list(allow = []) {
		return [
			...this.csp.map((x) => ({ kind: 'csp violation', ...x })),
			...this.executed.map((x) => ({ kind: 'executed script', ...x })),
			...this.dialogs.map((x) => ({ kind: 'dialog', ...x })),
			...this.pageErrors.map((x) => ({ kind: 'uncaught exception', ...x })),
			...this.console.filter((x) => !allow.some((re) => re.test(x.text))).map((x) => ({ kind: 'console error', ...x })),
		];
	}
}

/* The browser's words for an API answer it was asked to show. */
export const API_ERRORS = /Failed to load resource: the server responded with a status of (400|404|409|413|415|429)/;

/* Throws (listing them) if problems recorded anything not allowed. */
export function assertClean(problems, allow = [API_ERRORS]) {
	const list = problems.list(allow);
	if (list.length) throw new Error(`the page did what it must not:\n${JSON.stringify(list.slice(0, 20), null, 2)}`);
}

/* A new context and page on browser, watched. opts: playwright context
 * options (viewport, locale...) plus baseURL, trapScripts. Resolves to
 * {context, page, problems, close()}. */
export async function openPage(browser, opts = {}) {
	const { trapScripts, ...contextOpts } = opts;
	const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', ...contextOpts });
	const problems = await watch(context, { trapScripts });
	const page = await context.newPage();
	page.setDefaultTimeout(15000);
	return { context, page, problems, close: () => context.close() };
}

/* For node:test: inside a describe(), starts a server (and the browser)
 * in before() and stops them in after(), whatever happened in between.
 * opts: {browser: true, server: startKesu options}. Returns an object
 * whose kesu, browser and page() are there once before() has run. */
export function setup(opts = {}) {
	const env = {
		kesu: null,
		browser: null,
		contexts: [],
		async page(o = {}) {
			const p = await openPage(env.browser, { baseURL: env.kesu.url, ...o });
			env.contexts.push(p.context);
			return p;
		},
	};
	before(async () => {
		env.kesu = await startKesu(opts.server);
		if (opts.browser !== false) env.browser = await launchBrowser();
	});
	after(async () => {
		for (const c of env.contexts) await c.close().catch(() => {});
		if (env.browser) await env.browser.close().catch(() => {});
		if (env.kesu) await env.kesu.stop();
	});
	return env;
}

export function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/* --- the pages' words and their accessibility ------------------------- */

const LANG_ORDER = ['zh-CN', 'zh-TW', 'en'];

/* The words of web/assets files (each {key: [zh-CN, zh-TW, en]}) as the
 * browser gets them: {W, w} where W is them merged and w(key, lang,
 * params) one of them filled in, failing for a key none holds. */
export async function wordsOf(...files) {
	const W = {};
	for (const file of files)
		Object.assign(W, (await import('data:text/javascript;charset=utf-8,' +
			encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default);
	const w = (key, l = 'zh-CN', params = {}) => {
		if (!W[key]) throw new Error(`no words for ${key}`);
		return W[key][LANG_ORDER.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
	};
	return { W, w };
}

let axe = null;

/* What axe-core finds against WCAG 2 A/AA on the page as drawn now. */
export async function axeViolations(page) {
	axe = axe || fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
	await page.evaluate(axe);
	return page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }))
		.violations.map((v) => `${v.id}: ${v.help} ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join(' | ')}`));
}
