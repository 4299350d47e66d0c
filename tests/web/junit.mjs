// A reporter for node's test runner (node >= 18.19) that writes JUnit XML,
// the format tests/summary.py reads from build/test-results: one
// <testsuite> per top-level suite (or per file for top-level tests), one
// <testcase> per test that has no subtests. A suite that failed without a
// failing test of its own (a hook threw, the file did not load) becomes a
// failing test case, so that no failure goes uncounted.
import path from 'node:path';

const esc = (s) => String(s)
	.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
	.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function errorText(error) {
	if (!error) return '';
	const inner = error.cause && error.code === 'ERR_TEST_FAILURE' ? error.cause : error;
	return String((inner && (inner.stack || inner.message)) || inner);
}

export default async function* junit(source) {
	const stacks = new Map(); // file -> [{name, children, failedChildren}]
	const suites = new Map(); // suite name -> {cases: [], time}
	const order = [];
	const suiteOf = (name) => {
		if (!suites.has(name)) {
			suites.set(name, { name, cases: [] });
			order.push(name);
		}
		return suites.get(name);
	};
	for await (const ev of source) {
		if (ev.type !== 'test:start' && ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
		const d = ev.data;
		const file = String(d.file || '').replace(/^file:\/\//, '');
		if (!stacks.has(file)) stacks.set(file, []);
		const stack = stacks.get(file);
		if (ev.type === 'test:start') {
			if (stack.length && stack[stack.length - 1].nesting < d.nesting) stack[stack.length - 1].children++;
			stack.push({ name: d.name, nesting: d.nesting, children: 0, failedChildren: 0 });
			continue;
		}
		let node = null;
		while (stack.length) {
			const top = stack.pop();
			if (top.nesting === d.nesting && top.name === d.name) {
				node = top;
				break;
			}
		}
		node = node || { name: d.name, nesting: d.nesting, children: 0, failedChildren: 0 };
		const failed = ev.type === 'test:fail';
		const parent = stack[stack.length - 1];
		if (failed && parent) parent.failedChildren++;
		const isSuite = d.details && d.details.type === 'suite';
		// a case: a test without subtests, or a failure no subtest accounts for
		if (node.children && !(failed && !node.failedChildren)) continue;
		if (isSuite && !failed) continue;
		const names = stack.map((s) => s.name);
		const top = names.length ? names[0] : (node.children || isSuite ? d.name : path.basename(file) || 'tests');
		const classname = names.length ? names.join(' > ') : top;
		suiteOf(top).cases.push({
			classname,
			name: node.children || isSuite ? `${d.name} (setup or teardown)` : d.name,
			time: ((d.details && d.details.duration_ms) || 0) / 1000,
			failed,
			skipped: !!(d.skip || d.todo),
			reason: typeof d.skip === 'string' ? d.skip : typeof d.todo === 'string' ? d.todo : '',
			error: failed ? errorText(d.details && d.details.error) : '',
		});
	}
	const suiteName = process.env.KESU_JUNIT_SUITE || 'browser';
	let all = 0, fails = 0, skips = 0, time = 0;
	let body = '';
	for (const name of order) {
		const s = suites.get(name);
		const f = s.cases.filter((c) => c.failed).length;
		const k = s.cases.filter((c) => c.skipped && !c.failed).length;
		const t = s.cases.reduce((a, c) => a + c.time, 0);
		all += s.cases.length;
		fails += f;
		skips += k;
		time += t;
		body += `  <testsuite name="${esc(`${suiteName}: ${name}`)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="${k}" time="${t.toFixed(3)}">\n`;
		for (const c of s.cases) {
			body += `    <testcase classname="${esc(c.classname)}" name="${esc(c.name)}" time="${c.time.toFixed(3)}"`;
			if (c.failed) {
				const first = c.error.split('\n')[0];
				body += `>\n      <failure message="${esc(first)}">${esc(c.error)}</failure>\n    </testcase>\n`;
			} else if (c.skipped) {
				body += `>\n      <skipped message="${esc(c.reason)}"/>\n    </testcase>\n`;
			} else body += '/>\n';
		}
		body += '  </testsuite>\n';
	}
	yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${esc(suiteName)}" tests="${all}" failures="${fails}" errors="0" skipped="${skips}" time="${time.toFixed(3)}">\n${body}</testsuites>\n`;
}
