// The supervisors' view of a team (#/team) in zh-CN, zh-TW and English: a
// supervisor of two teams picks one and reads each agent's figures, the
// same numbers the API gives, formatted in the page's language, with who
// is on duty; the table has its headers; an agent has no link to it and is
// refused the page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, assertClean, ROOT } from './harness.mjs';
import { signedIn, settle } from './desk.mjs';

const env = setup();
let dict;
async function words(l) {
	if (!dict) {
		const src = fs.readFileSync(path.join(ROOT, 'web/assets/workspace-words.js'), 'utf8');
		dict = (await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(src))).default;
	}
	const i = ['zh-CN', 'zh-TW', 'en'].indexOf(l);
	return (key) => dict[key][i];
}

let seq = 0;
function body() {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '韩梅梅', phone: `1390000${String(7100 + seq)}` },
		object: { kind: 'order', ref: `JD2026120500${seq}`, name: '电饭煲' },
		content: '电饭煲煮饭夹生。', demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

async function complaintOf(kesu, team, agent) {
	const c = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
	await kesu.expect(200, 'POST', `/api/v1/complaints/${c.id}/assignment`, { team_id: team, assignee_id: agent });
	return c;
}

const move = (kesu, id, to, extra = {}) => kesu.expect(200, 'POST', `/api/v1/complaints/${id}/transitions`, { to, ...extra });

describe('team view', () => {
	for (const l of ['zh-CN', 'zh-TW', 'en']) {
		it(`a supervisor reads their agents' figures (${l})`, { timeout: 120000 }, async () => {
			const kesu = env.kesu;
			const w = await words(l);
			const team = await kesu.addTeam(`售后一组-${l}`);
			const other = await kesu.addTeam(`售后二组-${l}`);
			const boss = await kesu.staff('supervisor', [team, other]);
			const one = await kesu.staff('agent', [team]);
			const two = await kesu.addUser('agent', [team]);
			await kesu.expect(200, 'PATCH', `/api/v1/users/${one.id}`, { display_name: '王小明' });
			await kesu.expect(200, 'PUT', `/api/v1/users/${one.id}/duty`, { on_duty: true });
			// one's: answered, resolved, followed up and rated 5; another open;
			// two's: open, unanswered
			const c1 = await complaintOf(kesu, team, one.id);
			await complaintOf(kesu, team, one.id);
			await complaintOf(kesu, team, two.id);
			await move(kesu, c1.id, 'in_progress', { progress: { line: '核实您反映的情况' } });
			await settle(kesu, c1.id);
			await move(kesu, c1.id, 'resolved', { reason: '已换新机' });
			await move(kesu, c1.id, 'follow_up');
			await kesu.expect(201, 'POST', `/api/v1/complaints/${c1.id}/callbacks`,
				{ method: 'phone', reached: true, satisfaction: 5, carried_out: true });
			const api = await kesu.expect(200, 'GET', `/api/v1/teams/${team}/agents`);
			const fig = Object.fromEntries(api.items.map((x) => [x.user_id, x]));
			assert.equal(fig[one.id].open, 1);
			assert.equal(fig[one.id].assigned, 2);
			assert.equal(fig[one.id].resolution.count, 1);
			assert.deepEqual(fig[one.id].satisfaction, { rated: 1, average: 5, satisfied_percent: 100 });

			const x = await signedIn(env, boss);
			const p = x.page;
			await p.selectOption('#lang', l);
			await p.waitForFunction((want) => document.documentElement.lang === want, l);
			// the link is there for a supervisor
			const link = p.locator('header nav a[href="#/team"]');
			assert.equal((await link.textContent()).trim(), w('nav_team'));
			await link.click();
			await p.waitForSelector('#tv-table');
			// two teams: a picker; the other one chosen, then this one
			assert.equal(await p.locator('#tv-team option').count(), 2);
			await p.selectOption('#tv-team', String(other));
			await p.waitForFunction(() => document.querySelector('#tv-table caption')?.textContent.includes('售后二组-'));
			await p.selectOption('#tv-team', String(team));
			await p.waitForFunction(() => document.querySelector('#tv-table caption')?.textContent.includes('售后一组-'));
			const caption = await p.locator('#tv-table caption').textContent();
			assert.ok(caption.includes(`售后一组-${l}`), caption);
			// headers: one per column, scoped; each row headed by the agent
			const heads = await p.locator('#tv-table thead th').evaluateAll((els) => els.map((e) => [e.getAttribute('scope'), e.textContent]));
			assert.ok(heads.every(([s]) => s === 'col' || s === 'colgroup'), JSON.stringify(heads));
			const texts = heads.map(([, t]) => t);
			for (const k of ['tv_agent', 'tv_duty', 'tv_open', 'tv_assigned', 'tv_first_response', 'tv_resolution', 'tv_median', 'tv_p90', 'tv_satisfaction', 'tv_breaches'])
				assert.ok(texts.includes(w(k)), `${k}: ${texts}`);
			const row = (id) => p.locator(`#tv-table tbody tr[data-user="${id}"]`);
			const cell = async (id, cls) => (await row(id).locator(`.${cls}`).textContent()).trim();
			assert.equal(await p.locator('#tv-table tbody tr').count(), 3); // the two agents and the supervisor
			assert.equal(await row(one.id).locator('th[scope="row"] .agent-name').textContent(), '王小明');
			assert.equal(await cell(one.id, 'duty'), w('tv_on_duty'));
			assert.equal(await cell(two.id, 'duty'), w('tv_off_duty'));
			assert.equal(await cell(one.id, 'open'), String(fig[one.id].open));
			assert.equal(await cell(one.id, 'assigned'), String(fig[one.id].assigned));
			assert.equal(await cell(two.id, 'open'), '1');
			assert.equal(await cell(one.id, 'breaches'), String(fig[one.id].breaches));
			// satisfaction: the average to a tenth and the share satisfied
			assert.equal(await cell(one.id, 'satisfaction'), '5.0 / 5 · 100%');
			assert.equal(await cell(two.id, 'satisfaction'), '—');
			// times in the page's words (minutes: "0 分钟", "0 min"); none: a dash
			const unit = { 'zh-CN': '分钟', 'zh-TW': '分鐘', en: 'min' }[l];
			assert.ok((await cell(one.id, 'res-median')).endsWith(unit), await cell(one.id, 'res-median'));
			assert.equal(await cell(two.id, 'first-median'), '—');
			assert.equal(await p.locator('#tv-note').textContent(), w('tv_note'));
			assertClean(x.problems);
			await x.context.close();

			// an agent: no link, and the page refuses
			const y = await signedIn(env, one);
			await y.page.selectOption('#lang', l);
			await y.page.waitForFunction((want) => document.documentElement.lang === want, l);
			assert.equal(await y.page.locator('header nav a[href="#/team"]').count(), 0);
			await y.page.goto('/#/team');
			await y.page.waitForSelector('.view .form-error');
			assert.equal((await y.page.locator('.view .form-error').textContent()).trim(), w('forbidden'));
			await y.context.close();
		});
	}
});
