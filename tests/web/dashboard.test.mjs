// The dashboard's charts on a laptop screen: each chart is shown no
// smaller than it is drawn, so its 12 px labels stay 11 px or more; a
// period with nothing in it says so in words; in zh-CN, zh-TW and English.
// The escalation chart and the table of open complaints by level count
// different things and their titles say which; the chart's numbers are
// shown beside it from the report it is drawn from, and where the two
// measures meet (each open complaint escalated once, this month) the
// numbers are the same.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup } from './harness.mjs';
import { signedIn } from './desk.mjs';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const env = setup();
const LABEL_PX = 12; // CHART_SVG_LABEL in src/report/document.h
const LAPTOP = { width: 1280, height: 800 };
const NO_DATA = { 'zh-CN': '本期没有数据', 'zh-TW': '本期沒有資料', en: 'No data in this period' };

let seq = 0;
function body() {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '李雷', phone: `1390000${String(8100 + seq)}` },
		object: { kind: 'order', ref: `JD2026120400${seq}`, name: '电热水壶' },
		content: '水壶漏水。', demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

describe('dashboard charts', () => {
	for (const l of ['zh-CN', 'zh-TW', 'en']) {
		it(`labels readable, empty said in words (${l})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			for (let k = 0; k < 3; k++) await kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const boss = await kesu.staff('supervisor', [1]);
			const x = await signedIn(env, boss, { viewport: LAPTOP });
			const p = x.page;
			await p.selectOption('#lang', l);
			await p.waitForFunction((want) => document.documentElement.lang === want, l);
			await p.goto('/#/dashboard');
			await p.waitForSelector('.dashboard .charts img');
			const n = await p.locator('.dashboard .charts img').count();
			const drew = [];
			assert.equal(n, 4);
			for (let i = 0; i < n; i++) {
				const img = p.locator('.dashboard .charts img').nth(i);
				await img.scrollIntoViewIfNeeded();
				await p.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
				const { shown, drawn, src } = await img.evaluate((el) => ({ shown: el.clientWidth, drawn: el.naturalWidth, src: el.src }));
				assert.equal(drawn, 480, src);
				assert.ok(LABEL_PX * shown / drawn >= 11, `${src}: labels ${LABEL_PX * shown / drawn} px on screen`);
				assert.ok(src.includes(`lang=${l}`), src);
				drew.push(await p.evaluate(async (u) => (await fetch(u)).text(), src));
			}
			// the complaints of the month are drawn (by day), not "no data"
			assert.ok(!drew[0].includes(NO_DATA[l]) && drew[0].includes('<path'), drew[0].slice(0, 300));
			assert.ok(/width="480(px)?"/.test(drew[0]), drew[0].slice(0, 300));
			// a period with nothing: the chart says it in words, not an empty frame
			const svg = await p.evaluate(async () => (await fetch('/api/v1/charts/escalations_by_level?from=2001-01-01&to=2001-01-30&team=1&lang=' + document.documentElement.lang, { credentials: 'same-origin' })).text());
			assert.ok(svg.includes(NO_DATA[l]), svg);
			const size = Number(/font-size="(\d+)"/.exec(svg)[1]);
			assert.ok(size >= 11, `no-data words ${size} px`);
			await x.context.close();
		});
	}

	for (const l of ['zh-CN', 'zh-TW', 'en']) {
		it(`the escalation chart's numbers are the level table's (${l})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const src = fs.readFileSync(path.join(ROOT, 'web/assets/workspace-words.js'), 'utf8');
			const dict = (await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(src))).default;
			const w = (k) => dict[k][['zh-CN', 'zh-TW', 'en'].indexOf(l)];
			const team = await kesu.addTeam(`升级组-${l}`);
			const boss = await kesu.staff('supervisor', [team]);
			// three open complaints of the team: two escalated once (to the
			// supervisor), one at the front line
			const ids = [];
			for (let k = 0; k < 3; k++) {
				const c = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
				await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/assignment`, { team_id: team });
				ids.push(c.id);
			}
			for (const id of ids.slice(0, 2))
				await kesu.expect(200, 'POST', `/api/v1/complaints/${id}/escalations`, { reason: '客户要求主管处理' });
			const x = await signedIn(env, boss, { viewport: LAPTOP });
			const p = x.page;
			await p.selectOption('#lang', l);
			await p.waitForFunction((want) => document.documentElement.lang === want, l);
			await p.goto('/#/dashboard');
			await p.waitForSelector('#d-escalations-data tr');
			// the titles say what each counts
			const levelHead = await p.locator('#d-by-level').evaluate((t) => t.closest('section').querySelector('h2').textContent);
			assert.equal(levelHead, w('d_by_level'));
			const figure = p.locator('figure', { has: p.locator('#d-escalations-data') });
			assert.equal(await figure.locator('figcaption').textContent(), w('chart.escalations_by_level'));
			assert.equal(await figure.locator('img').getAttribute('alt'), w('chart.escalations_by_level'));
			const rows = (sel) => p.locator(`${sel} tr`).evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th').textContent, Number(tr.querySelector('td').textContent)]));
			const chart = await rows('#d-escalations-data');
			const table = Object.fromEntries(await rows('#d-by-level'));
			// the chart's numbers are the report's it is drawn from...
			const src2 = await figure.locator('img').getAttribute('src');
			const q = src2.slice(src2.indexOf('?')).replace(/&?lang=[^&]*/, '');
			const stats = await p.evaluate(async (u) => (await fetch(u, { credentials: 'same-origin' })).json(), `/api/v1/stats/escalations${q}`);
			assert.deepEqual(chart.map(([, n]) => n), stats.by_level.map((r) => r.count));
			assert.ok(q.includes(`team=${team}`), q);
			// ...and, every escalated complaint open and escalated once this
			// month, the open complaints' table's at each level escalated to
			assert.deepEqual(chart.length, 1, JSON.stringify(chart));
			for (const [level, n] of chart) assert.equal(table[level], n, `${level}: chart ${n}, table ${table[level]}`);
			assert.equal(chart.reduce((a, [, n]) => a + n, 0), Number(await p.locator('#d-escalated').textContent()));
			await x.context.close();
		});
	}
});
