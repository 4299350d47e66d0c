// What kesu read in a complaint, on its page, over the demo's month with
// the models trained from it: a customer who threatens to go to 12315
// shows the regulator threat with their words, the emotion an agent set
// beside kesu's, the category and cause kesu suggests with their scores;
// one click accepts the reading, the page and the API then say who
// accepted it and the complaint carries kesu's values; the timeline says
// why it went up and that the reading was accepted. A look-alike (a
// customer who works at a law firm) shows no threat. A customer who
// writes again angrier shows on the timeline. An auditor reads the panel
// in zh-CN, zh-TW and English with no accept button and no key on
// screen; the customer's words stay text.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { setup, assertClean, sleep, KESU_BIN, ROOT } from './harness.mjs';
import { signedIn as signedInTo, openComplaint, keysOnScreen } from './desk.mjs';

const env = setup({ server: { initArgs: ['--demo', '--company', '示例商城'], timeoutMs: 60000 } });
const signedIn = (session, opts) => signedInTo(env, session, opts);
// the demo has staff of its own: ours are named apart
let people = 0;
const staff = (role, teams = []) => env.kesu.staff(role, teams, { username: `reading.${role}${++people}` });
const LANGS = ['zh-CN', 'zh-TW', 'en'];

// the pages' words as the browser gets them (key: [zh-CN, zh-TW, en])
const load = async (file) => (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default;
const W = { ...(await load('workspace-words.js')), ...(await load('words-reading.js')) };
const w = (key, l = 'zh-CN', params = {}) => {
	assert.ok(W[key], `no words for ${key}`);
	return W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
};
// the server's words for the emotions (GET /api/v1/fields), in zh-CN
const EMOTION = { calm: '平静', upset: '不满', angry: '愤怒', furious: '暴怒' };

const THREAT = '电水壶用了三天就坏了，你们再不退款我就去12315投诉你们';
const LOOK_ALIKE = '我在律师事务所上班，这个杯子质量不错';

let seq = 0;
function body(content, over = {}) {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '陈晓', phone: `1380000${String(5100 + seq)}` },
		object: { kind: 'order', ref: `JD2026120700${seq}`, name: '电水壶' },
		content, demand: '退款', severity: 'normal', language: 'zh-CN', ...over,
	};
}

/* The page's text of the reading panel's row of field. */
const rowText = (page, field) => page.locator(`#reading .an-row[data-field="${field}"]`).textContent();

describe('what kesu read', () => {
	before(async () => {
		// the demo's month trains the category and cause models; the server
		// takes them up by itself
		const r = spawnSync(KESU_BIN, ['train', '--data', env.kesu.data], { encoding: 'utf8', timeout: 120000 });
		assert.equal(r.status, 0, r.stderr);
		for (let i = 0; ; i++) {
			const an = await env.kesu.expect(200, 'POST', '/api/v1/analyze', { text: THREAT });
			if (an.category_suggestions.length && an.cause_suggestions.length) break;
			assert.ok(i < 100, `the trained models were not taken up: ${an.model}`);
			await sleep(200);
		}
	});

	it('shows the threat and the suggestions, and an agent accepts the reading', { timeout: 150000 }, async () => {
		const kesu = env.kesu;
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body(THREAT));
		const reading = async (no) => (await kesu.expect(200, 'GET', `/api/v1/complaints/${no}`)).analysis;
		const an = await reading(cp.tracking_no);
		assert.deepEqual(an.threats.map((x) => x.kind), ['regulator'], JSON.stringify(an.threats));
		// an agent set another emotion first: the page shows both
		const mine = an.emotion === 'calm' ? 'furious' : 'calm';
		await kesu.expect(200, 'PATCH', `/api/v1/complaints/${cp.tracking_no}`, { emotion: mine },
			undefined, { headers: { 'If-Match': `"v${cp.version}"` } });

		const agent = await staff('agent', [cp.team_id]);
		await kesu.expect(200, 'PATCH', `/api/v1/users/${agent.id}`, { display_name: '林小雨' });
		const x = await signedIn(agent);
		const p = x.page;
		await openComplaint(p, cp.tracking_no);
		await p.waitForSelector('#reading');
		assert.equal(await p.locator('#reading-h').textContent(), '自动解读');
		// the threat, its kind in words and the customer's own words
		const threat = p.locator('#reading-threats li[data-kind="regulator"]');
		assert.equal(await threat.count(), 1);
		assert.equal(await threat.locator('.badge').textContent(), '监管部门（12315）');
		assert.equal(await threat.locator('.an-evidence').textContent(), an.threats[0].evidence);
		assert.ok(an.threats[0].evidence.includes('12315'), an.threats[0].evidence);
		// kesu's emotion and the agent's beside it
		const emotion = await rowText(p, 'emotion');
		assert.ok(emotion.includes(EMOTION[an.emotion]) && emotion.includes(`客服定为：${EMOTION[mine]}`), emotion);
		assert.equal(await p.locator('#reading .an-row[data-field="emotion"].differs').count(), 1);
		// the tone as a figure and a meter
		assert.equal(Number(await p.locator('#reading-polarity').getAttribute('value')), an.polarity);
		// the suggestions with their scores, likeliest first
		const top = an.category_suggestions[0];
		const cat = p.locator('#reading .an-row[data-field="category"] .an-suggestion').first();
		assert.equal(await cat.getAttribute('data-value'), top.category);
		assert.ok((await cat.textContent()).includes(`${Math.round(top.score * 100)}%`), await cat.textContent());
		assert.equal(await p.locator('#reading .an-row[data-field="cause"] .an-suggestion').first().getAttribute('data-value'),
			an.cause_suggestions[0].cause);
		// why it went up: the threat, in the page's words
		const up = await p.locator('#timeline li[data-kind="escalated"]').first().textContent();
		assert.ok(up.includes(w('ev.escalated_threat')) && up.includes(`监管部门（12315）：${an.threats[0].evidence}`), up);
		assert.equal(await p.locator('#reading-accepted').count(), 0);

		// one click: the emotion and mindset, and the category and cause no one set
		const hint = await p.locator('#reading-accept-hint').textContent();
		assert.ok(hint.includes('情绪') && hint.includes('类别') && hint.includes('主要原因'), hint);
		assert.equal(await p.locator('#reading-accept').textContent(), '采纳');
		await p.click('#reading-accept');
		await p.waitForSelector('#reading-accepted');
		const said = await p.locator('#reading-accepted').textContent();
		assert.ok(said.includes('林小雨') && said.includes('采纳'), said);
		// nothing left to accept; the agent's values are kesu's now
		assert.equal(await p.locator('#reading-accept').count(), 0);
		assert.equal(await p.locator('#reading .an-row.differs').count(), 0);
		const head = await p.locator('.complaint-head').textContent();
		assert.ok(head.includes(EMOTION[an.emotion]), head);
		const accepted = await p.locator('#timeline li[data-kind="analysis_accepted"]').textContent();
		assert.ok(accepted.includes(`采纳了自动解读：情绪：${EMOTION[an.emotion]}`), accepted);

		const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`);
		assert.equal(got.analysis.accepted_by, agent.username);
		assert.ok(got.analysis.accepted_at);
		assert.equal(got.emotion, got.analysis.emotion);
		assert.equal(got.mindset, got.analysis.mindset);
		assert.equal(got.category, top.category);
		assert.equal(got.cause, an.cause_suggestions[0].cause);
		assertClean(x.problems);
	});

	it('shows no threat for a customer who works at a law firm', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body(LOOK_ALIKE));
		assert.deepEqual((await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`)).analysis.threats, []);
		assert.equal(cp.threat, false);
		const x = await signedIn(await staff('agent', [cp.team_id]));
		await openComplaint(x.page, cp.tracking_no);
		await x.page.waitForSelector('#reading');
		assert.equal(await x.page.locator('#reading-no-threat').textContent(), '没有读到');
		assert.equal(await x.page.locator('#reading-threats').count(), 0);
		assert.equal(await x.page.locator('.complaint-head .badge.threat').count(), 0);
		assertClean(x.problems);
	});

	it('shows a customer who writes again angrier on the timeline', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body('请问我的订单什么时候发货？谢谢'));
		await kesu.expect(201, 'POST', `/api/v1/portal/complaints/${cp.tracking_no}/messages`,
			{ body: '你们这是诈骗！气死我了！骗子公司！太过分了！' }, { portal: cp.portal_token });
		const events = (await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}/events`)).items;
		const mood = events.find((e) => e.kind === 'mood_changed');
		assert.ok(mood, JSON.stringify(events.map((e) => e.kind)));
		const x = await signedIn(await staff('agent', [cp.team_id]));
		await openComplaint(x.page, cp.tracking_no);
		const li = await x.page.locator('#timeline li[data-kind="mood_changed"]').textContent();
		assert.ok(li.includes(`客户情绪：${EMOTION[mood.data.from]} → ${EMOTION[mood.data.to]}`), li);
		assert.ok(li.includes('语气：'), li);
		// the panel reads the newest words
		assert.ok((await x.page.locator('#reading-source').textContent()).startsWith('读自客户最近一次留言'));
		assertClean(x.problems);
	});

	it('offers the earlier complaint the words repeat, linked', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const words = '电饭煲煮饭总是夹生，内胆涂层也掉了，用了不到一个月就这样';
		const who = { channel: 'phone', complainant: { name: '李雷', phone: '13800005999' }, object: { kind: 'order', name: '电饭煲' } };
		const first = await kesu.expect(201, 'POST', '/api/v1/complaints', body(words, { ...who, object: { ...who.object, ref: 'JD20261207901' } }));
		const again = await kesu.expect(201, 'POST', '/api/v1/complaints', body(words, { ...who, object: { ...who.object, ref: 'JD20261207902' } }));
		const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${again.tracking_no}`);
		assert.deepEqual((got.analysis.repeats || []).map((x) => [x.tracking_no, x.offer]), [[first.tracking_no, 'duplicate']]);
		const x = await signedIn(await staff('agent', [again.team_id]));
		await openComplaint(x.page, again.tracking_no);
		const li = x.page.locator('#reading-repeats li[data-offer="duplicate"]');
		const text = await li.textContent();
		assert.ok(text.includes(first.tracking_no) && text.includes('可能是重复投诉') &&
			text.includes(`相似度 ${Math.round(got.analysis.repeats[0].similarity * 100)}%`), text);
		await li.locator('a').click();
		await x.page.waitForSelector(`article.complaint[data-tracking="${first.tracking_no}"]`);
		assertClean(x.problems);
	});

	it('an administrator switches reading off and on again on the routing page', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const x = await signedIn(await staff('admin'));
		const p = x.page;
		await p.goto('/#/admin/routing');
		await p.waitForSelector('#analysis-enabled');
		assert.equal(await p.isChecked('#analysis-enabled'), true);
		await p.uncheck('#analysis-enabled');
		await p.waitForSelector('.toast', { state: 'attached' });
		assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/analysis-policy'), { enabled: false });
		// a threat registered now is not read: no escalation, nothing kept
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body(THREAT));
		assert.equal(cp.threat, false);
		const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`);
		assert.equal(got.analysis, null);
		// its page shows no reading, and nothing to accept
		await openComplaint(p, cp.tracking_no);
		assert.equal(await p.locator('#reading-source').count(), 0);
		assert.equal(await p.locator('#reading-accept').count(), 0);
		await p.goto('/#/admin/routing');
		await p.waitForSelector('#analysis-enabled');
		assert.equal(await p.isChecked('#analysis-enabled'), false);
		await p.check('#analysis-enabled');
		await p.waitForFunction(() => !document.getElementById('analysis-enabled').disabled);
		assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/analysis-policy'), { enabled: true });
		assertClean(x.problems);
	});

	it('an auditor reads it in three languages, without the button, the customer\'s words as text', { timeout: 150000 }, async () => {
		const kesu = env.kesu;
		const evil = '<img src=x onerror="window.__xss()">你们再不退款我就去12315投诉你们';
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body(evil));
		const { threats } = (await kesu.expect(200, 'GET', `/api/v1/complaints/${cp.tracking_no}`)).analysis;
		const evidence = threats.map((x) => x.evidence);
		assert.equal(evidence.length, 1, JSON.stringify(threats));
		const auditor = await staff('auditor');
		const x = await signedIn(auditor, { trapScripts: true });
		const p = x.page;
		const words = await p.evaluate(async () => (await import('/assets/i18n.js')).words());
		for (const l of LANGS) {
			if (l !== 'zh-CN') {
				await p.selectOption('#lang', l);
				await p.waitForFunction((want) => document.documentElement.lang === want, l);
			}
			await openComplaint(p, cp.tracking_no);
			await p.waitForSelector('#reading');
			assert.equal(await p.locator('#reading-h').textContent(), w('an_title', l));
			assert.equal(await p.locator('#reading-threats .badge').textContent(), w('an_threat.regulator', l));
			assert.deepEqual(await p.locator('#reading-threats .an-evidence').allTextContents(), evidence);
			assert.equal(await p.locator('#reading-accept').count(), 0, `${l}: an auditor changes nothing`);
			assert.deepEqual(await keysOnScreen(p, words), [], l);
		}
		assert.equal(await p.locator('#reading img').count(), 0);
		assertClean(x.problems);
	});
});
