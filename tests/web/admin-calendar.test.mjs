// The administrators' business calendar and time limits, in zh-CN, zh-TW
// and English: each page shows the settings in force, takes changes
// (periods, weekdays, holidays and make-up days added one by one or
// imported; targets by severity, override rules added and reordered, the
// other deadlines) and saves them, as the API then returns them; a value
// the server refuses is said beside its control in the page's language,
// never in the server's English; an agent gets no such page; axe-core
// finds no WCAG 2 A/AA violation; and a category named with an XSS payload
// stays text in the rules' editor.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { setup, assertClean, DESKTOP, ROOT, SHARED } from './harness.mjs';
import { signedIn as signedInTo } from './desk.mjs';

// the pages' words as the browser gets them (key: [zh-CN, zh-TW, en])
const load = async (file) => (await import('data:text/javascript;charset=utf-8,' +
	encodeURIComponent(fs.readFileSync(path.join(ROOT, 'web/assets', file), 'utf8')))).default;
const W = { ...(await load('workspace-words.js')), ...(await load('words-calendar.js')) };
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const env = setup();
const LANGS = ['zh-CN', 'zh-TW', 'en'];
const w = (key, l, params = {}) => {
	assert.ok(W[key], `no words for ${key}`);
	return W[key][LANGS.indexOf(l)].replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
};
// a value refused, with the rule its control follows
const invalid = (l, rule) => w('cal_error_rule', l, { message: w('err_code.invalid_value', l), rule: w(rule, l) });
const WEEKDAY = (iso) => new Date(`${iso}T00:00:00Z`).getUTCDay();

/* Signed in, the page switched to language l (kept for the next pages). */
async function signedInIn(session, l) {
	const x = await signedInTo(env, session, { viewport: DESKTOP });
	await x.page.selectOption('#lang', l);
	await x.page.waitForFunction((want) => document.documentElement.lang === want, l);
	return x;
}

async function open(page, hash, ready) {
	await page.goto(`/${hash}`);
	await page.waitForSelector(ready);
}

/* Clicks button of the form and waits until the page is drawn again from
 * the server's answer; fails with what the page said instead. */
async function saved(page, form, button) {
	await page.evaluate((s) => { document.querySelector(s).dataset.before = '1'; }, form);
	await page.click(button);
	await page.waitForFunction((s) => !document.querySelector(`${s}[data-before]`) ||
		[...document.querySelectorAll(`${s} .form-error, ${s} .field-error`)].some((e) => e.textContent.trim()), form);
	if (await page.locator(`${form}[data-before]`).count()) {
		const said = await page.locator(`${form} .form-error, ${form} .field-error`).allTextContents();
		throw new Error(`${form}: ${said.filter(Boolean).join(' | ')}`);
	}
}

/* Clicks button and waits for the control sel to be marked wrong;
 * resolves to the words beside it. */
async function refused(page, button, sel) {
	await page.click(button);
	const el = page.locator(sel);
	const id = await el.getAttribute('id');
	// a group (a fieldset) shows its error; a control is marked invalid too
	await page.waitForSelector(`[id="${id}-err"]:not([hidden])`);
	if (await el.evaluate((e) => e.tagName !== 'FIELDSET')) assert.equal(await el.getAttribute('aria-invalid'), 'true', `${sel} marked invalid`);
	assert.ok((await el.getAttribute('aria-describedby')).split(' ').includes(`${id}-err`), `${sel} described by its error`);
	return page.locator(`[id="${id}-err"]`).textContent();
}

/* The words beside a control hold nothing of the server's English. */
function ownWords(text, l, server) {
	assert.ok(!text.includes(server), `the server's message on the page: ${text}`);
	if (l !== 'en') assert.doesNotMatch(text.replace(/YYYY|HH|MM/g, ''), /[A-Za-z]{3,}/, `English on a ${l} page: ${text}`);
}

async function toastSays(page, text) {
	await page.waitForFunction((s) => [...document.querySelectorAll('#toasts .toast')].some((e) => e.textContent === s), text);
}

async function violations(page) {
	await page.evaluate(AXE);
	return page.evaluate(async () => {
		const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
		return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
	});
}

describe('the business calendar and the time limits', () => {
	it('an administrator keeps the calendar: periods, weekdays, holidays and make-up days', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		// each language a change of its own: what is typed, what is meant
		const plan = {
			'zh-CN': { from: '14：00', to: '18:30', saturday: true, holiday: ['2027-01-01'], workday: '2027-02-06' },
			'zh-TW': { from: '14:00', to: '19:00', saturday: false, holiday: ['2027-02-10', '2027-02-12'], workday: '2027-02-07' },
			en: { from: '1400', to: '17:30', saturday: false, holiday: ['2027-10-01'], workday: '2027-02-08' },
		};
		for (const l of LANGS) {
			const p = plan[l];
			const before = await kesu.expect(200, 'GET', '/api/v1/calendar');
			const { page, problems } = await signedInIn(admin, l);
			await open(page, '#/admin/calendar', '#calendar-form');
			assert.equal(await page.locator('.admin h1').textContent(), w('adm_calendar', l));
			assert.equal(await page.locator('.tabs a[href="#/admin/calendar"]').getAttribute('aria-current'), 'page');
			// the settings in force
			const shown = await page.locator('#period-rows tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('input')].map((i) => i.value)));
			assert.deepEqual(shown, before.periods);
			for (const d of [0, 1, 2, 3, 4, 5, 6])
				assert.equal(await page.isChecked(`#cal-wd-${d}`), before.weekdays.includes(d), `${l}: weekday ${d}`);
			assert.equal(await page.locator('#cal-weekdays label').first().textContent(), w('cal_wd_1', l), 'the week starts on Monday');
			assert.equal(await page.locator('#holidays-count').textContent(), w('cal_days_count', l, { n: before.holidays.length }));
			assert.deepEqual(await page.locator('#holidays-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.day)), before.holidays);
			assert.deepEqual(await page.locator('#workdays-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.day)), before.workdays);
			const first = before.holidays[0];
			assert.equal(await page.locator(`#holidays-rows tr[data-day="${first}"] td`).first().textContent(), w(`cal_wd_${WEEKDAY(first)}`, l));

			// the second period moved, Saturday worked or not
			await page.fill('#period-rows tr:nth-child(2) input[id$="-from"]', p.from);
			await page.fill('#period-rows tr:nth-child(2) input[id$="-to"]', p.to);
			await page.setChecked('#cal-wd-6', p.saturday);
			// a holiday (or a range of them) and a make-up day added, the first holiday removed
			const [a, b] = p.holiday;
			await page.selectOption('#cal-add-kind', 'holiday');
			await page.fill('#cal-add-from', a);
			if (b) await page.fill('#cal-add-to', b);
			await page.click('#cal-add');
			const added = b ? (Date.parse(b) - Date.parse(a)) / 86400e3 + 1 : 1;
			assert.equal(await page.locator('#cal-days-status').textContent(), w('cal_added', l, { n: added }));
			await page.selectOption('#cal-add-kind', 'workday');
			await page.fill('#cal-add-from', p.workday);
			await page.press('#cal-add-from', 'Enter');
			await page.waitForSelector(`#workdays-rows tr[data-day="${p.workday}"]`);
			await page.click(`#holidays-rows tr[data-day="${first}"] button`);
			assert.equal(await page.locator('#cal-days-status').textContent(), w('cal_removed', l, { date: first }));
			assert.equal(await page.locator(`#holidays-rows tr[data-day="${first}"]`).count(), 0);
			// nothing is saved before the form is
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/calendar'), before);

			await saved(page, '#calendar-form', '#calendar-save');
			await toastSays(page, w('saved', l));
			const days = [];
			for (let d = Date.parse(a); d <= Date.parse(b || a); d += 86400e3) days.push(new Date(d).toISOString().slice(0, 10));
			const want = {
				periods: [before.periods[0], ['14:00', p.to]],
				weekdays: [1, 2, 3, 4, 5, ...(p.saturday ? [6] : [])],
				holidays: [...before.holidays.filter((d) => d !== first), ...days].sort(),
				workdays: [...before.workdays, p.workday].sort(),
			};
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/calendar'), want);
			// the page drawn again from the server's answer
			assert.deepEqual(await page.locator('#period-rows tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('input')].map((i) => i.value))), want.periods);
			assert.deepEqual(await page.locator('#holidays-rows tr').evaluateAll((rows) => rows.map((r) => r.dataset.day)), want.holidays);
			const row = page.locator(`#workdays-rows tr[data-day="${p.workday}"] td`);
			assert.equal(await row.first().textContent(), w(`cal_wd_${WEEKDAY(p.workday)}`, l));
			// a make-up day on a weekday worked anyway is pointed out
			assert.equal(await row.nth(1).textContent(), want.weekdays.includes(WEEKDAY(p.workday)) ? w('cal_work_anyway', l) : '');
			assertClean(problems);
		}
	});

	it('the calendar says what the server refused beside its control, in the page\'s language', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		const server = 'later than the one before';
		for (const l of LANGS) {
			const before = await kesu.expect(200, 'GET', '/api/v1/calendar');
			const { page, problems } = await signedInIn(admin, l);
			await open(page, '#/admin/calendar', '#calendar-form');
			// a period that ends before it starts
			await page.fill('#period-rows tr:nth-child(1) input[id$="-from"]', '12:00');
			await page.fill('#period-rows tr:nth-child(1) input[id$="-to"]', '09:00');
			let said = await refused(page, '#calendar-save', '#period-rows tr:nth-child(1) input[id$="-to"]');
			assert.equal(said, invalid(l, 'cal_period_rule'));
			ownWords(said, l, server);
			assert.ok(!(await page.locator('main').textContent()).includes(server));
			// one that overlaps the one before: beside its start
			await page.fill('#period-rows tr:nth-child(1) input[id$="-from"]', '09:00');
			await page.fill('#period-rows tr:nth-child(1) input[id$="-to"]', '12:00');
			await page.fill('#period-rows tr:nth-child(2) input[id$="-from"]', '11:00');
			said = await refused(page, '#calendar-save', '#period-rows tr:nth-child(2) input[id$="-from"]');
			assert.equal(said, invalid(l, 'cal_period_rule'));
			ownWords(said, l, server);
			assert.equal(await page.getAttribute('#period-rows tr:nth-child(1) input[id$="-to"]', 'aria-invalid'), null, 'the first error is gone');
			// a time that is none
			await page.fill('#period-rows tr:nth-child(2) input[id$="-from"]', '25:00');
			said = await refused(page, '#calendar-save', '#period-rows tr:nth-child(2) input[id$="-from"]');
			assert.equal(said, invalid(l, 'cal_period_rule'));
			// no period at all
			while (await page.locator('#period-rows tr').count()) await page.click('#period-rows tr:first-child button');
			said = await refused(page, '#calendar-save', '#cal-periods');
			assert.equal(said, invalid(l, 'cal_periods_count'));
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/calendar'), before, 'nothing saved');
			// at most six periods
			for (let i = 0; i < 6; i++) await page.click('#period-add');
			assert.equal(await page.isDisabled('#period-add'), true);
			// a range that ends before it starts: said before anything is sent
			await page.fill('#cal-add-from', '2027-03-10');
			await page.fill('#cal-add-to', '2027-03-01');
			said = await refused(page, '#cal-add', '#cal-add-to');
			assert.equal(said, w('cal_range_rule', l));
			assertClean(problems);
		}
	});

	it('an administrator imports a holiday schedule', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		const sep = { 'zh-CN': '至', 'zh-TW': '到', en: 'to' };
		for (const [i, l] of LANGS.entries()) {
			const y = 2028 + i;
			const before = await kesu.expect(200, 'GET', '/api/v1/calendar');
			const { page, problems } = await signedInIn(admin, l);
			await open(page, '#/admin/calendar', '#calendar-import');
			// a line that is no date, found before sending
			await page.fill('#cal-import-list', `${y}-05-01\n五一假期`);
			let said = await refused(page, '#cal-import-go', '#cal-import-list');
			assert.equal(said, w('cal_import_bad', l, { n: 2, line: '五一假期' }));
			// a range backwards: the server's refusal names its line
			const back = `${y}-04-30 ${sep[l]} ${y}-04-28`;
			await page.fill('#cal-import-list', `${y}-05-01 ${sep[l]} ${y}-05-05\n${back}`);
			said = await refused(page, '#cal-import-go', '#cal-import-list');
			assert.equal(said, w('cal_import_line', l, { n: 2, line: back, message: invalid(l, 'cal_range_rule') }));
			ownWords(said, l, 'from `from`');
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/calendar'), before, 'nothing imported');
			// changes not saved above: the import waits for them
			await page.check('#cal-wd-0');
			await page.fill('#cal-import-list', `${y}-05-01 ${sep[l]} ${y}-05-05\n${y}/4/30`);
			await page.click('#cal-import-go');
			await page.waitForFunction((s) => document.querySelector('#calendar-import .form-error').textContent === s, w('cal_import_save_first', l));
			await page.uncheck('#cal-wd-0');
			await saved(page, '#calendar-import', '#cal-import-go');
			await toastSays(page, w('cal_imported', l, { n: 2 }));
			// the make-up day, then
			await page.selectOption('#cal-import-kind', 'workday');
			await page.fill('#cal-import-list', `${y}-05-06`);
			await saved(page, '#calendar-import', '#cal-import-go');
			const days = ['04-30', '05-01', '05-02', '05-03', '05-04', '05-05'].map((d) => `${y}-${d}`);
			const got = await kesu.expect(200, 'GET', '/api/v1/calendar');
			assert.deepEqual(got, { ...before, holidays: [...before.holidays, ...days].sort(), workdays: [...before.workdays, `${y}-05-06`].sort() });
			for (const d of days) await page.waitForSelector(`#holidays-rows tr[data-day="${d}"]`);
			await page.waitForSelector(`#workdays-rows tr[data-day="${y}-05-06"]`);
			assertClean(problems);
		}
	});

	it('an administrator keeps the time limits: targets, rules and the other deadlines', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		await kesu.expect(200, 'PUT', '/api/v1/categories', { categories: [
			{ name: '物流配送', label: { 'zh-CN': '物流配送', 'zh-TW': '物流配送', en: 'Delivery' } },
			{ name: '质量问题', label: { 'zh-CN': '质量问题', 'zh-TW': '品質問題', en: 'Product quality' } },
		] });
		const admin = await kesu.staff('admin');
		for (const [i, l] of LANGS.entries()) {
			const before = await kesu.expect(200, 'GET', '/api/v1/sla');
			const { page, problems } = await signedInIn(admin, l);
			await open(page, '#/admin/sla', '#sla-form');
			assert.equal(await page.locator('.admin h1').textContent(), w('adm_sla', l));
			assert.equal(await page.locator('.tabs a[href="#/admin/sla"]').getAttribute('aria-current'), 'page');
			// the policy in force
			for (const [sev, targets] of Object.entries(before.severity))
				for (const [k, v] of Object.entries(targets)) assert.equal(await page.inputValue(`#sla-${sev}-${k}`), v, `${l}: ${sev} ${k}`);
			assert.equal(await page.locator('#sla-rules > li.rule').count(), before.rules.length);
			assert.equal(await page.inputValue('#sla-follow_up'), before.follow_up);
			assert.equal(await page.inputValue('#sla-warn_percent'), String(before.warn_percent));
			assert.equal(await page.inputValue('#sla-max-level'), before.auto_escalation_max_level);
			assert.equal(await page.locator('#sla-targets thead th').nth(3).textContent(), w('sla_resolution', l));

			await page.fill('#sla-high-resolution', `${2 + i}wd`);
			await page.fill('#sla-critical-first_response', ' 45 M ');
			// the first rule of the last language goes; two new ones, the second moved up
			if (before.rules.length) await page.click('#sla-rules > li.rule:first-child button.remove');
			await page.click('#sla-rule-add');
			let rule = page.locator('#sla-rules > li.rule').last();
			await rule.locator('select[id$="-channel"]').selectOption('phone');
			const cats = await rule.locator('select[id$="-category"] option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
			assert.deepEqual(cats, [['', w('sla_any', l)], ['物流配送', ['物流配送', '物流配送', 'Delivery'][i]], ['质量问题', ['质量问题', '品質問題', 'Product quality'][i]]]);
			await rule.locator('select[id$="-category"]').selectOption('物流配送');
			await rule.locator('input[id$="-resolution"]').fill('8h');
			await page.click('#sla-rule-add');
			rule = page.locator('#sla-rules > li.rule').last();
			await rule.locator('select[id$="-severity"]').selectOption('critical');
			await rule.locator('input[id$="-acknowledge"]').fill('10m');
			await rule.locator('button.up').click();
			assert.equal(await page.locator('#sla-rules > li.rule').last().locator('h3').textContent(), w('adm_rule_n', l, { n: before.rules.length + (before.rules.length ? 1 : 2) }));
			// the other deadlines
			await page.fill('#sla-follow_up', `${4 + i}wd`);
			await page.fill('#sla-callback', '10d');
			await page.fill('#sla-negotiation', '8wd');
			await page.fill('#sla-warn_percent', String(70 + i));
			await page.selectOption('#sla-key-min_severity', 'critical');
			await page.fill('#sla-key-repeat', String(30 + i));
			await page.fill('#sla-visits-every', l === 'en' ? '45' : '2');
			await page.selectOption('#sla-visits-unit', l === 'en' ? 'd' : 'mo');
			await page.fill('#sla-visits-times', '2');
			await page.selectOption('#sla-visits-method', 'visit');
			await page.selectOption('#sla-max-level', 'supervisor');
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/sla'), before, 'nothing saved before the form is');

			await saved(page, '#sla-form', '#sla-save');
			await toastSays(page, w('saved', l));
			const want = {
				severity: { ...before.severity, high: { ...before.severity.high, resolution: `${2 + i}wd` }, critical: { ...before.severity.critical, first_response: '45m' } },
				rules: [...before.rules.slice(1), { severity: 'critical', acknowledge: '10m' }, { channel: 'phone', category: '物流配送', resolution: '8h' }],
				follow_up: `${4 + i}wd`, callback: '10d', negotiation: '8wd', warn_percent: 70 + i,
				key_customer: { min_severity: 'critical', repeat_within_days: 30 + i },
				auto_escalation_max_level: 'supervisor',
				key_customer_visits: { every: l === 'en' ? '45d' : '2mo', times: 2, method: 'visit' },
			};
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/sla'), want);
			// drawn again from the answer
			assert.equal(await page.inputValue('#sla-critical-first_response'), '45m');
			assert.equal(await page.locator('#sla-rules > li.rule').count(), want.rules.length);
			const last = page.locator('#sla-rules > li.rule').last();
			assert.equal(await last.locator('select[id$="-category"]').inputValue(), '物流配送');
			assert.equal(await last.locator('select[id$="-channel"]').inputValue(), 'phone');
			assertClean(problems);
		}
	});

	it('the time limits say what the server refused beside its control, in the page\'s language', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		for (const l of LANGS) {
			const before = await kesu.expect(200, 'GET', '/api/v1/sla');
			const { page, problems } = await signedInIn(admin, l);
			await open(page, '#/admin/sla', '#sla-form');
			// no duration
			await page.fill('#sla-high-resolution', '3x');
			let said = await refused(page, '#sla-save', '#sla-high-resolution');
			assert.equal(said, invalid(l, 'sla_rule_working'));
			ownWords(said, l, 'must be a duration');
			// calendar days where working time counts
			await page.fill('#sla-high-resolution', '2d');
			said = await refused(page, '#sla-save', '#sla-high-resolution');
			assert.equal(said, invalid(l, 'sla_rule_working'));
			ownWords(said, l, 'counts working time');
			await page.fill('#sla-high-resolution', before.severity.high.resolution);
			// a rule without a target, then without a condition
			await page.click('#sla-rule-add');
			const rule = page.locator('#sla-rules > li.rule').last();
			const n = await page.locator('#sla-rules > li.rule').count();
			const id = (await rule.locator('select[id$="-channel"]').getAttribute('id')).replace(/-channel$/, '');
			await rule.locator('select[id$="-channel"]').selectOption('web');
			said = await refused(page, '#sla-save', `#${id}-acknowledge`);
			assert.equal(said, invalid(l, 'sla_rule_no_target'));
			ownWords(said, l, 'needs a target');
			await page.fill(`#${id}-resolution`, '1x');
			said = await refused(page, '#sla-save', `#${id}-resolution`);
			assert.equal(said, invalid(l, 'sla_rule_working'), `rules[${n - 1}].resolution`);
			await page.fill(`#${id}-resolution`, '1h');
			await rule.locator('select[id$="-channel"]').selectOption('');
			said = await refused(page, '#sla-save', `#${id}-channel`);
			assert.equal(said, invalid(l, 'sla_rule_no_condition'));
			ownWords(said, l, 'needs a condition');
			await rule.locator('button.remove').click();
			// an empty deadline would fall back to the default: refused on the page
			await page.fill('#sla-follow_up', '');
			said = await refused(page, '#sla-save', '#sla-follow_up');
			assert.equal(said, w('err_reason.required', l));
			await page.fill('#sla-follow_up', before.follow_up);
			await page.fill('#sla-callback', 'a week');
			said = await refused(page, '#sla-save', '#sla-callback');
			assert.equal(said, invalid(l, 'sla_rule_duration'));
			await page.fill('#sla-callback', before.callback);
			// numbers out of their range
			await page.fill('#sla-visits-every', '13');
			await page.selectOption('#sla-visits-unit', 'mo');
			said = await refused(page, '#sla-save', '#sla-visits-every');
			assert.equal(said, invalid(l, 'sla_rule_every'));
			ownWords(said, l, 'number of months');
			await page.fill('#sla-visits-every', '1');
			await page.fill('#sla-warn_percent', '100');
			said = await refused(page, '#sla-save', '#sla-warn_percent');
			assert.equal(said, invalid(l, 'sla_rule_percent'));
			ownWords(said, l, 'must be a whole number');
			assert.ok(!/must be|needs a|is not a known/.test(await page.locator('main').textContent()), 'no server words on the page');
			assert.deepEqual(await kesu.expect(200, 'GET', '/api/v1/sla'), before, 'nothing saved');
			assertClean(problems);
		}
	});

	it('an agent gets no administration page', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const agent = await kesu.staff('agent', [1]);
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(agent, l);
			assert.equal(await page.locator('a[href="#/admin"]').count(), 0, 'no administration link');
			for (const [hash, form] of [['#/admin/calendar', '#calendar-form'], ['#/admin/sla', '#sla-form']]) {
				await open(page, hash, '.view p.form-error');
				assert.equal(await page.locator('.view p.form-error').textContent(), w('forbidden', l));
				assert.equal(await page.locator(`${form}, .tabs`).count(), 0);
			}
			assertClean(problems);
		}
		const cal = await kesu.expect(200, 'GET', '/api/v1/calendar', null, { session: agent });
		await kesu.expect(403, 'PUT', '/api/v1/calendar', cal, { session: agent });
		await kesu.expect(403, 'POST', '/api/v1/calendar/days', { days: [{ date: '2029-01-01', kind: 'holiday' }] }, { session: agent });
		await kesu.expect(403, 'PUT', '/api/v1/sla', { warn_percent: 50 }, { session: agent });
	});

	it('axe-core finds no violation on either page', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const admin = await kesu.staff('admin');
		const found = [];
		for (const l of LANGS) {
			const { page, problems } = await signedInIn(admin, l);
			await open(page, '#/admin/calendar', '#calendar-form');
			for (const v of await violations(page)) found.push(`${l} calendar: ${v}`);
			// with a refusal shown beside a period and one beside the day to add
			await page.fill('#period-rows tr:nth-child(1) input[id$="-to"]', '08:00');
			await refused(page, '#calendar-save', '#period-rows tr:nth-child(1) input[id$="-to"]');
			await refused(page, '#cal-add', '#cal-add-from');
			for (const v of await violations(page)) found.push(`${l} calendar with errors: ${v}`);
			await open(page, '#/admin/sla', '#sla-form');
			await page.click('#sla-rule-add');
			await page.fill('#sla-low-acknowledge', '3x');
			await refused(page, '#sla-save', '#sla-low-acknowledge');
			for (const v of await violations(page)) found.push(`${l} time limits: ${v}`);
			assertClean(problems);
		}
		assert.deepEqual(found, [], `${found.length} violation(s)\n${found.join('\n')}`);
	});

	it('categories named with XSS payloads stay text in the rules\' editor', { timeout: 180000 }, async () => {
		const kesu = env.kesu;
		const list = fs.readFileSync(path.join(SHARED, 'data/adversarial/xss-payload-list.txt'), 'utf8').split('\n');
		// what a category's name and words may hold: one line, at most 40 characters
		// (names differing only in case are one category)
		const seen = new Set();
		const payloads = list.map((s) => s.trim()).filter((s) => s.includes('<') && [...s].length <= 40 && !/[\x00-\x1f\x7f]/.test(s))
			.filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase())).slice(0, 30);
		assert.ok(payloads.length >= 20, `${payloads.length} payloads`);
		await kesu.expect(200, 'PUT', '/api/v1/categories', { categories: payloads.map((p) => ({ name: p, label: { 'zh-CN': p, 'zh-TW': p, en: p } })) });
		const rules = payloads.slice(0, 8).map((p, i) => ({ category: p, resolution: `${i + 1}h` }));
		await kesu.expect(200, 'PUT', '/api/v1/sla', { rules });
		const admin = await kesu.staff('admin');
		const { page, problems } = await env.page({ viewport: DESKTOP, trapScripts: true });
		await kesu.signIn(page.context(), admin);
		await open(page, '#/admin/sla', '#sla-form');
		await page.click('#sla-rule-add');
		const shown = await page.locator('#sla-rules > li.rule').evaluateAll((items) => items.map((li) => {
			const s = li.querySelector('select[id$="-category"]');
			return { chosen: s.value, text: s.selectedOptions[0].textContent, options: [...s.options].slice(1).map((o) => [o.value, o.textContent]) };
		}));
		assert.equal(shown.length, rules.length + 1);
		rules.forEach((r, i) => {
			assert.equal(shown[i].chosen, r.category);
			assert.equal(shown[i].text, r.category);
		});
		for (const s of shown) assert.deepEqual(s.options, payloads.map((p) => [p, p]));
		const foreign = await page.evaluate(() => {
			const bad = document.getElementById('app').querySelectorAll('script, img, iframe, frame, object, embed, svg, math, style, link, meta, base, video, audio, source, marquee, template, xmp, [style], [src], [srcdoc], [formaction], [href^="javascript:" i]');
			const handlers = [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length;
			return bad.length + handlers + document.scripts.length - 1;
		});
		assert.equal(foreign, 0, 'no markup from a payload');
		// saved through the page, the rules come back as they were
		await page.click('#sla-rules > li.rule:last-child button.remove');
		await saved(page, '#sla-form', '#sla-save');
		assert.deepEqual((await kesu.expect(200, 'GET', '/api/v1/sla')).rules, rules);
		assert.equal(await page.evaluate(() => window.__xssHits), 0);
		assertClean(problems);
	});
});
