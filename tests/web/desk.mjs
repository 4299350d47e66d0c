// What the tests of the agents' workspace share: a signed-in page, a
// complaint opened on it, a form sent and the page drawn again, and the
// judgement and agreed plan a complaint needs before it may be resolved
// (made through the API where a test is about something else).
import assert from 'node:assert/strict';
import { DESKTOP } from './harness.mjs';

/* A page of env's browser signed in as session, on the workspace. */
export async function signedIn(env, session, opts = {}) {
	const p = await env.page({ viewport: DESKTOP, ...opts });
	instrument(p.page);
	await env.kesu.signIn(p.context, session);
	await p.page.goto('/');
	await p.page.waitForSelector('#sign-out');
	return p;
}

/* The complaint page keeps most of its panels in tabs. An act of the test
 * on a control in a tab not shown first clicks that tab, as a person
 * would; a wait for something in a hidden tab is met once it is on the
 * page. Every act is counted on page.acts, as what a person would do:
 * clicks (buttons, boxes, files, tabs), choices from a list, and keys (each
 * character typed, each key pressed). */
const ACTS = { click: 'clicks', check: 'clicks', uncheck: 'clicks', setInputFiles: 'clicks', selectOption: 'choices', fill: 'keys', type: 'keys', press: 'keys' };

export function instrument(page) {
	if (page.acts) return page;
	page.acts = { clicks: 0, choices: 0, keys: 0 };
	const tally = (m, arg) => {
		const kind = ACTS[m];
		page.acts[kind] += kind === 'keys' && m !== 'press' ? [...String(arg ?? '')].length : 1;
	};
	for (const m of Object.keys(ACTS)) {
		const act = page[m].bind(page);
		page[m] = async (sel, arg, ...rest) => {
			await reveal(page, sel);
			// choosing what is chosen already is no act
			if (m !== 'selectOption' || typeof arg !== 'string' || await page.inputValue(sel).catch(() => null) !== arg) tally(m, arg);
			return act(sel, arg, ...rest);
		};
	}
	for (const m of ['press', 'type']) {
		const act = page.keyboard[m].bind(page.keyboard);
		page.keyboard[m] = async (arg, ...rest) => {
			tally(m, arg);
			return act(arg, ...rest);
		};
	}
	const wait = page.waitForSelector.bind(page);
	page.waitForSelector = async (sel, opts = {}) => {
		if (opts.state) return wait(sel, opts);
		const el = await wait(sel, { ...opts, state: 'attached' });
		if (await el.evaluate((e) => !!e.closest('[role="tabpanel"][hidden]'))) return el;
		return wait(sel, opts);
	};
	return page;
}

/* A click the test makes to see the page refuse something (an empty
 * upload, a resolve without a plan): not part of a person's way through,
 * so not counted; the tab it needs is. */
export async function probe(page, sel) {
	await reveal(page, sel);
	await page.locator(sel).click();
}

/* Clicks the tab that holds sel when it is not the one shown. */
async function reveal(page, sel) {
	if (typeof sel !== 'string') return;
	const tab = await page.evaluate((s) => {
		let el = null;
		try { el = document.querySelector(s); } catch { return null; }
		const panel = el && el.closest('[role="tabpanel"][hidden]');
		return panel && panel.getAttribute('aria-labelledby');
	}, sel).catch(() => null); // a page between two documents has none
	if (tab) await page.click(`#${tab}`);
}

/* The complaint no on page; tab: the tab to open it on (its link). */
export async function openComplaint(page, no, tab) {
	const hash = `#/c/${no}${tab ? `?tab=${tab}` : ''}`;
	// the same address again changes no hash: load the page afresh then
	if (page.url().endsWith(hash)) await page.reload();
	else await page.goto(`/${hash}`);
	await page.waitForSelector(`article.complaint[data-tracking="${no}"]`);
}

export const status = (page) => page.locator('article.complaint').getAttribute('data-status');

export async function waitStatus(page, want) {
	await page.waitForSelector(`article.complaint[data-status="${want}"]`);
}

/* Clicks the submit button of the form sel on the complaint page and waits
 * until the page is drawn again; fails with the form's message if the
 * server said no instead. */
export async function submit(page, sel) {
	await page.evaluate(() => { document.querySelector('article.complaint').dataset.before = '1'; });
	await page.click(`${sel} button[type="submit"]`);
	await page.waitForFunction((s) => !document.querySelector('article.complaint[data-before]') ||
		[...document.querySelectorAll(`${s} .form-error, ${s} .field-error`)].some((e) => e.textContent.trim()), sel);
	if (await page.locator('article.complaint[data-before]').count()) {
		const said = await page.locator(`${sel} .form-error, ${sel} .field-error`).allTextContents();
		throw new Error(`${sel}: ${said.filter(Boolean).join(' | ')}`);
	}
}

/* What the customer is told is being done when work starts or a plan is
 * proposed on the page (the forms' progress line). */
export const DOING = '核实您反映的情况';

/* A transition through the page's form, and the page showing its result;
 * work starting tells the customer `doing`. */
export async function move(page, to, reason, doing = DOING) {
	// the form offers the move the next step expects first: chosen only if another
	if (await page.inputValue('#move-to') !== to) await page.selectOption('#move-to', to);
	if (reason) await page.fill('#move-reason', reason);
	if (to === 'in_progress') await page.fill('#move-progress-line', doing);
	await page.click('#move button[type="submit"]');
	await waitStatus(page, to);
}

/* Responsibility and cause set on the page's judgement form. */
export async function judge(page, responsibility, cause) {
	await page.selectOption('#j-responsibility', responsibility);
	await page.selectOption('#j-cause', cause);
	await submit(page, '#judgement-form');
	assert.equal(await page.inputValue('#j-responsibility'), responsibility);
	assert.equal(await page.inputValue('#j-cause'), cause);
}

/* Why a plan of a test about something else goes ahead on a demand the
 * customer did not confirm. */
export const DEMAND_REASON = '客户来电已口头认可诉求，复述稍后补录';

/* A plan proposed on the page; resolves to its id (the newest plan). The
 * form asks for a reason while the demand is not confirmed: reason, or
 * DEMAND_REASON, goes there then; doing is the line the customer is told. */
export async function propose(page, summary, reason = DEMAND_REASON, doing = '等待您对方案的答复') {
	await page.fill('#plan-summary', summary);
	if (await page.locator('#plan-demand-reason').count()) await page.fill('#plan-demand-reason', reason);
	await page.fill('#plan-progress-line', doing);
	await submit(page, '#plan-new');
	const first = page.locator('#plan-list > li').first();
	assert.equal(await first.locator('.plan-summary').textContent(), summary);
	assert.equal(await first.getAttribute('data-state'), 'proposed');
	return Number(await first.getAttribute('data-plan'));
}

/* The customer's answer to plan id, as the agent heard it on the phone. */
export async function recordAnswer(page, id, answer, conditions) {
	await page.selectOption(`#plan-answer-${id}`, answer);
	if (conditions) await page.fill(`#plan-conditions-${id}`, conditions);
	await submit(page, `#plan-answer-form-${id}`);
	await page.waitForSelector(`#plan-list li[data-plan="${id}"][data-state="${answer}"]`);
}

/* Through the API: what resolving no needs (a judgement and an accepted
 * plan), as the administrator. */
export async function settle(kesu, no, summary = '按客户的要求处理') {
	const got = await kesu.api('GET', `/api/v1/complaints/${no}`);
	assert.equal(got.status, 200, got.text);
	await kesu.expect(200, 'PATCH', `/api/v1/complaints/${no}`, { responsibility: 'ours', cause: 'quality' }, undefined,
		{ headers: { 'If-Match': got.headers.etag } });
	const said = await kesu.expect(200, 'GET', `/api/v1/complaints/${no}/demand-restatements`);
	const confirmed = said.items.length > 0 && said.items[0].state === 'confirmed';
	const plan = await kesu.expect(201, 'POST', `/api/v1/complaints/${no}/plans`,
		{ summary, progress: { line: '等待您对方案的答复' }, ...(confirmed ? {} : { demand_unconfirmed_reason: DEMAND_REASON }) });
	await kesu.expect([200, 201], 'POST', `/api/v1/plans/${plan.id}/answer`, { answer: 'accepted' });
	return plan.id;
}

/* Text and labels on screen that are a key of the dictionary words (the
 * workspace's, from i18n.js): a string the page asked for and did not
 * find. A key that is also its own English word ('none') cannot tell. */
export function keysOnScreen(page, words) {
	const keys = Object.keys(words).filter((k) => !words[k].includes(k));
	return page.evaluate((list) => {
		const known = new Set(list);
		const out = [];
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const s = n.textContent.trim();
			if (known.has(s)) out.push(s);
		}
		for (const el of document.querySelectorAll('[placeholder], [aria-label], [alt], [title]'))
			for (const a of ['placeholder', 'aria-label', 'alt', 'title'])
				if (known.has(el.getAttribute(a))) out.push(`${a}=${el.getAttribute(a)}`);
		return out;
	}, keys);
}
