// 接手 and duty in the workspace: an agent takes an unassigned complaint
// from the queue row and another from its page (the button gone after,
// the timeline saying so, a colleague's complaint offering none), switches
// duty on in the header; an administrator sets a team's assignment rule,
// in zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

const env = setup();
const TEAM = 1;
const signedIn = (session, opts) => signedInTo(env, session, opts);

/* Signed in, the page switched to language l (kept for the next pages). */
async function signedInIn(session, l) {
	const x = await signedIn(session);
	await x.page.selectOption('#lang', l);
	await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	return x;
}

let seq = 0;
function body() {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '李雷', phone: `1390000${String(8000 + seq)}` },
		object: { kind: 'order', ref: `JD2026120300${seq}`, name: '电热水壶' },
		content: '水壶漏水。', demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

describe('take and duty', () => {
	it('takes from the queue row and from the page; the duty switch', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const fromRow = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const fromPage = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const agent = await kesu.staff('agent', [TEAM]);
		const mate = await kesu.staff('agent', [TEAM]);
		const a = await signedIn(agent);
		const p = a.page;

		// the unassigned queue: the row's 接手 button, the row stays closed
		await p.goto('/#/queue/unassigned');
		const row = `#queue-table tr[data-tracking="${fromRow.tracking_no}"]`;
		await p.waitForSelector(row);
		assert.equal(await p.locator('#queue-table thead th').last().textContent(), '接手');
		const take = p.locator(`${row} button[data-take="${fromRow.tracking_no}"]`);
		assert.equal(await take.textContent(), '接手');
		assert.equal(await take.getAttribute('aria-label'), `接手 ${fromRow.tracking_no}`);
		await take.click();
		await p.waitForSelector(`${row} td.take .taken`);
		assert.equal(await p.locator(`${row} td.take`).textContent(), '已接手，现在由你负责');
		assert.ok(p.url().endsWith('#/queue/unassigned'), 'the take does not open the row');
		let got = await kesu.expect(200, 'GET', `/api/v1/complaints/${fromRow.tracking_no}`);
		assert.equal(got.assignee_id, agent.id);

		// the page's button: gone once taken, the timeline says who took it
		await openComplaint(p, fromPage.tracking_no);
		assert.equal(await p.locator('#take').textContent(), '接手');
		await p.click('#take');
		await p.waitForSelector('#take', { state: 'detached' });
		await p.waitForFunction(() => document.querySelector('#timeline').textContent.includes('接手了投诉'));
		got = await kesu.expect(200, 'GET', `/api/v1/complaints/${fromPage.tracking_no}`);
		assert.equal(got.assignee_id, agent.id);

		// a colleague sees no button on a complaint someone holds
		const m = await signedIn(mate);
		await openComplaint(m.page, fromPage.tracking_no);
		assert.equal(await m.page.locator('#take').count(), 0);
		await m.page.goto('/#/queue/team');
		await m.page.waitForSelector(`#queue-table tr[data-tracking="${fromPage.tracking_no}"]`);
		assert.equal(await m.page.locator(`#queue-table tr[data-tracking="${fromPage.tracking_no}"] button.take`).count(), 0);

		// the duty switch in the header
		assert.equal(await p.locator('label.duty').textContent(), ' 在岗');
		assert.equal(await p.locator('#duty').isChecked(), false);
		await p.click('#duty');
		await p.waitForSelector('.toast');
		await p.waitForFunction(() => !document.querySelector('#duty').disabled);
		const me = await kesu.expect(200, 'GET', `/api/v1/users/${agent.id}`);
		assert.equal(me.on_duty, true);
		assertClean(a.problems);
		assertClean(m.problems);
	});

	it('says it in zh-TW and English; an administrator sets a team\'s rule', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', body());
		const twAgent = await kesu.staff('agent', [TEAM]);
		const tw = await signedInIn(twAgent, 'zh-TW');
		await openComplaint(tw.page, cp.tracking_no);
		assert.equal(await tw.page.locator('#take').textContent(), '接手');
		assert.equal(await tw.page.locator('label.duty').textContent(), ' 在崗');
		const en = await signedInIn(await kesu.staff('agent', [TEAM]), 'en');
		await openComplaint(en.page, cp.tracking_no);
		assert.equal(await en.page.locator('#take').textContent(), 'Take it');
		assert.equal(await en.page.locator('label.duty').textContent(), ' On duty');
		await en.page.click('#take');
		await en.page.waitForSelector('#take', { state: 'detached' });
		await en.page.waitForFunction(() => document.querySelector('#timeline').textContent.includes('took the complaint'));

		// a team named with markup is shown as text (in its name's field)
		const evil = '<img src=x onerror="window.__x=1">二组';
		const team = await kesu.addTeam(evil);
		const admin = await signedInIn(await kesu.staff('admin', []), 'en');
		const p = admin.page;
		await p.goto('/#/admin/teams');
		await p.waitForSelector('#team-rules');
		assert.equal(await p.locator('h1').textContent(), 'Teams and assignment');
		assert.equal(await p.locator(`#team-${team}-name`).inputValue(), evil);
		assert.equal(await p.evaluate(() => window.__x), undefined);
		await p.selectOption(`#team-${TEAM}-rule`, 'round_robin');
		await p.check(`#team-${TEAM}-skill`);
		await p.click(`#team-rules button[data-team="${TEAM}"]`);
		await p.waitForSelector('.toast');
		const teams = (await kesu.expect(200, 'GET', '/api/v1/teams')).items;
		const t1 = teams.find((x) => x.id === TEAM);
		assert.equal(t1.assign_rule, 'round_robin');
		assert.equal(t1.assign_by_skill, true);
		// drawn again, the page shows the rule saved
		await p.reload();
		await p.waitForSelector('#team-rules');
		assert.equal(await p.locator(`#team-${TEAM}-rule`).inputValue(), 'round_robin');

		// the members: who is on duty, and their skills set here
		const member = `#members tr[data-member="${twAgent.id}"]`;
		await p.waitForSelector(member);
		assert.equal(await p.locator(`${member} .duty-state`).textContent(), 'Off duty');
		await p.fill(`#member-${twAgent.id}-skills`, '物流问题, 质量问题');
		await p.click(`${member} button[data-member="${twAgent.id}"]`);
		await p.waitForFunction((id) => document.querySelector(`#member-${id}-skills`).value === '物流问题、质量问题', twAgent.id);
		const u = await kesu.expect(200, 'GET', `/api/v1/users/${twAgent.id}`);
		assert.deepEqual(u.skills, ['物流问题', '质量问题']);
		assertClean(tw.problems);
		assertClean(en.problems);
		assertClean(admin.problems);
	});
});
