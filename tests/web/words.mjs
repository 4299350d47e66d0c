// The portal's dictionaries, read from web/assets as the browser gets them,
// so that the tests check the words a customer sees in each language.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './harness.mjs';

const FILES = { 'zh-CN': 'portal-zh-cn.js', 'zh-TW': 'portal-zh-tw.js', en: 'portal-en.js' };
const cache = {};

/* The dictionary of lang: {key: words}. */
export async function words(lang) {
	if (!cache[lang]) {
		const src = fs.readFileSync(path.join(ROOT, 'web/assets', FILES[lang]), 'utf8');
		cache[lang] = (await import('data:text/javascript;charset=utf-8,' + encodeURIComponent(src))).default;
	}
	return cache[lang];
}

/* The words of key in lang with {name} filled from params. */
export async function say(lang, key, params = {}) {
	const s = (await words(lang))[key];
	if (s === undefined) throw new Error(`no words for ${key} in ${lang}`);
	return s.replace(/\{(\w+)\}/g, (m, n) => (n in params ? String(params[n]) : m));
}
