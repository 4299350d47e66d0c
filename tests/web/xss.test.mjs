// Every line of the shared XSS payload list (../shared/data/adversarial/
// xss-payload-list.txt) stored where the status page shows it: complaint
// content, demand and name, team replies, customer messages, and a plan's
// summary, the customer's counter offer and the terms agreed, saved views'
// names, macros' replies, titles and cause words, colleagues' names on a
// complaint's presence line in the workspace, incidents' titles and their
// handling notices and messages; then each
// status page opened in Chromium. Executed payloads are counted by traps
// on alert/confirm/prompt/print and a global __xss(), by dialogs, and by
// Content-Security-Policy violations (each one means markup was parsed);
// the count must be 0, and every payload must be on the page as text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, SHARED, PHONE, DESKTOP } from './harness.mjs';
import { DEMAND_REASON } from './desk.mjs';

const LIST = path.join(SHARED, 'data/adversarial/xss-payload-list.txt');
const env = setup();

// what the API keeps of a text: trimmed; single-line fields take no tabs
const chars = (s) => [...s].length;
// what the customer is told is being done: one line, markup in it
const told = (i) => `<img src=x onerror=alert(${i})> 核实 & "退款" </p><script>alert(${i})</script>`;

/* Payloads in order, grouped so that each group joined by newlines stays
 * within max characters (the smallest limit of the fields they go into). */
function batches(payloads, max) {
	const out = [];
	let cur = [], n = 0;
	for (const p of payloads) {
		const c = chars(p) + 1;
		if (cur.length && n + c > max) {
			out.push(cur);
			cur = [];
			n = 0;
		}
		cur.push(p);
		n += c;
	}
	if (cur.length) out.push(cur);
	return out;
}

async function pool(items, width, fn) {
	let next = 0;
	await Promise.all(Array.from({ length: width }, async () => {
		while (next < items.length) {
			const i = next++;
			await fn(items[i], i);
		}
	}));
}

describe('xss', () => {
	it('no payload of the list runs on the status page, and each shows as text', { timeout: 240000 }, async () => {
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		assert.ok(payloads.length > 6000, `${LIST}: ${payloads.length} payloads`);
		// message bodies and demands hold at most 5000 characters
		const groups = batches(payloads, 4900);
		// a counter offer and the terms hold at most 2000
		const shorts = batches(payloads, 1900);
		const names = payloads.filter((p) => chars(p) <= 100 && !/[\t]/.test(p));
		const n = groups.length;
		const cases = [];
		// complaint i: content group i, demand group i+1, reply group i+2,
		// message group i+3, plan summary group i+4: every payload in each of
		// those places; a short group as its counter offer, the next as its terms
		const t0 = Date.now();
		await pool(groups, 4, async (g, i) => {
			const name = names[(i * 37) % names.length];
			const c = await env.kesu.expect(201, 'POST', '/api/v1/complaints', {
				channel: 'web',
				complainant: { name, phone: `1380000${String(i).padStart(4, '0')}` },
				content: g.join('\n'),
				demand: groups[(i + 1) % n].join('\n'),
				language: 'zh-CN',
			});
			await env.kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/replies`, { body: groups[(i + 2) % n].join('\n') });
			await env.kesu.expect(201, 'POST', `/api/v1/portal/complaints/${c.tracking_no}/messages`,
				{ body: groups[(i + 3) % n].join('\n') }, { portal: c.portal_token });
			const plan = await env.kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/plans`, { summary: groups[(i + 4) % n].join('\n'), demand_unconfirmed_reason: DEMAND_REASON, progress: { line: told(i) } });
			const counter = shorts[i % shorts.length], terms = shorts[(i + 1) % shorts.length];
			await env.kesu.expect(200, 'POST', `/api/v1/portal/complaints/${c.tracking_no}/plans/${plan.id}/answer`,
				{ answer: 'counter_offer', counter_offer: counter.join('\n'), conditions: terms.join('\n') }, { portal: c.portal_token });
			// and a short group as the restatement of the demand, waiting on the page
			const said = shorts[(i + 2) % shorts.length];
			await env.kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/demand-restatements`,
				{ restatement: said.join('\n'), target: '三个工作日内处理完毕' });
			cases[i] = { no: c.tracking_no, token: c.portal_token, name,
				texts: [...g, ...groups[(i + 1) % n], ...groups[(i + 2) % n], ...groups[(i + 3) % n], ...groups[(i + 4) % n], ...counter, ...terms, ...said, name, told(i)] };
		});
		const stored = Date.now() - t0;

		const { page, problems } = await env.page({ viewport: PHONE, trapScripts: true });
		const missing = [];
		let injected = 0;
		for (const c of cases) {
			await page.goto(`/status/${c.no}#t=${c.token}`);
			await page.waitForSelector('.timeline .k-mine .body');
			const seen = await page.evaluate(() => {
				const main = document.querySelector('main');
				// elements the page did not make itself: markup from a payload
				const own = /^(LI|TIME|P|SPAN|DT|DD)$/;
				const foreign = [...document.querySelectorAll('.timeline *, .summary *')].filter((e) => !own.test(e.tagName)).length +
					[...document.querySelectorAll('#plans li *')].filter((e) => !/^(P|SPAN|STRONG)$/.test(e.tagName)).length +
					[...document.querySelectorAll('#demand > p *')].filter((e) => !/^(SPAN|STRONG)$/.test(e.tagName)).length;
				const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
				const scripts = document.scripts.length;
				return { text: main.textContent, foreign, handlers, scripts };
			});
			injected += seen.foreign + seen.handlers + (seen.scripts - 1);
			for (const p of c.texts) if (!seen.text.includes(p)) missing.push({ no: c.no, payload: p });
		}
		// anything slow to fire (timers, animations, focus) has had its time
		await page.waitForTimeout(500);
		const executed = problems.executed.length + problems.dialogs.length;
		console.log(`xss: ${payloads.length} payloads in ${n} complaints (${n * 6 + 1} writes in ${stored} ms), ` +
			`${cases.length} status pages; executed ${executed}, CSP violations ${problems.csp.length}, ` +
			`foreign elements ${injected}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(injected, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} payloads not shown as written`);
		assert.deepEqual(problems.pageErrors, []);
		assert.deepEqual(problems.console, []);
	});

	it('no payload of the list runs in the workspace: content, names, notes, plans and scripts (in the guide and filled for the complaint)', { timeout: 300000 }, async () => {
		const kesu = env.kesu;
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		const groups = batches(payloads, 4900);
		const names = payloads.filter((p) => chars(p) <= 100 && !/[\t]/.test(p));
		const n = groups.length;
		// a script writes a literal brace doubled ({{ }}), as the API asks
		const literal = (p) => p.replace(/[{}]/g, (b) => b + b);
		const scriptable = payloads.filter((p) => chars(literal(p)) < 1900);
		const scriptGroups = batches(scriptable.map(literal), 1900);
		const cases = [];
		const t0 = Date.now();
		const shorts = batches(payloads, 1900);
		// complaint i: content group i, note group i+1, plan summary group i+2
		// with a short group as the customer's counter offer and the next as
		// the terms, a name and an object name from the list, and category
		// xss-i, whose scripts its guide offers
		await pool(groups, 4, async (g, i) => {
			const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
				channel: 'phone',
				complainant: { name: names[(i * 37) % names.length], phone: `1370000${String(i).padStart(4, '0')}` },
				object: { kind: 'product', name: names[(i * 53 + 11) % names.length] },
				content: g.join('\n'),
				category: `xss-${i}`,
				language: 'zh-CN',
			});
			await kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/notes`, { body: groups[(i + 1) % n].join('\n') });
			const plan = await kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/plans`, { summary: groups[(i + 2) % n].join('\n'), demand_unconfirmed_reason: DEMAND_REASON, progress: { line: told(i) } });
			const counter = shorts[i % shorts.length], terms = shorts[(i + 1) % shorts.length];
			await kesu.expect(200, 'POST', `/api/v1/plans/${plan.id}/answer`,
				{ answer: 'counter_offer', counter_offer: counter.join('\n'), conditions: terms.join('\n') });
			cases[i] = { no: c.tracking_no, scripts: [],
				texts: [...g, ...groups[(i + 1) % n], ...groups[(i + 2) % n], ...counter, ...terms,
					names[(i * 37) % names.length], names[(i * 53 + 11) % names.length]] };
		});
		// the scripts: each group once, for one complaint's category and one step
		await pool(scriptGroups, 4, async (g, j) => {
			const i = j % n;
			const title = names[(j * 29 + 5) % names.length];
			await kesu.expect(201, 'POST', '/api/v1/scripts', { category: `xss-${i}`, step: (j % 4) + 1, language: 'zh-CN',
				title: literal(title).length <= 100 ? literal(title) : '标题', body: g.join('\n') });
			cases[i].scripts.push(g);
		});
		// and one for every complaint that fills in the customer's name (a payload)
		await kesu.expect(201, 'POST', '/api/v1/scripts', { step: 1, language: 'zh-CN', title: '称呼', body: '{customer_name}，您好，我是{agent_name}。' });
		const stored = Date.now() - t0;

		const manager = await kesu.staff('manager', [1]);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), manager);
		/* Markup the page did not make: tags it never writes, handlers,
		 * script URLs, inline styles, and any script beyond its own. */
		const injected = () => page.evaluate(() => {
			const app = document.getElementById('app');
			const bad = app.querySelectorAll('script, img, iframe, frame, frameset, object, embed, svg, math, style, link, meta, base, video, audio, source, marquee, isindex, applet, template, xmp, [style], [src], [href^="javascript:" i], [href^="data:" i], [srcdoc], [formaction]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		const missing = [];
		let foreign = 0;
		for (const c of cases) {
			await page.goto(`/#/c/${c.no}`);
			// the timeline and the scripts are in tabs: present, if not shown
			await page.waitForSelector(`article.complaint[data-tracking="${c.no}"] #timeline li[data-kind="note"]`, { state: 'attached' });
			await page.waitForSelector('#kb-for li.script', { state: 'attached' });
			const text = await page.locator('#app').textContent();
			foreign += await injected();
			const shown = [...c.texts, ...c.scripts.flat().map((p) => p.replace(/\{\{/g, '{').replace(/\}\}/g, '}'))];
			for (const p of shown) if (!text.includes(p)) missing.push({ no: c.no, payload: p.slice(0, 80) });
			const name = c.texts[c.texts.length - 2];
			if (!(await page.locator('#guide').textContent()).includes(`${name}，您好`)) missing.push({ no: c.no, payload: `{customer_name} as ${name}` });
			// the knowledge base's scripts filled for the complaint, and the
			// line saying which was copied (its title a payload)
			if (!(await page.locator('#kb-for').textContent()).includes(`${name}，您好`)) missing.push({ no: c.no, payload: `kb: {customer_name} as ${name}` });
			await page.click('#tab-scripts');
			await page.locator('#kb-for button.kb-copy').first().click();
			await page.waitForFunction(() => document.querySelector('#kb-copy-status').textContent !== '');
			foreign += await injected();
		}
		// the queue with every name, all pages of it
		await page.goto('/#/queue/all');
		await page.waitForSelector('#queue-table tbody tr');
		while (await page.locator('button.more:not([hidden])').count()) {
			const rows = await page.locator('#queue-table tbody tr').count();
			await page.click('button.more');
			await page.waitForFunction((k) => document.querySelectorAll('#queue-table tbody tr').length > k, rows);
		}
		const queue = await page.locator('#queue-table').textContent();
		foreign += await injected();
		for (const c of cases) if (!queue.includes(c.texts[c.texts.length - 2])) missing.push({ no: c.no, payload: 'name in the queue' });
		// saved views named by payloads (a name holds 60 characters, one
		// line): 50 spread over the list, beside the queues and as the title
		// of the view's page
		const named = payloads.filter((p) => chars(p) <= 60);
		const every = Math.max(1, Math.floor(named.length / 50));
		const views = [];
		for (const name of named.filter((_, i) => i % every === 0).slice(0, 50)) {
			const r = await manager.api('POST', '/api/v1/views', { name, filters: {} });
			if (r.status === 201) views.push(r.json);
			else assert.equal(r.status, 400, r.text); // control characters
		}
		assert.ok(views.length >= 40, `${views.length} views`);
		await page.goto(`/#/queue/all?view=${views[0].id}`);
		await page.waitForSelector(`#saved-views li[data-view="${views[views.length - 1].id}"]`);
		const side = await page.locator('#saved-views').textContent();
		foreign += await injected();
		for (const v of views) if (!side.includes(v.name)) missing.push({ payload: `view name: ${v.name.slice(0, 80)}` });
		await page.waitForFunction((name) => document.querySelector('#queue-title').textContent === name, views[0].name);
		// the knowledge base lists every script as written
		await page.goto('/#/kb');
		await page.waitForSelector('#kb-scripts');
		const kb = await page.locator('#kb-scripts').textContent();
		foreign += await injected();
		for (const g of scriptGroups) for (const p of g) if (!kb.includes(p)) missing.push({ payload: `script: ${p.slice(0, 80)}` });
		await page.waitForTimeout(500);
		const executed = problems.executed.length + problems.dialogs.length;
		console.log(`xss in the workspace: ${payloads.length} payloads in ${n} complaints, ${n} notes, ${n} plans and ` +
			`${scriptGroups.length} scripts (${payloads.length - scriptable.length} too long for a script), stored in ${stored} ms; ` +
			`${n} complaint pages, the queue and the knowledge base: executed ${executed}, CSP violations ${problems.csp.length}, ` +
			`foreign elements ${foreign}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(foreign, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} payloads not shown as written`);
		assert.deepEqual(problems.pageErrors, []);
		assert.deepEqual(problems.console, []);
	});

	it('no payload of the list runs in a macro\'s preview or in the timeline that notes it: replies, titles, names, causes', { timeout: 300000 }, async () => {
		const kesu = env.kesu;
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		// a macro's reply holds at most 2000 bytes, a literal brace doubled
		const literal = (p) => p.replace(/[{}]/g, (b) => b + b);
		const bytes = (p) => Buffer.byteLength(p) + 1;
		const replies = [];
		let cur = [], size = 0;
		for (const p of payloads.map(literal).filter((p) => bytes(p) < 1900)) {
			if (cur.length && size + bytes(p) > 1900) { replies.push(cur); cur = []; size = 0; }
			cur.push(p);
			size += bytes(p);
		}
		if (cur.length) replies.push(cur);
		const titles = [...new Set(payloads.filter((p) => chars(p) <= 100 && !/[\t{}]/.test(p)))];
		// a cause whose words are payloads, set by the first macro
		const label = titles.filter((p) => chars(p) <= 40)[7];
		const list = (await kesu.expect(200, 'GET', '/api/v1/causes')).causes;
		await kesu.expect(200, 'PUT', '/api/v1/causes', { causes: [...list, { key: 'xss_macro', label: { 'zh-CN': label, 'zh-TW': label, en: label }, systemic: false, active: true }] });
		// one complaint, named by a payload, whose guide offers every macro
		const name = titles[3];
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', category: 'xss-macro', language: 'zh-CN',
			complainant: { name, phone: '13600009999' }, content: '宏', demand: '宏',
		});
		const macros = [];
		await pool(replies, 4, async (g, j) => {
			const actions = { reply: `{customer_name}：${g.join('\n')}`, ...(j === 0 ? { cause: 'xss_macro' } : {}) };
			const title = titles[(j * 31 + 11) % titles.length];
			const r = await kesu.expect(201, 'POST', '/api/v1/scripts', { category: 'xss-macro', step: 1, language: 'zh-CN', title, body: '宏', actions });
			macros[j] = { id: r.id, title, text: `${name}：${g.map((p) => p.replace(/\{\{/g, '{').replace(/\}\}/g, '}')).join('\n')}` };
		});
		const manager = await kesu.staff('manager', [1]);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), manager);
		const injected = () => page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, frame, frameset, object, embed, svg, math, style, link, meta, base, video, audio, source, marquee, isindex, applet, template, xmp, [style], [src], [href^="javascript:" i], [href^="data:" i], [srcdoc], [formaction]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector(`article.complaint[data-tracking="${c.tracking_no}"] #guide`);
		const missing = [];
		// every macro's preview: its reply as the customer would read it
		for (const m of macros) {
			await page.click(`button.macro-open[data-macro="${m.id}"]`);
			await page.waitForSelector(`#macro-${m.id} .macro-text`);
			if (await page.locator(`#macro-${m.id} .macro-text`).textContent() !== m.text) missing.push({ payload: `reply of ${m.id}` });
		}
		const step = await page.locator(`#macro-${macros[0].id} li[data-action="cause"]`).textContent();
		if (!step.includes(label)) missing.push({ payload: `cause ${label}` });
		let foreign = await injected();
		// applied (40 of them), the timeline names each macro by its title
		const applied = macros.slice(0, 40);
		for (const m of applied) await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/macros/${m.id}/apply`, {});
		await page.reload();
		await page.waitForSelector('#timeline li[data-kind="macro_applied"]');
		const timeline = await page.locator('#timeline').textContent();
		for (const m of applied) if (!timeline.includes(`「${m.title}」`)) missing.push({ payload: `title ${m.title}` });
		foreign += await injected();
		await page.waitForTimeout(300);
		console.log(`xss in macros: ${replies.length} previews of ${payloads.length} payloads, ${applied.length} titles in the timeline, a cause's words: ` +
			`executed ${problems.executed.length + problems.dialogs.length}, CSP violations ${problems.csp.length}, foreign elements ${foreign}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(foreign, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} payloads not shown as written`);
		assert.deepEqual(problems.pageErrors, []);
		assert.deepEqual(problems.console, []);
	});

	it('no payload of the list runs on the teams\' assignment rules page and the team view: team and member names', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		// a team's name holds at most 64 characters, one line; one team for
		// every 20th of them (names are unique: repeats after trimming go)
		const names = [...new Set(payloads.filter((p) => chars(p) <= 64 && !/[\t]/.test(p)))]
			.filter((_, i) => i % 20 === 0);
		const made = [];
		await pool(names, 4, async (name) => {
			const r = await kesu.api('POST', '/api/v1/teams', { name });
			if (r.status === 201) made.push(r.json.name);
		});
		assert.ok(made.length > 100, `${made.length} teams`);
		// and members of team 1 named with payloads, listed under it
		const people = names.filter((_, i) => i % 12 === 0);
		for (const display_name of people) {
			const u = await kesu.addUser('agent', [1]);
			await kesu.expect(200, 'PATCH', `/api/v1/users/${u.id}`, { display_name });
		}
		const admin = await kesu.staff('admin', []);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), admin);
		await page.goto('/#/admin/teams');
		await page.waitForSelector('#team-rules');
		// a team's name is in the box that renames it
		const text = (await page.locator('#team-rules').textContent()) +
			(await page.locator('#team-rules input[id$="-name"]').evaluateAll((els) => els.map((e) => e.value).join('\n')));
		const foreign = await page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, object, embed, svg, math, style, link, meta, base, video, audio, [style], [src], [srcdoc]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		const listed = await page.locator('#members').textContent();
		// the supervisors' view of team 1 shows the same names in its table
		await page.goto('/#/team?team=1');
		await page.waitForSelector('#tv-table tbody tr');
		const agents = await page.locator('#tv-table').textContent();
		const missing = [...made.filter((n) => !text.includes(n)), ...people.filter((n) => !listed.includes(n)),
			...people.filter((n) => !agents.includes(n))];
		await page.waitForTimeout(300);
		console.log(`xss on the assignment rules page and the team view: ${made.length} team names, ${people.length} member names: executed ${problems.executed.length + problems.dialogs.length}, ` +
			`CSP violations ${problems.csp.length}, foreign elements ${foreign}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(foreign, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} names not shown as written`);
		assert.deepEqual(problems.pageErrors, []);
	});

	it('no payload of the list runs in the reviews: buyers, shops, products, texts, contact notes and public replies', { timeout: 240000 }, async () => {
		const kesu = env.kesu;
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		const line = (max) => payloads.filter((p) => chars(p) <= max && !/[\t]/.test(p));
		const names = line(64), shops = line(100), products = line(200);
		// every payload in some review's text (at most 5000 characters each)
		const texts = batches(payloads, 5000);
		const items = texts.map((b, i) => ({
			platform: 'taobao', order_ref: `XSS-${i}`, buyer: names[i % names.length],
			shop: shops[(i * 7) % shops.length], product: products[(i * 13) % products.length],
			rating: 'negative', text: b.join('\n'), posted_at: '2026-11-20T10:00:00+08:00',
		}));
		const made = await kesu.expect(200, 'POST', '/api/v1/reviews', { items });
		assert.equal(made.created, items.length, JSON.stringify(made).slice(0, 300));
		const reviews = made.items;
		// notes of contacts and a public reply, from the payloads too
		const notes = batches(payloads.slice(0, 400), 2000);
		const first = reviews[0].id, kept = reviews[1].id;
		for (const b of notes.slice(0, 3))
			await kesu.expect(201, 'POST', `/api/v1/reviews/${first}/contacts`, { method: 'phone', reached: false, note: b.join('\n') });
		await kesu.expect(200, 'PATCH', `/api/v1/reviews/${kept}`, { cause: 'logistics' });
		await kesu.expect(200, 'POST', `/api/v1/reviews/${kept}/group`, { group: 'kept' });
		const reply = notes[3].join('\n');
		await kesu.expect(200, 'POST', `/api/v1/reviews/${kept}/reply`, { text: reply });
		const admin = await kesu.staff('admin', []);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), admin);
		const foreignOnPage = () => page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, object, embed, svg, math, style, link, meta, base, video, audio, [style], [src], [srcdoc]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		let foreign = 0;
		const missing = [];
		await page.goto('/#/reviews/negative');
		await page.waitForSelector('#rv-list tbody tr, table tbody tr');
		foreign += await foreignOnPage();
		const queue = await page.locator('#app').textContent();
		// the queue's first page: the newest 50
		for (const r of reviews.slice(-50))
			if (!queue.includes(r.buyer)) missing.push(r.buyer);
		// every review's page: its text, buyer, shop and product as written
		for (const r of reviews) {
			await page.goto(`/#/review/${r.id}`);
			await page.waitForSelector(`article.review[data-review="${r.id}"]`);
			foreign += await foreignOnPage();
			const text = await page.locator('article.review').textContent();
			for (const want of [...r.text.split('\n'), r.buyer, r.shop, r.product])
				if (!text.includes(want)) missing.push(want);
			if (r.id === first)
				for (const b of notes.slice(0, 3)) for (const n of b) if (!text.includes(n)) missing.push(n);
			if (r.id === kept) {
				const box = await page.locator('textarea').evaluateAll((els) => els.map((e) => e.value).join('\n'));
				if (!(text + box).includes(reply.split('\n')[0])) missing.push(reply.split('\n')[0]);
			}
		}
		await page.waitForTimeout(300);
		console.log(`xss in the reviews: ${payloads.length} payloads in ${reviews.length} reviews, ${notes.length - 1} notes and a reply: executed ${problems.executed.length + problems.dialogs.length}, ` +
			`CSP violations ${problems.csp.length}, foreign elements ${foreign}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(foreign, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} texts not shown as written`);
		assert.deepEqual(problems.pageErrors, []);
	});

	it('no payload of the list runs in the incidents and handling notices: titles, key matters, answers, duties, contacts, messages, the banner', { timeout: 300000 }, async () => {
		const kesu = env.kesu;
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		// a notice's texts take line breaks and tabs but no other control character
		const texts = payloads.filter((p) => !/[\x00-\x08\x0b-\x1f\x7f]/.test(p));
		const line = (max) => [...new Set(texts.filter((p) => chars(p) <= max && !/[\t]/.test(p)))];
		const titles = line(200), shorts = line(100);
		// every payload in some notice: its key matters, its answers' bodies
		const blocks = batches(texts, 3900);
		const notices = [];
		for (let k = 0, n = 0; k < blocks.length; n++) {
			const answers = blocks.slice(k + 1, k + 21).map((b, j) => ({ title: titles[(n * 20 + j) % titles.length], body: b.join('\n') }));
			notices.push({
				title: titles[(n * 7 + 3) % titles.length], key_matters: blocks[k].join('\n'), answers,
				remedy: shorts[n % shorts.length], duties: [{ who: shorts[(n + 1) % shorts.length], what: shorts[(n + 2) % shorts.length] }],
				contacts: [{ department: shorts[(n + 3) % shorts.length], person: shorts[(n + 4) % shorts.length], email: shorts[(n + 5) % shorts.length], duty: shorts[(n + 6) % shorts.length] }],
				teams: [1], publish: true,
			});
			k += 1 + answers.length;
		}
		// incidents named by payloads, one with a complaint, the first notice and messages
		const incidents = [];
		for (const title of titles.filter((_, k) => k % Math.ceil(titles.length / 40) === 0).slice(0, 40)) {
			const r = await kesu.api('POST', '/api/v1/incidents', { title });
			if (r.status === 201) incidents.push(r.json);
			else assert.equal(r.status, 400, r.text);
		}
		assert.ok(incidents.length >= 30, `${incidents.length} incidents`);
		const first = incidents[0];
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', language: 'zh-CN', complainant: { name: '周晓', phone: '13600007777' }, content: '事件', demand: '事件',
		});
		await kesu.expect(200, 'POST', `/api/v1/incidents/${first.id}/complaints`, { complaints: [c.tracking_no] });
		await kesu.expect(201, 'PUT', `/api/v1/incidents/${first.id}/notice`, notices[0]);
		for (const n of notices.slice(1)) await kesu.expect(201, 'POST', '/api/v1/handling-notices', n);
		// a message is one line
		const said = batches(titles.slice(0, 200), 490);
		for (const [k, b] of said.entries())
			await kesu.expect(201, 'POST', `/api/v1/incidents/${first.id}/messages`, { text: { 'zh-CN': b.join(' '), en: b.join(' ') } }, undefined, { headers: { 'Idempotency-Key': `xss-${k}` } });
		const agent = await kesu.staff('agent', [1]);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), agent);
		const foreignOnPage = () => page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, frame, frameset, object, embed, svg, math, style, link, meta, base, video, audio, source, marquee, template, xmp, [style], [src], [href^="javascript:" i], [href^="data:" i], [srcdoc], [formaction]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		let foreign = 0;
		const missing = [];
		const want = (text, list) => { for (const p of list) if (!text.includes(p)) missing.push(p); };
		const noticeTexts = (n) => [n.title, ...n.key_matters.split('\n'), ...n.answers.flatMap((a) => [a.title, ...a.body.split('\n')]), n.remedy,
			n.duties[0].who, n.duties[0].what, ...Object.values(n.contacts[0])];
		// the notices to confirm: every one, in full
		await page.goto('/#/notices');
		await page.waitForSelector('#hn-list article');
		foreign += await foreignOnPage();
		assert.equal(await page.locator('#hn-list article').count(), notices.length);
		const list = await page.locator('#hn-list').textContent();
		for (const n of notices) want(list, noticeTexts(n));
		// the incidents' titles, on the list and on each page
		await page.goto('/#/incidents');
		await page.waitForSelector('#ic-table tbody tr');
		foreign += await foreignOnPage();
		want(await page.locator('#ic-table').textContent(), incidents.map((i) => i.title));
		for (const i of incidents) {
			await page.goto(`/#/incident/${i.id}`);
			await page.waitForSelector(`article.incident[data-incident="${i.id}"]`);
			foreign += await foreignOnPage();
			const text = await page.locator('article.incident').textContent();
			want(text, [i.title]);
			if (i.id === first.id) want(text, [...noticeTexts(notices[0]), ...said.flat()]);
		}
		// the banner on its complaint
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector('#incident-banner');
		foreign += await foreignOnPage();
		want(await page.locator('#incident-banner').textContent(), [first.title, ...notices[0].key_matters.split('\n'), notices[0].remedy]);
		await page.waitForTimeout(300);
		console.log(`xss in the incidents: ${texts.length} payloads in ${notices.length} notices, ${incidents.length} incident titles, ${said.length} messages: ` +
			`executed ${problems.executed.length + problems.dialogs.length}, CSP violations ${problems.csp.length}, foreign elements ${foreign}, not shown as text ${missing.length}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(foreign, 0, 'elements from payloads on the page');
		assert.deepEqual(missing.slice(0, 5), [], `${missing.length} texts not shown as written`);
		assert.deepEqual(problems.pageErrors, []);
	});

	it('a payload typed into the form is shown as typed, from the form to the status page', { timeout: 60000 }, async () => {
		const { page, problems } = await env.page({ viewport: PHONE, trapScripts: true });
		const payload = '"><img src=x onerror=alert(1)><script>__xss()</script><svg/onload=prompt(1)>';
		await page.goto('/portal');
		await page.fill('[name="content"]', payload);
		await page.fill('[name="demand"]', `<iframe src="javascript:alert(2)"></iframe>`);
		await page.fill('[name="complainant.name"]', '<b onmouseover=confirm(3)>王</b>');
		await page.fill('[name="complainant.email"]', 'xss@example.com');
		await page.click('button[type="submit"]');
		await page.click('#status-link');
		await page.waitForSelector('#status-words');
		const text = await page.locator('.summary').textContent();
		for (const s of [payload, '<iframe src="javascript:alert(2)"></iframe>', '<b onmouseover=confirm(3)>王</b>'])
			assert.ok(text.includes(s), s);
		await page.hover('.summary');
		await page.waitForTimeout(200);
		assert.deepEqual(problems.list(), []);
	});

	it('a name written to turn the page around cannot: file names lose their overrides, every text keeps its own direction', { timeout: 60000 }, async () => {
		const kesu = env.kesu;
		const RLO = '\u202E';
		// "invoice", RIGHT-TO-LEFT OVERRIDE, "gpj.exe": shown as invoiceexe.jpg unless stopped
		const spoof = `invoice${RLO}gpj.exe`;
		const name = `مريم ${RLO}Li`;
		const content = `退款 ${RLO}123 元，订单 JD2026`;
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', complainant: { name, phone: '13700009999' }, content, language: 'zh-CN',
		});
		/* Whether the text node holding text, under sel, is isolated: its
		 * element has dir="auto" (or is a <bdi>) and the browser lays it out
		 * as an isolate. */
		const isolated = (page, sel, text) => page.evaluate(([s, want]) => {
			const walk = document.createTreeWalker(document.querySelector(s), NodeFilter.SHOW_TEXT);
			for (let n = walk.nextNode(); n; n = walk.nextNode()) {
				if (!n.data.includes(want)) continue;
				const el = n.parentElement;
				return (el.getAttribute('dir') === 'auto' || el.tagName === 'BDI') && getComputedStyle(el).unicodeBidi === 'isolate';
			}
			return null;
		}, [sel, text]);

		// the agent attaches the file on the complaint page
		const agentS = await kesu.staff('agent', [1]);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), agentS);
		// on the tab of the files, by its link
		await page.goto(`/#/c/${c.tracking_no}?tab=record`);
		await page.waitForSelector(`article.complaint[data-tracking="${c.tracking_no}"]`);
		await page.setInputFiles('#file-input', [{ name: spoof, mimeType: 'text/plain', buffer: Buffer.from('not an invoice\n') }]);
		await page.waitForSelector('#files a[href^="/api/v1/attachments/"]');
		const shown = await page.locator('#files a').textContent();
		assert.equal(shown, 'invoicegpj.exe');
		assert.ok(!shown.includes(RLO));
		assert.equal(await isolated(page, '#files', 'invoicegpj.exe'), true, 'the file name is isolated');
		// what the customer wrote keeps its override, inside its own box
		assert.equal(await isolated(page, '#details', name), true, 'the name is isolated');
		assert.equal(await isolated(page, '#content', content), true, 'the complaint is isolated');
		await page.goto('/#/queue/all');
		await page.waitForSelector(`#queue-table tr[data-tracking="${c.tracking_no}"]`);
		assert.equal(await isolated(page, `#queue-table tr[data-tracking="${c.tracking_no}"]`, name), true, 'the name in the queue');

		// the customer's own upload on the status page, and the list of them
		const mine = await kesu.expect(201, 'POST', '/api/v1/portal/complaints', {
			complainant: { name, phone: '13700009998' }, content,
		}, null);
		const customer = await env.page({ viewport: PHONE, trapScripts: true });
		await customer.page.goto(mine.status_url);
		await customer.page.waitForSelector('#status-words');
		await customer.page.setInputFiles('[name="file"]', [{ name: spoof, mimeType: 'text/plain', buffer: Buffer.from('not an invoice\n') }]);
		assert.equal(await isolated(customer.page, '.upload', spoof), true, 'the name chosen is isolated');
		await customer.page.click('.upload button[type="submit"]');
		await customer.page.waitForSelector('.files li');
		const listed = await customer.page.locator('.files button').textContent();
		assert.equal(listed, 'invoicegpj.exe');
		assert.equal(await isolated(customer.page, '.files', listed), true, 'the file name is isolated');
		assert.equal(await isolated(customer.page, '.summary', name), true, 'the name is isolated');
		assert.deepEqual(problems.list(), []);
		assert.deepEqual(customer.problems.list(), []);
	});

	it('no payload of the list runs as a colleague\'s name on a complaint\'s presence line', { timeout: 240000 }, async () => {
		const kesu = env.kesu;
		const payloads = fs.readFileSync(LIST, 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);
		// a display name holds 64 characters, one line; 60 spread over the list
		const fit = [...new Set(payloads.filter((p) => chars(p) <= 64 && !/[\t]/.test(p)))];
		const every = Math.max(1, Math.floor(fit.length / 60));
		const chosen = fit.filter((_, i) => i % every === 0).slice(0, 60);
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', language: 'zh-CN', complainant: { name: '周晓', phone: '13600008888' },
			content: '有人在看', demand: '看',
		});
		const manager = await kesu.staff('manager', [1]);
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), manager);
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector(`article.complaint[data-tracking="${c.tracking_no}"]`);
		await page.waitForSelector('html[data-live="open"]');
		// colleagues named by payloads come to it (a complaint shows at most
		// 32 people, the manager among them): told on the live stream. All
		// sign in first, then come at once: a page silent for 40 s is gone.
		const people = [];
		await pool(chosen, 2, async (name) => {
			if (people.length >= 30) return;
			const s = await kesu.staff('agent', [1]);
			const r = await kesu.api('PATCH', `/api/v1/users/${s.id}`, { display_name: name });
			if (r.status !== 200) { assert.equal(r.status, 400, r.text); return; } // control characters
			if (people.length < 30) people.push([name, s]);
		});
		const names = people.map(([name]) => name);
		await pool(people, 4, async ([, s], i) => {
			const said = await s.api('POST', `/api/v1/complaints/${c.tracking_no}/presence`, { editing: i % 2 === 0 });
			assert.equal(said.status, 200, said.text);
		});
		assert.ok(names.length >= 25, `${names.length} names`);
		const injected = () => page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, frame, frameset, object, embed, svg, math, style, link, meta, base, video, audio, source, marquee, isindex, applet, template, xmp, [style], [src], [href^="javascript:" i], [href^="data:" i], [srcdoc], [formaction]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		const shows = (list) => page.waitForFunction((l) => {
			const text = document.querySelector('#presence')?.textContent || '';
			return l.every((n) => text.includes(n));
		}, list, { timeout: 20000 });
		await shows(names);
		let foreign = await injected();
		// and as the page's own heartbeat is answered, drawn anew
		await page.goto('/#/queue');
		await page.waitForSelector('#queue-table');
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector(`article.complaint[data-tracking="${c.tracking_no}"]`);
		await shows(names);
		foreign += await injected();
		await page.waitForTimeout(300);
		console.log(`xss on the presence line: ${names.length} names; executed ${problems.executed.length + problems.dialogs.length}, ` +
			`CSP violations ${problems.csp.length}, foreign elements ${foreign}`);
		assert.deepEqual(problems.executed.slice(0, 5), [], 'payloads ran');
		assert.deepEqual(problems.dialogs.slice(0, 5), [], 'payloads opened dialogs');
		assert.deepEqual(problems.csp.slice(0, 5), [], 'markup was parsed: CSP violations');
		assert.equal(foreign, 0, 'elements from payloads on the page');
		assert.deepEqual(problems.pageErrors, []);
	});

	it('the traps do catch markup that is parsed (a check of the check)', { timeout: 60000 }, async () => {
		const { page, problems } = await env.page({ viewport: PHONE, trapScripts: true });
		await page.goto('/portal');
		await page.waitForSelector('h1');
		// what an unsafe page would do with a payload
		await page.evaluate(() => {
			const d = document.createElement('div');
			d.innerHTML = '<img src="/x" onerror="alert(1)"><a href="javascript:confirm(2)" id="bad">x</a>';
			document.body.append(d);
		});
		await page.click('#bad');
		await page.waitForFunction(() => true);
		await page.waitForTimeout(300);
		assert.ok(problems.csp.length >= 2, JSON.stringify(problems.csp));
		await page.evaluate(() => window.alert('direct'));
		assert.equal(problems.executed.length, 1);
		assert.equal(problems.executed[0].name, 'alert');
	});
});
