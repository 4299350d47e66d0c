// Presence on the complaint page: two agents, each in a browser of their
// own, have the same complaint open; each page says who else is viewing
// it, then who is typing on it, in a status line; when one saves while
// the other has typed text, the other's page says the complaint changed,
// keeps the typing and offers to load it anew; a page that leaves is gone
// from the other's line. In zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean, DESKTOP } from './harness.mjs';
import { submit } from './desk.mjs';

const env = setup();
const TEAM = 1;
const LIVE_MS = 10000;

const NAMES = {
	'zh-CN': ['张三', '李四'],
	'zh-TW': ['張三', '李四'],
	en: ['Zhang San', 'Li Si'],
};
const EDITING = {
	'zh-CN': (n) => `${n} 正在编辑此投诉`,
	'zh-TW': (n) => `${n} 正在編輯此投訴`,
	en: (n) => `${n} is editing this complaint`,
};
const VIEWING = {
	'zh-CN': (n) => `${n} 也在查看此投诉`,
	'zh-TW': (n) => `${n} 也在查看此投訴`,
	en: (n) => `${n} is also viewing this complaint`,
};
const CHANGED = { 'zh-CN': '此投诉刚有更改', 'zh-TW': '此投訴剛有更改', en: 'This complaint has just been changed' };

let seq = 0;
function body() {
	seq += 1;
	return {
		channel: 'phone', complainant: { name: '周晓', phone: `1370001${String(5000 + seq)}` },
		object: { kind: 'order', ref: `JD2026120511${seq}`, name: '空气净化器' },
		content: `空气净化器异响（${seq}）。`, demand: '换新', severity: 'normal', language: 'zh-CN',
	};
}

/* An agent named name, signed in, on the complaint no in locale. */
async function agentOn(no, name, locale) {
	const kesu = env.kesu;
	const s = await kesu.staff('agent', [TEAM]);
	await kesu.expect(200, 'PATCH', `/api/v1/users/${s.id}`, { display_name: name });
	const p = await env.page({ viewport: DESKTOP });
	await kesu.signIn(p.context, s);
	// the language chosen before, as the switch keeps it
	await p.context.addInitScript((l) => localStorage.setItem('kesu.lang', l), locale);
	await p.page.goto(`/#/c/${no}`);
	await p.page.waitForFunction((l) => document.documentElement.lang === l, locale);
	await p.page.waitForSelector(`article.complaint[data-tracking="${no}"]`);
	await p.page.waitForSelector('html[data-live="open"]');
	return p;
}

const line = (page, want) => page.waitForFunction((w) => document.querySelector('#presence')?.textContent === w,
	want, { timeout: LIVE_MS });

describe('presence on a complaint', () => {
	for (const locale of ['zh-CN', 'zh-TW', 'en']) {
		it(`says who else views and edits it, and keeps typing through a change (${locale})`, { timeout: 120000 }, async () => {
			const [zhang, li] = NAMES[locale];
			const c = await env.kesu.expect(201, 'POST', '/api/v1/complaints', body());
			const a = await agentOn(c.tracking_no, zhang, locale);
			const b = await agentOn(c.tracking_no, li, locale);
			// each sees the other, only viewing, in a polite status line
			await line(b.page, VIEWING[locale](zhang));
			await line(a.page, VIEWING[locale](li));
			assert.equal(await b.page.getAttribute('#presence', 'role'), 'status');

			// Zhang types a note: Li's page says he is editing
			await a.page.fill('#note-body', '已联系厂家，等待回复');
			await line(b.page, EDITING[locale](zhang));
			// Li types a reply; Zhang sees it too
			const draft = '您好，我们已安排上门检测';
			await b.page.fill('#reply-body', draft);
			await line(a.page, EDITING[locale](li));

			// Zhang saves his note: the complaint changed under Li's typing,
			// which stays, with the offer to load it anew; Zhang views again
			await submit(a.page, '#note-form');
			await b.page.waitForFunction((w) => document.querySelector('#presence-changed')?.textContent.includes(w),
				CHANGED[locale], { timeout: LIVE_MS });
			assert.equal(await b.page.getAttribute('#presence-changed', 'role'), 'status');
			assert.equal(await b.page.inputValue('#reply-body'), draft);
			await line(b.page, VIEWING[locale](zhang));
			await b.page.waitForFunction(() => document.querySelector('#timeline').textContent.includes('已联系厂家'), null, { timeout: LIVE_MS });
			assert.equal(await b.page.inputValue('#reply-body'), draft);
			// Zhang's own page said nothing of the kind
			assert.equal(await a.page.locator('#presence-changed').textContent(), '');

			// Li loads it anew: the notice goes with the typing, and he is viewing
			await b.page.click('#presence-reload');
			await b.page.waitForFunction(() => document.querySelector('#presence-changed')?.textContent === '' &&
				document.querySelector('#reply-body')?.value === '');
			await line(a.page, VIEWING[locale](li));

			// Li goes elsewhere: gone from Zhang's line
			await b.page.goto('/#/queue');
			await line(a.page, '');
			assertClean(a.problems);
			assertClean(b.problems);
			await a.close();
			await b.close();
		});
	}
});
