// The API reference (/api/docs) in Chromium: Swagger UI draws every
// operation of docs/openapi.yaml under its tag, with its operationId, and
// opens one with its request body and responses; under the pages' strict
// Content-Security-Policy, with no console error and no violation.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, assertClean, ROOT, DESKTOP } from './harness.mjs';

const env = setup();
const spec = fs.readFileSync(path.join(ROOT, 'docs/openapi.yaml'), 'utf8');
const operationIds = [...spec.matchAll(/^ {6}operationId: (\w+)$/gm)].map((m) => m[1]);
const tags = [...spec.slice(0, spec.indexOf('\npaths:')).matchAll(/^ {2}- name: (\w+)$/gm)].map((m) => m[1]);

describe('the API reference', () => {
	it('shows every operation by name under its tag, and opens one', { timeout: 120000 }, async () => {
		assert.ok(operationIds.length > 100 && tags.length > 10, 'docs/openapi.yaml read');
		const { page, problems } = await env.page({ viewport: DESKTOP, locale: 'en' });
		const r = await page.goto('/api/docs');
		assert.equal(r.status(), 200);
		assert.match(r.headers()['content-security-policy'], /script-src 'self'; style-src 'self';/);
		const create = page.locator('.opblock-summary-operation-id', { hasText: /^createComplaint$/ });
		await create.waitFor({ timeout: 30000 });
		assert.equal(await page.locator('.information-container .title').first().innerText().then((t) => t.startsWith('kesu API')), true);

		// every operation, by its operationId; every tag, in the declared
		// order. From 150 operations on, Swagger UI draws only those near
		// the viewport: the page is read as it scrolls down.
		const shown = new Set();
		const headings = [];
		for (let y = 0; ; y += 400) {
			await page.evaluate((to) => window.scrollTo(0, to), y);
			await page.waitForTimeout(30);
			for (const id of await page.locator('.opblock-summary-operation-id').allInnerTexts()) shown.add(id);
			for (const h of await page.locator('.opblock-tag-section h3 .nostyle span, .opblock-tag-section h3 a span, .opblock-tag .nostyle span').allInnerTexts())
				if (!headings.includes(h)) headings.push(h);
			if (y > await page.evaluate(() => document.documentElement.scrollHeight)) break;
		}
		assert.deepEqual([...shown].sort(), [...operationIds].sort());
		assert.equal(new Set(operationIds).size, operationIds.length, 'each operationId once');
		assert.deepEqual(headings.filter((h) => tags.includes(h)), tags);
		await page.evaluate(() => window.scrollTo(0, 0));

		// one opened: its summary, the permission it needs, body and answers
		await create.click();
		const op = page.locator('#operations-complaints-createComplaint');
		await op.locator('.responses-wrapper').waitFor();
		const text = await op.innerText();
		for (const s of ['Register a complaint', 'complaint.create', 'Idempotency-Key', '201', '422'])
			assert.ok(text.includes(s), `the opened operation shows ${s}`);
		assert.match(page.url(), /#\/complaints\/createComplaint$/);
		// the page only reads: no way to send a request from it
		assert.equal(await op.locator('.try-out__btn').count(), 0);

		// a link to an operation opens it
		await page.goto('about:blank');
		await page.goto('/api/docs#/portal/getPortalComplaint');
		await page.locator('#operations-portal-getPortalComplaint .responses-wrapper').waitFor({ timeout: 30000 });
		assertClean(problems, []);
	});
});
