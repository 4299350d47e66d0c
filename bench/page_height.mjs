// The complaint page's height: each of the demo's complaints opened in
// Chromium at 1366x768 (a laptop's screen) as a supervisor of the front
// line, the document's full height measured once the page has drawn.
// Prints each (tracking number, state, height, and where the part above
// the tabs ends), and the medians, in CSS pixels: the page should hold what
// the agent acts on in its first screen, the rest in tabs.
//
//   make build/kesu && node bench/page_height.mjs [--tab NAME]
//
// --tab opens that tab (history, handling, money, routing, tasks, record)
// on every complaint before measuring; without it, the page as it opens.
import { startKesu, launchBrowser, openPage } from '../tests/web/harness.mjs';

const VIEWPORT = { width: 1366, height: 768 };
const tabArg = process.argv.indexOf('--tab');
const tab = tabArg > 0 ? process.argv[tabArg + 1] : null;

const kesu = await startKesu({ initArgs: ['--demo', '--company', '示例商城'], timeoutMs: 120000 });
const browser = await launchBrowser();
try {
	const staff = await kesu.staff('supervisor', [1]);
	const { page, context } = await openPage(browser, { baseURL: kesu.url, viewport: VIEWPORT });
	await kesu.signIn(context, staff);
	const list = await kesu.expect(200, 'GET', '/api/v1/complaints?limit=200');
	const heights = [];
	// and where the first screen's part ends (the tabs begin there)
	const firsts = [];
	for (const c of list.items) {
		await page.goto(`/#/c/${c.tracking_no}`);
		await page.waitForSelector(`article.complaint[data-tracking="${c.tracking_no}"]`);
		if (tab && await page.locator(`#tab-${tab}`).count()) await page.click(`#tab-${tab}`);
		const [px, first] = await page.evaluate(() => {
			const top = document.querySelector('.first, .cols');
			return [document.documentElement.scrollHeight, top ? Math.round(top.getBoundingClientRect().bottom + window.scrollY) : 0];
		});
		heights.push(px);
		firsts.push(first);
		console.log(`${c.tracking_no}\t${c.status}\t${px}\t${first}`);
		// a fresh document for the next one: the same-page hash change would keep the old scroll
		await page.goto('about:blank');
	}
	const median = (l) => [...l].sort((a, b) => a - b)[Math.floor((l.length - 1) / 2)] || 0;
	console.log(`complaints ${heights.length}  page: median ${median(heights)} px, min ${Math.min(...heights)}, max ${Math.max(...heights)};` +
		`  above the tabs: median ${median(firsts)} px  (${VIEWPORT.width}x${VIEWPORT.height}${tab ? `, tab ${tab}` : ''})`);
} finally {
	await browser.close().catch(() => {});
	await kesu.stop();
}
