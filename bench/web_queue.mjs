// The queue page's first page, measured in Chromium: navigation start to
// the mark the page sets once the first page of rows is in the document
// (performance.mark 'kesu:queue-page'), plus the API's own time for it.
// Run by bench/web.sh: node web_queue.mjs BASE ADMIN_TOKEN ROUNDS
import { createRequire } from 'node:module';
const require = createRequire(`${process.env.NODE_PATH}/`);
const { chromium } = require('playwright-core');

const [base, token, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 7);

async function api(method, path, body) {
  const r = await fetch(base + path, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

const password = 'bench 队列 口令 长城外的风景 2026';
const stamp = Date.now().toString(36);
const users = [[`bench-sup-${stamp}`, 'supervisor', [1]], [`bench-mgr-${stamp}`, 'manager', []]];
for (const [username, role, teams] of users) await api('POST', '/api/v1/users', { username, role, teams, password });

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const queues = [['all', 'newest'], ['team', 'newest'], ['unassigned', 'newest'], ['team', 'due'], ['unassigned', 'oldest'],
  ['mine', 'newest'], ['due_soon', 'due'], ['breached', 'due'], ['escalated', 'newest'], ['approval', 'newest'], ['follow_up', 'due']];
for (const [username] of users) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('#queue-table');
  console.log(`  as ${username}:`);
  for (const [queue, sort] of queues) {
    if (username.startsWith('bench-mgr') && queue === 'team') continue; // a manager of no team
    const full = [], api = [];
    for (let i = 0; i < rounds; i++) {
      // a full load of the page: scripts from the binary, session, first page
      // (by way of a blank page, so that it is a fresh document each time)
      await page.goto('about:blank');
      await page.goto(`${base}/#/queue/${queue}?sort=${sort}`);
      const t = await page.evaluate(async () => {
        const want = () => performance.getEntriesByName('kesu:queue-page')[0];
        const until = Date.now() + 30000;
        while (!want()) {
          if (Date.now() > until) throw new Error(`no queue page: ${document.getElementById('app').textContent.slice(0, 300)}`);
          await new Promise((r) => setTimeout(r, 2));
        }
        const list = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/complaints?'));
        return { page: want().startTime, api: list.length ? list[0].duration : 0 };
      });
      full.push(t.page);
      api.push(t.api);
    }
    const rows = await page.$$eval('#queue-table tbody tr', (r) => r.length);
    console.log(`    ${queue.padEnd(10)} ${sort.padEnd(6)} rows ${String(rows).padStart(2)}  page p50 ${pct(full, 0.5).toFixed(0).padStart(4)} ms, max ${Math.max(...full).toFixed(0).padStart(4)} ms;  its API call p50 ${pct(api, 0.5).toFixed(1)} ms`);
  }
  await ctx.close();
}
await browser.close();
