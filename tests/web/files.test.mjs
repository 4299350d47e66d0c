// Pictures among a complaint's files show on its page, small and larger at a
// click, and a PDF as a picture of its first page drawn by the server; an
// SVG that carries a script, or any other file, is a link only and never
// runs; in zh-CN, zh-TW and English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setup, assertClean } from './harness.mjs';
import { signedIn as signedInTo, openComplaint } from './desk.mjs';

const env = setup();
const TEAM = 1;

// a 1x1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__x=1"><script>window.__x=2</script></svg>');

/* A one-page PDF (400 x 200 points) with a line of text, offsets and all. */
function onePagePdf(text) {
	const stream = `BT /F1 28 Tf 30 90 Td (${text}) Tj ET`;
	const objs = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>',
		'<</Type/Page/Parent 2 0 R/MediaBox[0 0 400 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
		`<</Length ${stream.length}>>stream\n${stream}\nendstream`, '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>'];
	let out = '%PDF-1.4\n';
	const offsets = objs.map((o, i) => { const at = out.length; out += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
	const xref = out.length;
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer<</Size ${objs.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

describe('files', () => {
	it('shows pictures on the page and nothing else runs', { timeout: 120000 }, async () => {
		const kesu = env.kesu;
		const cp = await kesu.expect(201, 'POST', '/api/v1/complaints', {
			channel: 'phone', complainant: { name: '赵磊', phone: '13500005555' },
			object: { kind: 'order', ref: 'JD20261205088', name: '电饭煲' },
			content: '内胆涂层脱落，附照片。', demand: '退货', severity: 'normal', language: 'zh-CN',
		});
		const r = await kesu.upload(`/api/v1/complaints/${cp.id}/attachments`, [
			{ name: '内胆照片.png', type: 'image/png', data: PNG },
			{ name: '"><img src=x onerror="window.__x=3">.svg', type: 'image/svg+xml', data: SVG },
			{ name: '说明.txt', type: 'text/plain', data: Buffer.from('涂层脱落\n') },
			{ name: '发票.pdf', type: 'application/pdf', data: onePagePdf('Invoice JD20261205088') },
			{ name: '坏的.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\nnot really\n') },
		]);
		assert.equal(r.status, 201, r.text);

		const want = { 'zh-CN': '点击放大或缩小', 'zh-TW': '點擊放大或縮小', en: 'Click to enlarge or shrink' };
		for (const l of ['zh-CN', 'zh-TW', 'en']) {
			const x = await signedInTo(env, await kesu.staff('agent', [TEAM]));
			const p = x.page;
			if (l !== 'zh-CN') {
				await p.selectOption('#lang', l);
				await p.waitForFunction((w) => document.documentElement.lang === w, l);
			}
			// the files' tab, by its link
			await openComplaint(p, cp.tracking_no, 'record');
			assert.equal(await p.getAttribute('#tab-record', 'aria-selected'), 'true');
			await p.waitForSelector('#files a[href^="/api/v1/attachments/"]');
			assert.equal(await p.locator('#files li').count(), 5);
			// the PNG drawn; the PDF as its first page, 1000 pixels across; the
			// PDF the server cannot draw shows its link only
			const pdfAlt = { 'zh-CN': '发票.pdf 第 1 页', 'zh-TW': '发票.pdf 第 1 頁', en: '发票.pdf, page 1' }[l];
			const page1 = p.locator(`#files img[alt="${pdfAlt}"]`);
			await page1.scrollIntoViewIfNeeded();
			await p.waitForFunction((alt) => {
				const i = document.querySelector(`#files img[alt="${alt}"]`);
				return i && i.complete && i.naturalWidth === 1000 && i.naturalHeight === 500;
			}, pdfAlt);
			await p.waitForFunction(() => document.querySelectorAll('#files .preview:not([hidden]) img').length === 2);
			const img = p.locator('#files img[alt="内胆照片.png"]');
			assert.equal(await img.getAttribute('alt'), '内胆照片.png');
			await img.scrollIntoViewIfNeeded();
			await p.waitForFunction(() => {
				const i = document.querySelector('#files img[alt="内胆照片.png"]');
				return i && i.complete && i.naturalWidth === 1;
			});
			const thumb = p.locator('#files button.thumb').first();
			assert.equal(await thumb.getAttribute('title'), want[l]);
			assert.equal(await thumb.getAttribute('aria-expanded'), 'false');
			await thumb.click();
			assert.equal(await thumb.getAttribute('aria-expanded'), 'true');
			assert.ok(await p.locator('#files button.thumb.big').count() === 1);
			await thumb.click();
			assert.equal(await thumb.getAttribute('aria-expanded'), 'false');
			// the SVG is a link only (its hostile name made safe); nothing of it ran
			const names = await p.locator('#files a').allTextContents();
			assert.equal(names.length, 5, names.join(' | '));
			assert.ok(names.every((n) => !n.includes('<')), names.join(' | '));
			assert.equal(await p.evaluate(() => window.__x), undefined);
			assertClean(x.problems);
		}
	});
});
