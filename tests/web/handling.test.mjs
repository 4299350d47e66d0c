// The handling details in Chromium: a department asked, the customer told
// what is done in the agent's words, a plan the customer declines on the
// status page, its revision accepted there, resolution and the follow-up
// call that closes it; the routing table edited by an administrator and
// obeyed at registration, and the cause list beside it; the three
// changes: an appointment kept at the exact time typed into the page and
// called off, the conversation moved to another channel, and a handover;
// the judgement of a complaint from the regulator with its 12315 items, a
// difficult customer's cap and the scripts written for such a customer, an
// apology, an escalation straight to management and on to the platform with
// its case number, and a manager resolving
// without an accepted plan; a cashier who takes a complaint in and hands it
// to a team, and sees nothing else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, API_ERRORS, PHONE } from './harness.mjs';
import { say } from './words.mjs';
import { signedIn, openComplaint, waitStatus, move, judge, propose, submit, keysOnScreen } from './desk.mjs';

const env = setup();
// the front line's team, made by `kesu init`: complaints from the portal land there
const TEAM = 1;

/* The customer's status page drawn again with the newest state. */
/* The status page reloaded: the page is drawn anew, so wait for a fresh
 * status line, not the one already there. */
async function refresh(cp) {
	await cp.evaluate(() => { const e = document.querySelector('#status-words'); if (e) e.dataset.stale = '1'; });
	await cp.click('.tools button');
	await cp.waitForSelector('#status-words:not([data-stale])');
}

describe('handling', () => {
	it('the customer declines a plan on the status page, accepts the revised one, and the follow-up closes it', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const w = (key, p) => say('zh-CN', key, p);
		const agentS = await kesu.staff('agent', [TEAM]);

		const customer = await env.page({ viewport: PHONE, isMobile: true, hasTouch: true });
		const cp = customer.page;
		await cp.goto('/portal');
		await cp.fill('[name="content"]', '订的生日蛋糕送到时已经压坏了，奶油全糊在盒子上。');
		await cp.selectOption('[name="object.kind"]', 'order');
		await cp.fill('[name="object.ref"]', 'CAKE-20261202-17');
		await cp.fill('[name="demand"]', '重新做一个送来');
		await cp.fill('[name="complainant.name"]', '林晓');
		await cp.fill('[name="complainant.phone"]', '13900003333');
		await cp.click('button[type="submit"]');
		await cp.waitForSelector('#tracking-no');
		const no = await cp.locator('#tracking-no').textContent();
		await cp.click('#status-link');
		await cp.waitForSelector('#status-words');
		assert.equal(await cp.locator('#plans').count(), 0, 'no plan yet, no plans section');

		// the agent judges it, asks the bakery, and proposes plan A
		await kesu.expect(201, 'POST', '/api/v1/departments', { name: '烘焙工坊' });
		const agent = await signedIn(env, agentS);
		const ap = agent.page;
		await openComplaint(ap, no);
		assert.equal(await ap.locator('#plan-none').textContent(), '还没有提出方案');
		await move(ap, 'acknowledged');
		await move(ap, 'in_progress');
		await judge(ap, 'third_party', 'logistics');
		// a department asked: the customer hears what is done and by when,
		// in the words and at the time the agent typed
		await ap.fill('#task-what', '核对 CAKE-20261202-17 的出库照片');
		await ap.fill('#task-progress-line', '请烘焙部门核对蛋糕出库时的照片');
		const soon = new Date(Date.now() + 3 * 3600e3);
		soon.setSeconds(0, 0);
		const typed = new Date(soon.getTime() - soon.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
		await ap.fill('#task-progress-next', typed);
		const [asked] = await Promise.all([
			ap.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/tasks')),
			submit(ap, '#task-new')]);
		assert.deepEqual(asked.postDataJSON().progress, { line: '请烘焙部门核对蛋糕出库时的照片', next_contact_at: soon.toISOString() });
		const a = await propose(ap, '退还蛋糕款 168 元');

		// the customer sees plan A waiting, and declines it
		await refresh(cp);
		const helped = await cp.locator('.timeline .k-task_created').textContent();
		assert.ok(helped.includes('我们正在请烘焙部门核对蛋糕出库时的照片'), helped);
		assert.ok(!helped.includes('烘焙工坊') && !helped.includes('出库照片'), 'which department, and what it was asked, stay inside');
		assert.ok((await cp.locator('#doing').textContent()).includes('我们正在等待您对方案的答复'));
		const planA = cp.locator(`#plans li[data-plan="${a}"]`);
		assert.equal(await planA.locator('.what').textContent(), await w('plan.state.proposed'));
		assert.equal(await planA.locator('.body').first().textContent(), '退还蛋糕款 168 元');
		await cp.click('#plans button[type="submit"]');
		await cp.waitForSelector('#plans [name="answer"][aria-invalid="true"]');
		await planA.locator('[name="answer"][value="declined"]').check();
		await planA.locator('button[type="submit"]').click();
		await cp.waitForFunction((s) => document.querySelector('.case .notice')?.textContent === s, await w('plan.sent.declined'));
		assert.equal(await planA.locator('.what').textContent(), await w('plan.state.declined'));
		assert.equal(await planA.locator('form').count(), 0, 'a plan is answered once');
		const history = await cp.locator('.timeline .what').allTextContents();
		assert.deepEqual(history.slice(-2), [await w('tl.plan'), await w('tl.answer.declined')]);

		// the agent sees the refusal, recorded by the customer, and revises it
		await openComplaint(ap, no);
		const rowA = ap.locator(`#plan-list li[data-plan="${a}"]`);
		assert.equal(await rowA.getAttribute('data-state'), 'declined');
		assert.ok((await rowA.textContent()).includes('客户本人'), await rowA.textContent());
		await ap.selectOption('#move-to', 'resolved');
		assert.match(await ap.locator('#move-no-plan').textContent(), /还没有客户接受的解决方案/);
		const b = await propose(ap, '两小时内重新制作并专人送达，另送 50 元代金券');
		const rows = await ap.locator('#plan-list > li').evaluateAll((ls) => ls.map((l) => [Number(l.dataset.plan), l.dataset.state]));
		assert.deepEqual(rows, [[b, 'proposed'], [a, 'declined']], 'newest first');
		assert.equal(await ap.locator(`#plan-list li[data-plan="${b}"] .revises`).textContent(), ` （修改自方案 #${a}）`);
		const kinds = await ap.locator('#timeline li').evaluateAll((ls) => ls.map((l) => l.dataset.kind));
		assert.equal(kinds.filter((k) => k === 'plan_proposed').length, 2, kinds.join(','));
		assert.ok(kinds.includes('plan_answered'), kinds.join(','));

		// the customer accepts B, with a term to keep to
		await refresh(cp);
		const planB = cp.locator(`#plans li[data-plan="${b}"]`);
		assert.equal(await cp.locator('#plans li').first().getAttribute('data-plan'), String(b));
		await planB.locator('[name="answer"][value="accepted"]').check();
		await planB.locator('[name="conditions"]').fill('晚上七点前送到');
		await planB.locator('button[type="submit"]').click();
		await cp.waitForFunction((s) => document.querySelector('.case .notice')?.textContent === s, await w('plan.sent.accepted'));
		assert.equal(await planB.locator('.what').textContent(), await w('plan.state.accepted'));
		assert.ok((await planB.textContent()).includes('晚上七点前送到'));
		assert.equal(await cp.locator(`#plans li[data-plan="${a}"] .what`).textContent(), await w('plan.state.declined'));

		// the agent resolves on it; the follow-up call closes it
		await openComplaint(ap, no);
		assert.equal(await ap.locator(`#plan-list li[data-plan="${b}"]`).getAttribute('data-state'), 'accepted');
		assert.ok((await ap.locator(`#plan-list li[data-plan="${b}"]`).textContent()).includes('晚上七点前送到'));
		await ap.selectOption('#move-to', 'resolved');
		assert.equal(await ap.locator('#move-no-plan').textContent(), '');
		await move(ap, 'resolved', '蛋糕已重新送达');
		await move(ap, 'follow_up');
		await ap.selectOption('#cb-method', 'phone');
		await ap.selectOption('#cb-satisfaction', '5');
		await ap.selectOption('#cb-business', '3');
		await ap.click('#callback-new button[type="submit"]');
		await waitStatus(ap, 'closed');
		const cb = ap.locator('#callbacks li').last();
		assert.ok((await cb.textContent()).includes('满意度 5/5') && (await cb.textContent()).includes('对企业 3/5'), await cb.textContent());
		await refresh(cp);
		assert.equal(await cp.locator('#status-words').textContent(), await w('status.closed'));
		assert.equal(await cp.locator('#plans form').count(), 0);

		assertClean(customer.problems);
		assertClean(agent.problems);
	});

	it('an administrator edits the routing table, and a complaint that matches goes where it says', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const vip = await kesu.addTeam('门店投诉专组');
		const admin = await kesu.staff('admin', [TEAM]);
		const { page, problems } = await signedIn(env, admin);
		assert.ok((await page.locator('#top nav').textContent()).includes('系统设置'));
		await page.click('#top nav a[href="#/admin"]');
		await page.waitForSelector('#routing-form');

		// a rule without a team: the server names the field, the page puts it beside the team
		await page.click('#rule-add');
		const card = page.locator('#rules li.rule').last();
		const id = (await card.locator('select[id$="-team"]').getAttribute('id'));
		await card.locator('select[id$="-channel"]').selectOption(['store']);
		await card.locator('select[id$="-severity"]').selectOption(['high', 'critical']);
		await page.click('#routing-save');
		await page.waitForSelector(`#${id}[aria-invalid="true"]`);
		// in the page's words (zh-CN here), not the server's English
		assert.equal(await page.locator(`#${id}-err`).textContent(), '此项必填');

		await card.locator('select[id$="-team"]').selectOption(String(vip));
		await card.locator('select[id$="-level"]').selectOption('management');
		await page.click('#routing-save');
		await page.waitForSelector('.toast:has-text("已保存")');
		await page.reload();
		await page.waitForSelector('#routing-form');
		const saved = page.locator('#rules li.rule').last();
		assert.deepEqual(await saved.locator('select[id$="-channel"]').evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['store']);
		assert.deepEqual(await saved.locator('select[id$="-severity"]').evaluate((s) => [...s.selectedOptions].map((o) => o.value)), ['high', 'critical']);
		assert.equal(await saved.locator('select[id$="-team"]').inputValue(), String(vip));
		assert.equal(await saved.locator('select[id$="-level"]').inputValue(), 'management');
		const table = await kesu.expect(200, 'GET', '/api/v1/routing');
		assert.deepEqual(table.rules.at(-1).when, { channel: ['store'], severity: ['high', 'critical'] });

		// a complaint that matches goes to that team at management; one that does not, not
		const hit = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'store', severity: 'critical', complainant: { name: '郑强', phone: '13900004444' }, content: '店员当众辱骂顾客。',
		});
		const miss = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', severity: 'critical', complainant: { name: '郑强', phone: '13900004444' }, content: '电话一直打不通。',
		});
		const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${hit.tracking_no}`);
		assert.deepEqual([got.team_id, got.level], [vip, 'management']);
		assert.notEqual((await kesu.expect(200, 'GET', `/api/v1/complaints/${miss.tracking_no}`)).team_id, vip);
		await openComplaint(page, hit.tracking_no);
		assert.ok((await page.locator('.complaint-head').textContent()).includes('高层'));

		// a second rule moved above it, then the first removed: the order is what is saved
		await page.goto('/#/admin/routing');
		await page.waitForSelector('#routing-form');
		const before = await page.locator('#rules li.rule').count();
		await page.click('#rule-add');
		const fresh = page.locator('#rules li.rule').last();
		await fresh.locator('select[id$="-channel"]').selectOption(['phone']);
		await fresh.locator('select[id$="-team"]').selectOption(String(TEAM));
		await fresh.locator('.up').click();
		const teams = () => page.locator('#rules select[id$="-team"]').evaluateAll((ss) => ss.map((x) => Number(x.value)));
		assert.deepEqual((await teams()).slice(-2), [TEAM, vip]);
		await page.locator('#rules li.rule').last().locator('.remove').click();
		assert.equal(await page.locator('#rules li.rule').count(), before);
		await page.click('#routing-save');
		await page.waitForSelector('.toast:has-text("已保存")');
		const now = (await kesu.expect(200, 'GET', '/api/v1/routing')).rules;
		assert.equal(now.length, before);
		assert.deepEqual(now.at(-1), { when: { channel: ['phone'] }, team_id: TEAM, level: 'agent' });

		// the cause list: a new cause, offered on the complaint page in the page's language
		await page.click('.tabs a[href="#/admin/causes"]');
		await page.waitForSelector('#causes-form');
		await page.click('#cause-add');
		const row = page.locator('#cause-rows tr').last();
		await row.locator('input[id$="-key"]').fill('packaging');
		await row.locator('input[id$="-zh-CN"]').fill('包装破损');
		await row.locator('input[id$="-zh-TW"]').fill('包裝破損');
		await row.locator('input[id$="-en"]').fill('Damaged packaging');
		await page.click('#causes-save');
		await page.waitForSelector('#cause-rows tr[data-cause="packaging"]');
		await openComplaint(page, miss.tracking_no);
		assert.equal(await page.locator('#j-cause option[value="packaging"]').textContent(), '包装破损');
		await page.selectOption('#lang', 'en');
		await page.waitForFunction(() => document.querySelector('#j-cause option[value="packaging"]')?.textContent === 'Damaged packaging');

		// both pages in the three languages, with no key left on screen
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		for (const l of ['en', 'zh-TW', 'zh-CN']) {
			await page.selectOption('#lang', l);
			for (const [v, drawn, title] of [['#/admin/routing', '#routing-form', 'adm_routing'], ['#/admin/causes', '#causes-form', 'adm_causes']]) {
				await page.goto(`/${v}`);
				await page.waitForSelector(drawn);
				assert.equal(await page.locator('.admin h1').textContent(), words[title][['zh-CN', 'zh-TW', 'en'].indexOf(l)]);
				assert.deepEqual(await keysOnScreen(page, words), [], `${l} ${v}`);
			}
		}
		assertClean(problems, [API_ERRORS, /status of 422/]);
	});

	it('the three changes: an appointment at the exact time typed, another channel, another person', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const agentS = await kesu.staff('agent', [TEAM]);
		const supS = await kesu.staff('supervisor', [TEAM]);
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', complainant: { name: '何静', phone: '13900005555' }, content: '热水器安装师傅迟到了三个小时。',
		});
		const { page, problems } = await signedIn(env, agentS, { timezoneId: 'Asia/Shanghai' });
		await openComplaint(page, c.tracking_no);

		// three days from now at 15:00 in Shanghai
		const day = new Date(Date.now() + 3 * 86400e3 + 8 * 3600e3).toISOString().slice(0, 10);
		const local = `${day}T15:00`;
		await page.fill('#appt-at', local);
		await page.fill('#appt-note', '客户下午三点后方便接电话');
		const sent = page.waitForRequest((r) => r.url().endsWith('/appointments') && r.method() === 'POST');
		await submit(page, '#appt-form');
		assert.equal((await sent).postDataJSON().at, `${local}:00+08:00`);
		const appts = (await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}/appointments`)).items;
		assert.equal(appts.length, 1);
		assert.equal(Date.parse(appts[0].at), Date.parse(`${local}:00+08:00`));
		assert.equal(appts[0].with, '何静');
		const li = page.locator(`#appt-list li[data-appt="${appts[0].id}"]`);
		assert.equal(await li.getAttribute('data-state'), 'scheduled');
		assert.ok((await li.locator('time').textContent()).includes('15:00'), await li.locator('time').textContent());
		assert.ok((await li.textContent()).includes('客户下午三点后方便接电话'));
		assert.ok((await page.locator('#timeline li[data-kind="appointment_scheduled"]').textContent()).includes('15:00'));

		// a time in the past is refused beside the field
		await page.fill('#appt-at', '2020-01-01T09:00');
		await page.click('#appt-form button[type="submit"]');
		await page.waitForSelector('#appt-at[aria-invalid="true"]');

		// one still to come can be held early or called off, not missed
		const states = await page.locator(`#appt-state-${appts[0].id} option`).evaluateAll((os) => os.map((o) => o.value));
		assert.deepEqual(states, ['done', 'cancelled']);
		await page.selectOption(`#appt-state-${appts[0].id}`, 'cancelled');
		await page.fill(`#appt-outcome-${appts[0].id}`, '客户来电说问题已解决，不用再约');
		await submit(page, `#appt-outcome-form-${appts[0].id}`);
		assert.equal(await li.getAttribute('data-state'), 'cancelled');
		assert.ok((await li.textContent()).includes('客户来电说问题已解决，不用再约'));
		assert.equal(await li.locator('form').count(), 0);

		// the conversation moves to chat
		await page.selectOption('#move-channel', 'chat');
		await page.fill('#move-channel-note', '客户在电话里情绪激动，改为在线文字沟通');
		await submit(page, '#channel-form');
		assert.equal(await page.locator('#conv-channel').textContent(), '当前沟通渠道：在线聊天');
		assert.ok((await page.locator('#timeline li[data-kind="channel_moved"]').textContent()).includes('改为在线文字沟通'));

		// and the supervisor takes over, with a note (required); another team
		// is not the agent's to choose
		await kesu.addTeam('另一个团队');
		await openComplaint(page, c.tracking_no);
		const teamChoices = await page.locator('#handover-to optgroup').last().locator('option').evaluateAll((os) => os.map((o) => o.value));
		assert.deepEqual(teamChoices, [`team:${TEAM}`]);
		await page.selectOption('#handover-to', `user:${supS.id}`);
		await page.click('#handover-form button[type="submit"]');
		await page.waitForSelector('#handover-note[aria-invalid="true"]');
		await page.fill('#handover-note', '客户要求换一位更有经验的同事，已约好的电话取消了');
		await submit(page, '#handover-form');
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}`)).assignee_id, supS.id);
		assert.ok((await page.locator('#timeline li[data-kind="handed_over"]').textContent()).includes('已约好的电话取消了'));
		assertClean(problems, [API_ERRORS, /status of 422/]);
	});

	it('a regulator\'s complaint judged a duplicate, its 12315 items, a difficult customer and their scripts, an apology, and a manager\'s override', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const managerS = await kesu.staff('manager', [TEAM]);
		const first = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', complainant: { name: '钱多', phone: '13900006666' }, content: '会员卡被无故扣了年费。',
		});
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'regulator', complainant: { name: '钱多', phone: '13900006666' }, content: '12315 转办：会员卡被无故扣了年费。',
		});
		const { page, problems } = await signedIn(env, managerS);
		await openComplaint(page, c.tracking_no);

		// a duplicate needs the original's number; the field shows only then
		assert.ok(await page.locator('#j-duplicate-of').isHidden());
		await page.selectOption('#j-validity', 'duplicate');
		assert.ok(await page.locator('#j-duplicate-of').isVisible());
		await page.click('#judgement-form button[type="submit"]');
		await page.waitForSelector('#j-duplicate-of[aria-invalid="true"]');
		await page.fill('#j-duplicate-of', first.tracking_no);
		// a systemic cause brings its flag along
		await page.selectOption('#j-cause', 'policy');
		assert.ok(await page.isChecked('#j-systemic'));
		await page.check('#j-idea');
		await page.selectOption('#j-responsibility', 'ours');
		await submit(page, '#judgement-form');
		let got = await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}`);
		assert.deepEqual([got.validity, got.duplicate_of, got.cause, got.systemic, got.idea, got.responsibility],
			['duplicate', first.tracking_no, 'policy', true, true, 'ours']);
		assert.equal(await page.inputValue('#j-validity'), 'duplicate');

		// the items the 12315 platform asks for
		await page.fill('#odr-course', '电话联系消费者，解释年费条款并致歉');
		await page.selectOption('#odr-means', 'phone');
		await page.fill('#odr-outcome', '退还年费 199 元，消费者同意撤诉');
		await submit(page, '#odr-form');
		got = await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}`);
		assert.deepEqual([got.odr_course, got.odr_means, got.odr_outcome], ['电话联系消费者，解释年费条款并致歉', 'phone', '退还年费 199 元，消费者同意撤诉']);
		assert.equal(await page.inputValue('#odr-outcome'), '退还年费 199 元，消费者同意撤诉');

		// someone else changes it meanwhile: theirs is shown, not overwritten
		const cur = await kesu.api('GET', `/api/v1/complaints/${c.tracking_no}`);
		await kesu.expect(200, 'PATCH', `/api/v1/complaints/${c.tracking_no}`, { responsibility: 'customer' }, undefined,
			{ headers: { 'If-Match': cur.headers.etag } });
		await page.selectOption('#j-responsibility', 'third_party');
		await submit(page, '#judgement-form');
		await page.waitForSelector('.toast-error:has-text("别人刚刚修改了它，已重新加载")');
		assert.equal(await page.inputValue('#j-responsibility'), 'customer');
		assert.equal((await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}`)).responsibility, 'customer');

		// a difficult customer, with a cap on what is given to them
		assert.ok(await page.locator('#cust-cap').isHidden());
		await page.selectOption('#cust-type', 'difficult');
		await page.fill('#cust-cap', '150');
		await submit(page, '#cust-type-form');
		assert.equal(await page.locator('#customer .ctype').textContent(), '难缠');
		assert.equal(await page.locator('#cust-hint').textContent(), '态度坚定，守住底线，不超出让步上限');
		assert.equal(await page.locator('#cust-cap-now').textContent(), '让步上限：¥150.00');
		const cust = await kesu.expect(200, 'GET', `/api/v1/customers/${got.customer_id}`);
		assert.deepEqual([cust.customer_type, cust.concession_cap_fen], ['difficult', 15000]);
		// the type beside the complainant too
		assert.equal(await page.locator('.complaint-head .ctype').textContent(), '难缠');

		// an apology given on the phone, listed with the compensation
		await page.fill('#apology-by', '王经理');
		await page.fill('#apology-note', '就扣费一事电话致歉');
		await submit(page, '#apology-new');
		const apology = await page.locator('#apologies li').last().textContent();
		assert.ok(apology.includes('王经理') && apology.includes('就扣费一事电话致歉'), apology);

		// a script written for difficult customers is offered here, one for experts is not
		for (const [type, body] of [['difficult', '您的诉求我们已经记录，能做的我都会明确告诉您。'], ['expert', '我请负责这项条款的同事直接和您核对。']]) {
			await page.goto('/#/kb');
			await page.click('#script-new');
			await page.selectOption('#script-step', '1');
			await page.selectOption('#script-customer-type', type);
			await page.fill('#script-title', `给${type}客户`);
			await page.fill('#script-body', body);
			await page.click('#script-form button[type="submit"]');
			await page.waitForFunction((b) => [...document.querySelectorAll('#kb-scripts .script-body')].some((e) => e.textContent === b), body);
		}
		await openComplaint(page, c.tracking_no);
		const offered = page.locator('#guide li[data-step="1"] .script').filter({ hasText: '您的诉求我们已经记录' });
		assert.equal(await offered.count(), 1);
		assert.ok((await offered.textContent()).includes('难缠'));
		assert.equal(await page.locator('#guide .script').filter({ hasText: '负责这项条款的同事' }).count(), 0);

		// the customer insists on management: straight there
		await page.selectOption('#esc-cause', 'customer_demands_management');
		await page.fill('#esc-reason', '客户坚持要求经理出面');
		await submit(page, '#escalate');
		assert.equal(await page.locator('.complaint-head .badge.level').textContent(), '级别: 高层');
		// the platform only on the outside fact: which platform, and its case number
		await page.fill('#esc-reason', '商家无法解决，消费者向平台投诉');
		await page.click('#escalate button[type="submit"]');
		await page.waitForFunction(() => document.querySelector('#esc-platform-err')?.textContent.trim());
		await page.fill('#esc-platform', '天猫');
		await page.fill('#esc-case-number', 'TM-20261123-0042');
		await submit(page, '#escalate');
		assert.equal(await page.locator('.complaint-head .badge.level').textContent(), '级别: 平台介入');
		const ups = await page.locator('#timeline li[data-kind="escalated"]').allTextContents();
		assert.ok(ups.some((x) => x.includes('平台介入') && x.includes('天猫，案件编号 TM-20261123-0042')), ups.join(' | '));

		// no plan was accepted: a manager may resolve anyway, with a reason
		await move(page, 'acknowledged');
		await move(page, 'in_progress');
		await page.selectOption('#move-to', 'resolved');
		assert.match(await page.locator('#move-no-plan').textContent(), /还没有客户接受的解决方案/);
		await page.check('#move-override');
		await page.fill('#move-reason', '监管平台已确认结案，消费者不再回应');
		await page.click('#move button[type="submit"]');
		await waitStatus(page, 'resolved');
		const ev = (await kesu.expect(200, 'GET', `/api/v1/complaints/${c.tracking_no}/events?limit=200`)).items
			.filter((e) => e.kind === 'status_changed').pop();
		assert.equal(ev.data.to, 'resolved');
		assert.deepEqual([ev.data.without_plan, ev.data.plan_id, ev.data.reason], [true, null, '监管平台已确认结案，消费者不再回应']);
		// the 412 of the edit made over someone else's
		assertClean(problems, [API_ERRORS, /status of 412/]);
	});

	it('a cashier registers a complaint, hands it to a team, and sees nothing else', { timeout: 60000 }, async () => {
		const kesu = env.kesu;
		const service = await kesu.addTeam('售后服务组');
		const cashierS = await kesu.staff('staff', [TEAM]);
		const { page, problems } = await signedIn(env, cashierS);
		await page.waitForSelector('#register-form');
		assert.deepEqual(await page.locator('#top nav a').allTextContents(), ['登记投诉']);
		assert.equal(await page.locator('#global-search').count(), 0);

		await page.selectOption('[name="channel"]', 'store');
		await page.fill('[name="complainant.name"]', '孙丽');
		await page.fill('[name="complainant.phone"]', '13900007777');
		await page.fill('[name="content"]', '收银台多扣了一次款，小票上有两笔。');
		await page.click('#register-form button[type="submit"]');
		await page.waitForSelector('#registered');
		const no = /KS\d{10}/.exec(await page.locator('#registered-no').textContent())[0];
		await page.selectOption('#handon-team', String(service));
		await page.click('#handon-form button[type="submit"]');
		await page.waitForSelector('#handon-note[aria-invalid="true"]');
		await page.fill('#handon-note', '客户在门店等回复，已拍下小票');
		await page.click('#handon-form button[type="submit"]');
		await page.waitForSelector('#handon-done');
		assert.equal(await page.locator('#handon-done').textContent(), '已交给售后服务组处理');
		const got = await kesu.expect(200, 'GET', `/api/v1/complaints/${no}`);
		assert.equal(got.team_id, service);
		const ev = (await kesu.expect(200, 'GET', `/api/v1/complaints/${no}/events?limit=200`)).items.find((e) => e.kind === 'handed_over');
		assert.equal(ev.data.note, '客户在门店等回复，已拍下小票');
		await page.click('#register-another');
		await page.waitForSelector('#register-form');
		assertClean(problems);
	});
});
