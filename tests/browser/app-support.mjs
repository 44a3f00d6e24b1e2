// Building small apps the way users build theirs: an app package of its own under
// build/test-apps/ with `cookiegate` in its node_modules (a link to this checkout, so
// imports go through the package's exports map), bundled by a real bundler for
// production. buildApp uses Vite (its `vite build`, with a JavaScript entry instead of
// an index.html: the tests write their own pages): ES modules, CookieGate's glue and
// parts loaded on demand as chunks, the .wasm emitted as an asset from
// `new URL(…, import.meta.url)`. buildWebpackApp uses webpack 5 as its defaults do
// (classic scripts, chunks loaded by <script> elements). React comes from the
// repository's node_modules, the one copy both the app and cookiegate/react resolve.
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { build } from 'vite';
import webpack from 'webpack';

import { repoRoot } from './harness.mjs';

/** The code block of `lang` that follows `heading` in the README, as written. */
export function readmeBlock(heading, lang) {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const at = readme.indexOf(heading);
  if (at < 0) throw new Error(`README has no "${heading}"`);
  const m = readme.slice(at).match(new RegExp('```' + lang + '\\n([\\s\\S]*?)```'));
  if (!m) throw new Error(`README's "${heading}" has no ${lang} block`);
  return m[1];
}

/**
 * Writes `files` ({name: text}) to build/test-apps/`name`/src, bundles `entry` (one
 * file name, or several: a multi-page app) with Vite for production into
 * build/test-apps/`name`/out (each entry under its own name there, with its chunks and
 * the .wasm), returns that folder. `output`: more of Rolldown's output options.
 */
export async function buildApp(name, files, entry, output = {}) {
  const dir = appFolder(name, files);
  await build({
    // base './': the tests serve each app under a path of its own, not at /.
    root: dir, configFile: false, logLevel: 'warn', base: './',
    build: {
      outDir: join(dir, 'out'), emptyOutDir: true,
      rolldownOptions: {
        input: [entry].flat().map((e) => join(dir, 'src', e)),
        output: { entryFileNames: '[name].js', ...output },
      },
    },
  });
  return join(dir, 'out');
}

/**
 * As buildApp, bundled by webpack 5 with nothing but its production defaults: a classic
 * script whose chunks (CookieGate's own included) load through <script> elements, and
 * the .wasm emitted as an asset from `new URL(…, import.meta.url)`.
 */
export async function buildWebpackApp(name, files, entry) {
  const dir = appFolder(name, files);
  const stats = await new Promise((ok, fail) => webpack({
    mode: 'production', context: dir, entry: `./src/${entry}`, output: { path: join(dir, 'out') },
  }, (err, result) => (err ? fail(err) : ok(result))));
  if (stats.hasErrors()) throw new Error(stats.toString('errors-only'));
  return join(dir, 'out');
}

function appFolder(name, files) {
  const dir = join(repoRoot, 'build/test-apps', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(repoRoot, join(dir, 'node_modules/cookiegate'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `app-${name}`, private: true, type: 'module' }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, 'src', file), text);
  return dir;
}
