// The UI's class names are short for bytes (.bn, .dg, ...): the legend at the top of
// web/src/ui/styles.js says what each one is. Every class the UI's code sets or looks
// for, and every class its style sheets select, has a line there.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { test } from 'node:test';

const dir = new URL('../../web/src/ui/', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
const sources = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readFile(new URL(f, dir), 'utf8')])));

// `//   .bn  banner: ...` lines of the comment above styles.js's sheet.
const legend = new Set([...sources['styles.js'].split('export default')[0]
  .matchAll(/^\/\/ {3}\.([a-z]+) {1,3}\S/gm)].map((m) => m[1]));

// Classes in the code: class: 'a b', class: x ? 'a' : 'b', className = 'a',
// closest('.a'), querySelector('.a'); in the style sheets (`export default` and `CSS =`
// template literals): .a{ .a, .a: ...
function used(source) {
  const out = new Set();
  const add = (s) => s.split(/\s+/).filter(Boolean).forEach((c) => out.add(c));
  for (const m of source.matchAll(/class: ([^,}]*?'[^']*'[^,}]*)[,}]/g)) for (const q of m[1].matchAll(/'([^']*)'/g)) add(q[1]);
  for (const m of source.matchAll(/className = '([^']*)'/g)) add(m[1]);
  for (const m of source.matchAll(/(?:closest|querySelector|querySelectorAll)\('\.([a-z]+)'\)/g)) add(m[1]);
  for (const css of source.matchAll(/(?:export default|CSS =) `([^`]*)`/g)) {
    for (const m of css[1].replace(/url\([^)]*\)|"[^"]*"/g, '').matchAll(/(?<![\w-])\.([a-z][a-z0-9]*)(?=[\s{,:>[).]|$)/g)) {
      if (!/^\d/.test(m[1])) out.add(m[1]);
    }
  }
  return out;
}

test('the legend at the top of styles.js has a line for each of at least the known classes', () => {
  for (const c of ['bn', 'bs', 'dg', 'hd', 'ct', 'sr', 'er', 'vh']) assert.ok(legend.has(c), `.${c} in the legend`);
});

test('every class the UI uses, in code or style sheets, is in the legend', () => {
  const all = new Map();
  for (const [f, s] of Object.entries(sources)) for (const c of used(s)) all.set(c, [...(all.get(c) || []), f]);
  // The probe sees what it should: the banner's class in its code and in the sheet.
  assert.ok(all.get('bn')?.includes('banner.js') && all.get('bn')?.includes('styles.js'), JSON.stringify([...all]));
  assert.ok(all.get('ph')?.includes('placeholder.js') && all.get('ph')?.includes('placeholder-styles.js'));
  const missing = [...all].filter(([c]) => !legend.has(c)).map(([c, fs]) => `.${c} (${fs.join(', ')})`);
  assert.deepEqual(missing, [], 'add these to the legend in web/src/ui/styles.js');
});

test('the legend names no class that is not used', () => {
  const all = new Set(Object.values(sources).flatMap((s) => [...used(s)]));
  assert.deepEqual([...legend].filter((c) => !all.has(c)), []);
});
