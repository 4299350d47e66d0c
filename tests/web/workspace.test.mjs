// The agents' workspace in Chromium: one complaint from the customer's
// phone through acknowledgment, the judgement, the identity check, a
// compensation above the agent's limit, the supervisor's approval, a plan
// the customer accepts, resolution, a poor rating that reopens it, the
// revised plan and the follow-up that closes it; sign-in with a second
// factor; the three languages with no string left untranslated; the queue
// by keyboard, with live counts and a Chinese search.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { setup, assertClean, API_ERRORS, PHONE, DESKTOP } from './harness.mjs';
import { signedIn as signedInTo, openComplaint, status, waitStatus, move, judge, recordAnswer, submit, probe, keysOnScreen, DEMAND_REASON } from './desk.mjs';

const env = setup();
// the front line's team, made by `kesu init`: complaints from the portal land there
const TEAM = 1;
// before sign-in the page asks who is signed in, and hears "nobody"
const SIGNED_OUT = /status of 401/;

const signedIn = (session, opts) => signedInTo(env, session, opts);
// the agent's clicks in the loop below, opening the complaint to closing it
const CLICKS = 15;

/* RFC 6238 with kesu's settings: SHA-1, 6 digits, 30 s. */
function totp(base32, at = Date.now()) {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
	let bits = '';
	for (const ch of base32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
	const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
	const msg = Buffer.alloc(8);
	msg.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
	const mac = crypto.createHmac('sha1', key).update(msg).digest();
	const off = mac[mac.length - 1] & 15;
	return String((mac.readUInt32BE(off) & 0x7fffffff) % 1e6).padStart(6, '0');
}

describe('workspace', () => {
	it('one complaint from the customer\'s phone to a closed loop, through approval and a reopen', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const agentS = await kesu.staff('agent', [TEAM]);
		const supS = await kesu.staff('supervisor', [TEAM]);

		// the customer, on a phone
		const customer = await env.page({ viewport: PHONE, isMobile: true, hasTouch: true });
		const cp = customer.page;
		await cp.goto('/portal');
		await cp.fill('[name="content"]', '新买的洗衣机第二次使用就漏水，地板泡坏了一块。');
		await cp.selectOption('[name="object.kind"]', 'product');
		await cp.fill('[name="object.name"]', '滚筒洗衣机 W10');
		await cp.fill('[name="demand"]', '上门维修并赔偿地板');
		await cp.fill('[name="complainant.name"]', '陈静');
		await cp.fill('[name="complainant.phone"]', '13900005678');
		await cp.click('button[type="submit"]');
		await cp.waitForSelector('#tracking-no');
		const no = await cp.locator('#tracking-no').textContent();
		await cp.click('#status-link');
		await cp.waitForSelector('#status-words');

		// the agent finds it in the team's queue and acknowledges it
		const agent = await signedIn(agentS);
		const ap = agent.page;
		await ap.waitForSelector(`#queue-table tr[data-tracking="${no}"]`);
		assert.equal(await ap.locator('#queue-title').textContent(), '我的团队');
		await ap.click(`#queue-table tr[data-tracking="${no}"]`);
		await ap.waitForSelector(`article.complaint[data-tracking="${no}"]`);
		// what the agent does from here to the closed complaint is counted (desk.mjs)
		ap.acts = { clicks: 0, choices: 0, keys: 0 };
		assert.equal(await status(ap), 'registered');
		assert.ok((await ap.locator('.complaint-content').textContent()).includes('洗衣机第二次使用就漏水'));
		assert.ok((await ap.locator('#details').textContent()).includes('陈静'));
		assert.ok(await ap.locator('#clocks [data-clock="acknowledge"]').count() === 1, 'the clocks are shown');
		assert.match(await ap.locator('#clocks [data-clock="resolution"] .left').textContent(), /剩余|小时|分钟/);
		// acknowledged and started in one move (the workflow allows it): work
		// starting tells the customer what is being done: the form sends the
		// agent's line and the next contact it prefilled
		assert.equal(await ap.inputValue('#move-to'), 'acknowledged', 'the form offers the expected move first');
		await ap.selectOption('#move-to', 'in_progress');
		const prefilled = await ap.inputValue('#move-progress-next');
		assert.match(prefilled, /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
		await ap.fill('#move-progress-line', '查明洗衣机漏水的原因');
		const [sent] = await Promise.all([
			ap.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/transitions')),
			ap.click('#move button[type="submit"]')]);
		await waitStatus(ap, 'in_progress');
		const told = sent.postDataJSON().progress;
		assert.equal(told.line, '查明洗衣机漏水的原因');
		assert.equal(Date.parse(told.next_contact_at), new Date(prefilled).getTime());
		assert.ok(Date.parse(told.next_contact_at) > Date.now());
		assert.ok((await ap.locator('#timeline').textContent()).includes('告诉客户：我们正在查明洗衣机漏水的原因'));
		// whose fault and why: resolving needs both
		await judge(ap, 'ours', 'quality');

		// the guided steps offer the scripts with the customer's name in them
		const guide = await ap.locator('#guide').textContent();
		assert.ok(guide.includes('倾听认知') && guide.includes('解决感谢'), guide.slice(0, 200));
		assert.ok(guide.includes('陈静'), 'the {customer_name} placeholder is filled in');
		assert.ok(!guide.includes('{customer_name}') && !guide.includes('{tracking_no}'));
		await ap.check('#step-1');
		await ap.waitForSelector('#guide li.step.done[data-step="1"]');

		// a reply to the customer (to the outbox and the status page) and a note (not)
		await ap.fill('#reply-body', '陈女士您好，维修师傅明天上午上门，地板的损失我们一并处理。');
		await ap.click('#reply-form button[type="submit"]');
		await ap.waitForSelector('#timeline li[data-kind="reply"]');
		await ap.fill('#note-body', '仓库确认这批洗衣机有密封圈问题。');
		await ap.click('#note-form button[type="submit"]');
		await ap.waitForSelector('#timeline li[data-kind="note"]');

		// a receipt the customer sent by chat, attached by the agent
		await probe(ap, '#file-upload button[type="submit"]');
		await ap.waitForSelector('#file-upload [aria-invalid="true"]');
		// chosen is sent: no second click
		await ap.setInputFiles('#file-input', [{ name: '维修单.txt', mimeType: 'text/plain', buffer: Buffer.from('上门维修单 W10 密封圈\n') }]);
		await ap.waitForSelector('#files a[href^="/api/v1/attachments/"]');
		assert.equal(await ap.locator('#files a').textContent(), '维修单.txt');

		// the plan's step has the compensation form beside it
		assert.equal(await ap.locator('#next #compensation').count(), 1);
		// cash needs the customer's identity confirmed first: the page says so,
		// and how it was checked goes with the proposal
		await ap.selectOption('#comp-type', 'cash');
		assert.equal(await ap.locator('#comp-identity').textContent(), '这类补偿须先核实身份');
		assert.ok(await ap.locator('#comp-id-fields').isVisible());
		await ap.selectOption('#comp-id-method', 'phone_verification');
		await ap.fill('#comp-id-note', '回拨登记电话，客户报出订单号');

		// 300 CNY is above the agent's 200: the page says so before sending
		assert.equal(await ap.locator('#comp-limit').textContent(), '你的权限（本投诉合计）：¥200.00');
		await ap.fill('#comp-amount', '150');
		assert.equal(await ap.locator('#comp-verdict').textContent(), '在你的权限内，立即生效');
		await ap.fill('#comp-amount', '300');
		assert.equal(await ap.locator('#comp-verdict').textContent(), '超出你的权限，需要主管审批；批准前不要向客户承诺');
		await ap.fill('#comp-note', '地板维修费');
		await ap.click('#comp-new button[type="submit"]');
		await waitStatus(ap, 'awaiting_approval');
		assert.ok((await ap.locator('#identity-done').textContent()).includes('电话验证'));
		assert.ok((await ap.locator('#identity-done').textContent()).includes('回拨登记电话'));
		assert.equal(await ap.locator('#compensation .comp-pending').count(), 1);
		assert.equal(await ap.locator('[id^="approve-"]').count(), 0, 'an agent is offered no approval');

		// the supervisor sees it waiting, and approves it
		const sup = await signedIn(supS);
		const sp = sup.page;
		await sp.goto('/#/queue/approval');
		await sp.waitForSelector(`#queue-table tr[data-tracking="${no}"]`);
		await sp.waitForSelector('[data-count="approval"]');
		assert.equal(await sp.locator('[data-count="approval"]').textContent(), '1');
		await sp.click(`#queue-table tr[data-tracking="${no}"] a`);
		await sp.waitForSelector(`article.complaint[data-tracking="${no}"]`);
		await sp.click('[id^="approve-"]');
		await waitStatus(sp, 'in_progress');
		assert.equal(await sp.locator('#compensation .comp-granted').count(), 1);
		const ledger = await kesu.expect(200, 'GET', `/api/v1/complaints/${no}/compensations`);
		assert.equal(ledger.granted_fen, 30000);
		assert.equal(ledger.items[0].decided_by, supS.username);

		// resolving waits for a plan the customer accepted: the page says so,
		// and so does the server when asked anyway
		await openComplaint(ap, no);
		assert.equal(await status(ap), 'in_progress');
		// the limit bounds the sum on the complaint: with 300 granted, even 1 CNY more waits
		// the identity confirmed with the first proposal is not asked again (a
		// look of the test's, not counted as the agent's)
		await ap.locator('#comp-type').selectOption('cash');
		assert.equal(await ap.locator('#comp-identity').textContent(), '');
		assert.ok(await ap.locator('#comp-id-fields').isHidden());
		await ap.selectOption('#comp-type', 'gift');
		await ap.fill('#comp-amount', '1');
		assert.equal(await ap.locator('#comp-verdict').textContent(), '超出你的权限，需要主管审批；批准前不要向客户承诺');
		await ap.selectOption('#move-to', 'resolved');
		assert.match(await ap.locator('#move-no-plan').textContent(), /还没有客户接受的解决方案/);
		assert.ok(await ap.locator('#move-override').isHidden(), 'an agent may not resolve without a plan');
		await ap.fill('#move-reason', '先试试');
		await probe(ap, '#move button[type="submit"]');
		await ap.waitForFunction(() => document.querySelector('#move .form-error')?.textContent.trim());
		assert.equal(await status(ap), 'in_progress');
		// the demand restated and confirmed by the customer on the phone
		await ap.fill('#demand-restatement', '客户要求修好漏水，并赔偿泡坏的地板');
		await ap.fill('#demand-target', '三个工作日内上门维修，赔偿到账');
		// restated on the call and confirmed there: one click records both
		await ap.click('#demand-heard');
		await ap.waitForSelector('#demand-list > li[data-state="confirmed"]');
		assert.equal(await ap.locator('#demand-list > li').first().textContent().then((x) => x.includes('电话')), true, 'confirmed by phone');
		assert.equal(await ap.locator('#plan-demand-reason').count(), 0, 'a confirmed demand needs no reason');
		// the plan with the approved compensation, agreed on the phone
		await ap.fill('#plan-summary', '上门更换密封圈，赔偿地板维修费 300 元');
		await ap.fill('#plan-progress-line', '等待您对赔偿方案的答复');
		// the compensation just granted is ticked for the plan already
		assert.ok(await ap.isChecked('#plan-comps input[type="checkbox"]'));
		await submit(ap, '#plan-new');
		const planA = Number(await ap.locator('#plan-list > li').first().getAttribute('data-plan'));
		assert.ok((await ap.locator('#plan-list > li').first().textContent()).includes('经济赔偿'), 'the plan names its compensation');
		// the customer's page says what is being done now, in the agent's words
		await cp.click('.tools button');
		await cp.waitForSelector('#doing');
		assert.ok((await cp.locator('#doing').textContent()).includes('我们正在等待您对赔偿方案的答复'));
		await recordAnswer(ap, planA, 'accepted', '客户收到赔偿后删除差评');
		assert.ok((await ap.locator(`#plan-list li[data-plan="${planA}"]`).textContent()).includes('客户收到赔偿后删除差评'));
		await ap.selectOption('#move-to', 'resolved');
		assert.equal(await ap.locator('#move-no-plan').textContent(), '');
		await move(ap, 'resolved', '已上门更换密封圈，地板维修费 300 元已支付');

		// the customer rates it 2: it reopens with the customer's reason
		await cp.click('.tools button');
		await cp.waitForSelector('#rate');
		// the status page told what was being done while it was; resolved, the timeline keeps it
		assert.equal(await cp.locator('#doing').count(), 0);
		assert.ok((await cp.locator('.timeline').textContent()).includes('我们正在查明洗衣机漏水的原因'));
		await cp.check('[name="satisfaction"][value="2"]');
		await cp.check('[name="carried_out"][value="no"]');
		await cp.fill('[name="comment"]', '洗衣机还是漏水，师傅只是擦干了。');
		await cp.click('#rate button[type="submit"]');
		await cp.waitForSelector('#status-words');
		await cp.waitForFunction(() => !document.querySelector('#rate'));

		// the agent sees the reopen, revises the plan, resolves again
		await openComplaint(ap, no);
		assert.equal(await status(ap), 'reopened');
		assert.ok((await ap.locator('.complaint-head').textContent()).includes('重开 1 次'));
		assert.ok((await ap.locator('#timeline').textContent()).includes('洗衣机还是漏水，师傅只是擦干了。'));
		await move(ap, 'in_progress', '新方案：整机换新');
		// the plan accepted before the reopen no longer counts
		await ap.selectOption('#move-to', 'resolved');
		assert.match(await ap.locator('#move-no-plan').textContent(), /还没有客户接受的解决方案/);
		// proposed on the call and agreed there: one click records both
		await ap.fill('#plan-summary', '整机换新，旧机收回');
		if (await ap.locator('#plan-demand-reason').count()) await ap.fill('#plan-demand-reason', DEMAND_REASON);
		await ap.fill('#plan-progress-line', '为您整机换新');
		await ap.click('#plan-agreed');
		await ap.waitForFunction(() => {
			const li = document.querySelector('#plan-list > li');
			return li && li.querySelector('.plan-summary').textContent === '整机换新，旧机收回' && li.dataset.state === 'accepted';
		});
		await move(ap, 'resolved', '已整机换新，旧机收回');
		// the next step is the follow-up call, its form in the first screen
		assert.equal(await ap.locator('#next #callbacks').count(), 1);

		// the follow-up call reaches a satisfied customer: closed
		await ap.selectOption('#cb-method', 'phone');
		await ap.selectOption('#cb-satisfaction', '5');
		await ap.selectOption('#cb-business', '4');
		await ap.fill('#cb-advice', '希望以后出厂前多检查密封圈');
		await ap.click('#callback-new button[type="submit"]');
		await waitStatus(ap, 'closed');
		// the page's first screen offers the next step: the loop takes no more than this
		console.log(`the agent, from opening the complaint to closing it: ${ap.acts.clicks} clicks, ${ap.acts.choices} choices from a list, ${ap.acts.keys} keys`);
		assert.ok(ap.acts.clicks <= CLICKS, `${ap.acts.clicks} clicks, more than ${CLICKS}`);
		const done = await kesu.expect(200, 'GET', `/api/v1/complaints/${no}`);
		assert.equal(done.status, 'closed');
		assert.equal(done.reopen_count, 1);
		assert.equal(done.responsibility, 'ours');
		assert.equal(done.cause, 'quality');
		assert.equal(done.identity.method, 'phone_verification');
		const callback = (await kesu.expect(200, 'GET', `/api/v1/complaints/${no}/callbacks`)).items.pop();
		assert.deepEqual([callback.method, callback.satisfaction, callback.business_satisfaction], ['phone', 5, 4]);
		const kinds = (await kesu.expect(200, 'GET', `/api/v1/complaints/${no}/events?limit=200`)).items.map((e) => e.kind);
		for (const k of ['reply', 'note', 'compensation_proposed', 'compensation_approved', 'callback', 'guide_step'])
			assert.ok(kinds.includes(k), `${k} in ${kinds.join(',')}`);

		// the customer's page says it is closed; the note never reached it
		await cp.click('.tools button');
		await cp.waitForFunction(() => document.querySelector('#status-words')?.textContent === '已办结');
		const seen = await cp.locator('.timeline').textContent();
		assert.ok(seen.includes('维修师傅明天上午上门') && !seen.includes('密封圈问题'), seen);

		// the supervisor turns the closed case into a knowledge-base draft
		await openComplaint(sp, no);
		await sp.click('#to-kb');
		await sp.waitForSelector('#kb-article');
		assert.ok((await sp.locator('#kb-article').textContent()).includes('草稿'));
		assert.ok(!(await sp.locator('#kb-article').textContent()).includes('13900005678'), 'no phone number in the draft');
		await sp.click('#article-publish');
		await sp.waitForFunction(() => !document.querySelector('#article-publish'));

		assertClean(customer.problems);
		assertClean(agent.problems);
		assertClean(sup.problems);
	});

	it('signs in with a second factor where one is set, and out again', { timeout: 90000 }, async () => {
		const u = await env.kesu.addUser('supervisor', [TEAM]);
		const s = await env.kesu.login(u.username, u.password);
		const { secret } = await env.kesu.expect(201, 'POST', `/api/v1/users/${u.id}/totp`, {}, { session: s });
		// confirmed with the code of the step before, so that now's is still unused
		await env.kesu.expect([200, 204], 'POST', `/api/v1/users/${u.id}/totp/confirm`, { code: totp(secret, Date.now() - 30000) }, { session: s });

		const { page, problems } = await env.page({ viewport: DESKTOP });
		await page.goto('/');
		await page.fill('[name="username"]', u.username);
		await page.fill('[name="password"]', 'not the password');
		await page.press('[name="password"]', 'Enter');
		await page.waitForFunction(() => document.querySelector('.login .form-error')?.textContent.startsWith('登录失败'));
		await page.fill('[name="password"]', u.password);
		await page.press('[name="password"]', 'Enter');
		// asked for the code, with the password kept
		await page.waitForSelector('[name="totp"]');
		assert.equal(await page.evaluate(() => document.activeElement.name), 'totp');
		await page.fill('[name="totp"]', totp(secret));
		await page.press('[name="totp"]', 'Enter');
		await page.waitForSelector('#sign-out');
		assert.equal(await page.locator('.who').textContent(), u.username);
		await page.click('#sign-out');
		await page.waitForSelector('[name="username"]');
		assert.equal((await env.kesu.api('GET', '/api/v1/session', null, { session: s })).status, 200, 'another session lives on');
		assertClean(problems, [API_ERRORS, SIGNED_OUT, /status of 401/]);
	});

	it('speaks simplified and traditional Chinese and English, with no string left untranslated', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const u = await kesu.addUser('supervisor', [TEAM]);
		// from the regulator, with a plan waiting, an appointment and an
		// apology: every panel of the complaint page has something to say
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'regulator', complainant: { name: 'Li Lei', phone: '13900001111' },
			content: '空调安装后第二天就不制冷了。', category: '质量问题', severity: 'high',
		});
		await kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/notes`, { body: '已联系安装师傅' });
		await kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/plans`, { summary: '上门检修，必要时换新', demand_unconfirmed_reason: DEMAND_REASON, progress: { line: '安排师傅上门检修' } });
		const at = new Date(Date.now() + 2 * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
		await kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/appointments`, { at, with: 'Li Lei', channel: 'phone' });
		await kesu.expect(201, 'POST', `/api/v1/complaints/${c.tracking_no}/apologies`, { note: '电话致歉' });

		const { page, problems } = await env.page({ viewport: DESKTOP });
		await page.goto('/');
		await page.waitForSelector('.login h1');
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		// every string there in all three languages
		const gaps = Object.entries(words).filter(([, row]) => row.length !== 3 || row.some((s) => typeof s !== 'string' || !s.trim()));
		assert.deepEqual(gaps, []);
		const untranslated = () => keysOnScreen(page, words);
		// each view and what shows that it is drawn
		// a check of the check: a key on screen is caught
		await page.evaluate(() => { const x = document.createElement('span'); x.id = 'probe'; x.textContent = 'c_guide'; document.body.append(x); });
		assert.deepEqual(await untranslated(), ['c_guide']);
		await page.evaluate(() => document.getElementById('probe').remove());
		const views = [['#/queue/all', '#queue-table'], [`#/c/${c.tracking_no}`, 'article.complaint #guide'],
			['#/new', '#register-form'], ['#/kb', '#kb-scripts'], ['#/dashboard', '.dashboard .figure']];

		const texts = {
			'zh-CN': { signIn: '登录', queues: '队列', all: '全部', step: '倾听认知', kb: '知识库', high: '高' },
			'zh-TW': { signIn: '登入', queues: '佇列', all: '全部', step: '傾聽認知', kb: '知識庫', high: '高' },
			en: { signIn: 'Sign in', queues: 'Queues', all: 'All', step: 'Listen and understand', kb: 'Knowledge base', high: 'High' },
		};
		// zh-CN by default, before and after signing in
		assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
		assert.equal(await page.locator('.login button[type="submit"]').textContent(), texts['zh-CN'].signIn);
		for (const l of ['zh-TW', 'en']) {
			await page.selectOption('#lang', l);
			await page.waitForFunction((want) => document.querySelector('.login button[type="submit"]')?.textContent === want, texts[l].signIn);
			assert.equal(await page.getAttribute('html', 'lang'), l);
		}
		// signed in in English, the choice kept
		await page.fill('[name="username"]', u.username);
		await page.fill('[name="password"]', u.password);
		await page.press('[name="password"]', 'Enter');
		await page.waitForSelector('#sign-out');
		for (const l of ['en', 'zh-TW', 'zh-CN']) {
			if (l !== 'en') await page.selectOption('#lang', l);
			for (const [v, drawn] of views) {
				await page.goto(`/${v}`);
				try {
					await page.waitForSelector(drawn, { timeout: 10000 });
				} catch (e) {
					throw new Error(`${l} ${v}: ${await page.locator('#app').textContent()}`);
				}
				assert.deepEqual(await untranslated(), [], `${l} ${v}`);
				assert.equal(await page.getAttribute('html', 'lang'), l);
				const nav = await page.locator('#top nav').textContent();
				assert.ok(nav.includes(texts[l].queues) && nav.includes(texts[l].kb), `${l}: ${nav}`);
				if (v.startsWith('#/c/')) {
					for (const panel of ['#judgement', '#plans', '#changes', '#identity', '#odr', '#compensation'])
						assert.equal(await page.locator(panel).count(), 1, `${l}: ${panel}`);
					assert.ok((await page.locator('#guide').textContent()).includes(texts[l].step), `${l}: the steps`);
					assert.ok((await page.locator('.complaint-head').textContent()).includes(texts[l].high), `${l}: severity`);
				}
				if (v === '#/queue/all') assert.equal(await page.locator('#queue-title').textContent(), texts[l].all);
			}
		}
		// remembered across a reload
		await page.selectOption('#lang', 'zh-TW');
		await page.reload();
		await page.waitForSelector('#sign-out');
		assert.ok((await page.locator('#top nav').textContent()).includes('佇列'));
		assertClean(problems, [API_ERRORS, SIGNED_OUT]);
	});

	it('shows the server\'s words for states and channels, in traditional Chinese and English too', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const fields = await kesu.expect(200, 'GET', '/api/v1/fields', null, null);
		const word = (group, name, l) => fields.enums[group].values.find((v) => v.name === name).label[l];
		const c = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'store', complainant: { name: '吴磊', phone: '13900008888' }, content: '门店的收银机多扣了一笔钱。',
		});
		await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/transitions`, { to: 'acknowledged' });
		const supS = await kesu.staff('supervisor', [TEAM]);
		const { page, problems } = await signedIn(supS);
		// the workspace keeps no words of its own for them
		const words = await page.evaluate(async () => (await import('/assets/i18n.js')).words());
		assert.deepEqual(Object.keys(words).filter((k) => /^(status|channel|severity|q)[._]/.test(k)), []);
		for (const l of ['zh-TW', 'en']) {
			await page.selectOption('#lang', l);
			await page.waitForFunction((want) => document.documentElement.lang === want, l);
			await openComplaint(page, c.tracking_no);
			assert.equal(await page.locator('.complaint-head .badge.st-acknowledged').textContent(), word('status', 'acknowledged', l));
			assert.ok((await page.locator('#details').textContent()).includes(word('channel', 'store', l)), `${l}: the channel`);
			// the moves offered, in the server's words
			const moves = await page.locator('#move-to option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
			assert.ok(moves.length > 0);
			for (const [to, text] of moves) assert.equal(text, word('status', to, l), `${l}: ${to}`);
			// the queue's badges and the queue's own name
			await page.goto('/#/queue/all');
			await page.waitForSelector(`#queue-table tr[data-tracking="${c.tracking_no}"]`);
			assert.equal(await page.locator(`#queue-table tr[data-tracking="${c.tracking_no}"] .badge.st-acknowledged`).textContent(), word('status', 'acknowledged', l));
			assert.equal(await page.locator('#queue-title').textContent(), word('queue', 'all', l));
			// the registration form offers every channel the server lists, in its order
			await page.goto('/#/new');
			await page.waitForSelector('#register-form');
			const channels = await page.locator('[name="channel"] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
			assert.deepEqual(channels, fields.enums.channel.values.map((v) => [v.name, v.label[l]]));
		}
		assertClean(problems);
	});

	it('the queue works by keyboard, counts itself live, and finds Chinese words', { timeout: 90000 }, async () => {
		const kesu = env.kesu;
		const teamId = await kesu.addTeam('键盘测试组');
		const agentS = await kesu.staff('agent', [teamId]);
		const made = [];
		const register = async (content) => {
			const c = await kesu.expect(201, 'POST', '/api/v1/complaints', { channel: 'phone', complainant: { name: '赵雷', phone: '13900002222' }, content });
			await kesu.expect(200, 'POST', `/api/v1/complaints/${c.tracking_no}/assignment`, { team_id: teamId, assignee_id: null });
			return c.tracking_no;
		};
		const contents = ['冰箱冷藏室结霜严重', '电视机屏幕出现一条竖线', '热水器打不着火', '微波炉转盘不转', '洗碗机洗不干净'];
		for (const content of contents) made.push(await register(content));
		const { page, problems } = await signedIn(agentS);
		await page.waitForSelector('#queue-table tbody tr');
		// the team's queue, newest first
		const order = await page.locator('#queue-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.tracking));
		assert.deepEqual(order, [...made].reverse());
		// '/' goes to the search box; Tab from there (past the sort, the
		// filters, saving a view and selecting the page) reaches the table,
		// which hands focus to the selected row
		await page.keyboard.press('/');
		assert.equal(await page.evaluate(() => document.activeElement.id), 'queue-search');
		let hops = 0;
		while (hops < 14 && !(await page.evaluate(() => document.activeElement.tagName === 'TR'))) {
			await page.keyboard.press('Tab');
			hops++;
		}
		assert.equal(await page.evaluate(() => document.activeElement.dataset.tracking), made[4], 'Tab reaches the first row');
		const focused = () => page.evaluate(() => document.activeElement.dataset.tracking);
		await page.keyboard.press('ArrowDown');
		assert.equal(await focused(), made[3]);
		await page.keyboard.press('j');
		assert.equal(await focused(), made[2]);
		await page.keyboard.press('k');
		assert.equal(await focused(), made[3]);
		await page.keyboard.press('End');
		assert.equal(await focused(), made[0]);
		assert.equal(await page.locator(`tr[data-tracking="${made[0]}"]`).getAttribute('aria-selected'), 'true');
		await page.keyboard.press('Home');
		await page.keyboard.press('ArrowDown');
		await page.keyboard.press('Enter');
		await page.waitForSelector(`article.complaint[data-tracking="${made[3]}"]`);
		await page.goBack();
		await page.waitForSelector('#queue-table tbody tr');

		// sorting by the oldest first, from the column's header
		await page.click('a.sort[data-sort="created"]');
		await page.waitForFunction((first) => document.querySelector('#queue-table tbody tr')?.dataset.tracking === first, made[0]);
		assert.ok(page.url().includes('sort=oldest'));

		// a Chinese search, typed and sent with Enter
		await page.keyboard.press('/');
		await page.keyboard.type('热水器');
		await page.keyboard.press('Enter');
		await page.waitForFunction(() => document.querySelectorAll('#queue-table tbody tr').length === 1);
		assert.equal(await page.locator('#queue-table tbody tr').getAttribute('data-tracking'), made[2]);
		await page.fill('#queue-search', '洗衣机');
		await page.press('#queue-search', 'Enter');
		await page.waitForSelector('.empty:not([hidden])');

		// counts: a new complaint shows up on its own
		await page.goto('/#/queue/team');
		await page.waitForSelector('[data-count="team"]');
		assert.equal(await page.locator('[data-count="team"]').textContent(), '5');
		await register('烤箱温度不准');
		await page.waitForFunction(() => document.querySelector('[data-count="team"]')?.textContent === '6', null, { timeout: 30000 });
		assertClean(problems);
	});
});
