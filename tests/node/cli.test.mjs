// The `cookiegate` command (web/bin/cookiegate.mjs). First the README's "Command line"
// examples exactly as written: every `$ cookiegate …` line is run in
// tests/fixtures/cli/ and its output must be the lines that follow it. Then what the
// README describes in words: exit statuses, snippet's markup, decode's answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createServerCore } from '../../web/src/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'web/bin/cookiegate.mjs');
const fixtures = join(root, 'tests/fixtures/cli');
const cli = (args, cwd = fixtures) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
const tmp = mkdtempSync(join(tmpdir(), 'cookiegate-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// The ```console block of the README's "### Command line" section.
function readmeExamples() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Command line'));
  const block = section.match(/```console\n([\s\S]*?)```/)[1];
  const examples = [];
  for (const line of block.split('\n').slice(0, -1)) {
    if (line.startsWith('$ ')) examples.push({ command: line.slice(2), output: [] });
    else examples[examples.length - 1].output.push(line);
  }
  return examples;
}

describe('the README\'s command line examples, as written', () => {
  const examples = readmeExamples();
  test('there are examples of check (valid and broken) and decode', () => {
    assert.deepEqual(examples.map((e) => e.command.split(' ').slice(0, 2).join(' ')),
                     ['cookiegate check', 'cookiegate check', 'cookiegate decode']);
  });
  for (const { command, output } of examples) {
    test(command.slice(0, 60), () => {
      const [name, ...args] = command.split(' ');
      assert.equal(name, 'cookiegate');
      const r = cli(args);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, `${output.join('\n')}\n`);
    });
  }
});

// A trial's `cookiegate log history --help` was told "Unknown option '--help'".
test('--help or -h after any command prints its usage and exits 0', () => {
  for (const [args, re] of [[['check', '--help'], /^usage: cookiegate check CONFIG\.json/],
    [['snippet', 'x.json', '-h'], /^usage: cookiegate snippet /], [['decode', '--help'], /^usage: cookiegate decode /],
    [['log', 'history', '--help'], /^usage: cookiegate log history CONSENT_ID/],
    [['log', 'purge', '-h'], /^usage: cookiegate log purge --older-than DAYS/],
    [['log', '-h'], /^ {2}cookiegate log history CONSENT_ID/]]) {
    const r = cli(args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, re, args.join(' '));
    assert.equal(r.stderr, '');
  }
});

describe('cookiegate check', () => {
  test('exits 0 on a valid config, 1 on errors, 2 on a usage error', () => {
    assert.equal(cli(['check', 'cookiegate.json']).status, 0);
    assert.equal(cli(['check', 'cookiegate.json', 'broken.json']).status, 1);
    const usage = cli(['check']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /usage: cookiegate check/);
    assert.equal(cli(['check', 'missing.json']).status, 2);
    assert.equal(cli(['frobnicate']).status, 2);
  });

  test('text that is not JSON: the error says where (line and column), as the browser\'s does', () => {
    writeFileSync(join(tmp, 'comma.json'), '{\n  "policy": { "version": "1.0.0", "url": "/p" },\n  "categories": [{ "id": "a", "title": "A" }],\n}\n');
    const r = cli(['check', 'comma.json'], tmp);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /comma\.json: error 100 config_not_json: .*not valid JSON.* at line 4, column 1\b/);
  });

  test('no second error that only follows from leaving the first out (a regions map left empty)', () => {
    writeFileSync(join(tmp, 'usa.json'), JSON.stringify({ policy: { version: '1.0.0', url: '/p' },
      categories: [{ id: 'a', title: 'A' }], regions: { USA: { model: 'opt-out' } } }));
    const r = cli(['check', 'usa.json'], tmp);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /regions\.USA/);
    assert.match(r.stdout, /usa\.json: 1 error\n/, r.stdout);
  });

  test('a language without built-in texts: every missing text key at once, not one per run', async () => {
    writeFileSync(join(tmp, 'fr.json'), JSON.stringify({ policy: { version: '1.0.0', url: '/p' },
      languages: ['en', 'fr'], texts: { fr: { bannerTitle: 'Cookies' } }, categories: [{ id: 'a', title: 'A' }] }));
    const r = cli(['check', 'fr.json'], tmp);
    assert.equal(r.status, 1);
    const missing = [...r.stdout.matchAll(/error 109 config_missing_text: texts\.fr\.(\w+):/g)].map((m) => m[1]);
    const core = await createServerCore();
    const keys = core.textKeys().keys;
    assert.deepEqual(missing.sort(), keys.filter((k) => k !== 'bannerTitle').sort());
  });

  test('reports every error the core can reach, each once, first one first', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    config.categories[1].requried = true;                 // unknown field
    config.categories[2].services[0].scripts = 'x';       // wrong type
    config.cookie = { sameSite: 'None' };                 // invalid value
    writeFileSync(join(tmp, 'three.json'), JSON.stringify(config));
    const r = cli(['check', 'three.json'], tmp);
    assert.equal(r.status, 1);
    const paths = [...r.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]);
    assert.deepEqual(paths, ['categories[1].requried', 'categories[2].services[0].scripts', 'cookie.sameSite']);
    assert.match(r.stdout, /three\.json: 3 errors\n$/);
  });

  // A trial's config with four mistakes got one error per run: a required member left
  // out is missing, an error about the same path, which ended the search.
  test('a required member with a wrong value: the core\'s example stands in, and the errors after it are found too', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    config.policy = { version: '1.0', url: 'privacy' };
    config.categories[1].default = true;
    config.categories[1].title = 7;
    writeFileSync(join(tmp, 'required.json'), JSON.stringify(config));
    const r = cli(['check', 'required.json'], tmp);
    assert.equal(r.status, 1);
    const paths = [...r.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]);
    assert.deepEqual(paths, ['policy.version', 'policy.url', 'categories[1].default', 'categories[1].title']);
    assert.match(r.stdout, /required\.json: 4 errors\n$/);
  });

  // Two trials: a required member missing altogether ended the search at its error
  // (only a member that could be left out was replaced), so an error after it went unsaid.
  test('a required member missing altogether: the core\'s example stands in, and the errors after it are found too', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    delete config.policy;
    config.expiry = { acceptDays: 400 };
    writeFileSync(join(tmp, 'absent.json'), JSON.stringify(config));
    const r = cli(['check', 'absent.json'], tmp);
    assert.equal(r.status, 1);
    const paths = [...r.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]);
    assert.deepEqual(paths, ['policy', 'expiry.acceptDays'], r.stdout);
    assert.match(r.stdout, /absent\.json: 2 errors\n$/);
  });

  // A trial's two pattern mistakes, in two services, got one error: an array element
  // was not left out (its removal would renumber the rest), which ended the search.
  test('errors in list entries: every one, each with its index in the file as written', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    const [analytics, media] = [1, 2].map((i) => config.categories[i].services[0]);
    analytics.scripts = ['*analytics.js', 'https://stats.example.com/*', 'youtube.com', 'https://ok.example/*'];
    media.scripts = ['https://www.youtube.com/*', 'ytimg.com'];
    config.categories[1].consentMode = ['analytics_storage', 'analytics_storge'];
    writeFileSync(join(tmp, 'lists.json'), JSON.stringify(config));
    const r = cli(['check', 'lists.json'], tmp);
    assert.equal(r.status, 1);
    const paths = [...r.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]);
    assert.deepEqual([...paths].sort(), ['categories[1].consentMode[1]', 'categories[1].services[0].scripts[0]',
      'categories[1].services[0].scripts[2]', 'categories[2].services[0].scripts[1]'], r.stdout);
    assert.match(r.stdout, /"youtube\.com" has no path/);
    assert.match(r.stdout, /"ytimg\.com" has no path/);
    assert.match(r.stdout, /lists\.json: 4 errors\n$/);
  });

  // Only entries nothing else names are left out (a review): a language left out made
  // the texts in it errors of their own, each contradicting the first fix.
  test('a bad entry of another list ends the search; a member named with digits keeps its name', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    config.languages = ['en', 'de_DE'];
    config.texts = { de_DE: { bannerTitle: 'Cookies' } };
    writeFileSync(join(tmp, 'lang.json'), JSON.stringify(config));
    const r = cli(['check', 'lang.json'], tmp);
    assert.deepEqual([...r.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]), ['languages[1]'], r.stdout);
    const digits = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    digits.texts = { en: { 1: 'x' } };
    digits.categories[1].services[0].scripts = ['x.js', '*/ok.js'];
    writeFileSync(join(tmp, 'digits.json'), JSON.stringify(digits));
    const d = cli(['check', 'digits.json'], tmp);
    const paths = [...d.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]);
    assert.ok(paths.includes('texts.en.1'), d.stdout);
    assert.ok(paths.includes('categories[1].services[0].scripts[0]'), d.stdout);
  });

  // The stand-in for an id is not the core's example as is: "analytics" beside the real
  // category "analytics" was a duplicate id, blamed on the real one (a review).
  test('a wrong id: one error, none blamed on a category with a right one', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    config.categories[0].id = 'Bad Id';
    writeFileSync(join(tmp, 'id.json'), JSON.stringify(config));
    const r = cli(['check', 'id.json'], tmp);
    assert.deepEqual([...r.stdout.matchAll(/error \d+ \w+: ([^:]+):/g)].map((m) => m[1]), ['categories[0].id'], r.stdout);
  });

  test('a file that cannot be read: the reason in words, not only its code', () => {
    const r = cli(['check', 'missing.json']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read missing\.json: no such file \(ENOENT\)/);
    const dir = cli(['check', '.']);
    assert.match(dir.stderr, /cannot read \.: it is a folder, not a file \(EISDIR\)/);
  });

  // A trial's config without policy.url got "policy.url: is required", naming nothing to write.
  test('a missing required field: the message says what to write there', () => {
    writeFileSync(join(tmp, 'nourl.json'), JSON.stringify({ policy: { version: '1.0.0' }, categories: [{ id: 'a', title: 'A' }] }));
    const r = cli(['check', 'nourl.json'], tmp);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error 102 config_missing: policy\.url: is required \(the link to the site's privacy policy, e\.g\. "\/privacy"\)\n/);
  });

  test('text that is not JSON is one error', () => {
    writeFileSync(join(tmp, 'comma.json'), '{"policy": {},}');
    const r = cli(['check', 'comma.json'], tmp);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /config_not_json/);
    assert.match(r.stdout, /comma\.json: 1 error\n$/);
  });
});

describe('cookiegate snippet', () => {
  test('prints the inline config and the script tag, escaped for <script>', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    config.categories[1].description = '</script><script>alert(1)</script>';
    writeFileSync(join(tmp, 'hostile.json'), JSON.stringify(config));
    const r = cli(['snippet', 'hostile.json', '--src', '/cg/cookiegate.js', '--nonce', 'abc'], tmp);
    assert.equal(r.status, 0, r.stderr);
    const inline = r.stdout.match(/<script type="application\/json" id="cookiegate-config" nonce="abc">(.*)<\/script>\n/)[1];
    assert.equal(inline.includes('<'), false);
    assert.deepEqual(JSON.parse(inline), config);
    assert.match(r.stdout, /<script src="\/cg\/cookiegate\.js" data-config="#cookiegate-config" nonce="abc"><\/script>/);
    assert.match(r.stdout, /Consent Mode: cookiegate\.js has pushed the default/);
    // It names every file the script loads from next to itself (a site that copied only
    // the ones named before got no banner: error 508 for the runtime).
    const files = readdirSync(join(root, 'web/dist')).filter((n) => /^cookiegate-.*\.(js|wasm)$/.test(n));
    assert.ok(files.length >= 7, files.join());
    // With a nonce no Web Worker compiles the core (web/src/wasm/warm.js): its file is not asked for.
    const note = r.stdout.split('\n')[0];
    for (const name of files) assert.equal(note.includes(name), name !== 'cookiegate-warm.js', `${name} in: ${note}`);
    const plain = cli(['snippet', 'hostile.json'], tmp);
    for (const name of files) assert.ok(plain.stdout.split('\n')[0].includes(name), `${name} is not named without a nonce`);
  });

  test('--npm prints the shipped Consent Mode default inline, with the config\'s wait', () => {
    const r = cli(['snippet', '--npm', 'cookiegate.json']);
    assert.equal(r.status, 0, r.stderr);
    const shipped = readFileSync(join(root, 'web/dist/consent-default.js'), 'utf8').trim();
    assert.ok(r.stdout.includes(`<script data-wait-for-update="500">${shipped}</script>`));
  });

  test('refuses an invalid config with the core\'s error', () => {
    const r = cli(['snippet', 'broken.json']);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /config_unknown_field: categorys/);
    assert.equal(r.stdout, '');
  });

  test('refuses an invalid config with every error, as check lists them', () => {
    writeFileSync(join(tmp, 'two.json'), JSON.stringify({
      ...JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8')), cookie: { sameSite: 'None' }, langs: ['en'] }));
    const snippet = cli(['snippet', 'two.json'], tmp);
    const check = cli(['check', 'two.json'], tmp);
    assert.equal(snippet.status, 1);
    assert.equal(snippet.stdout, '');
    assert.equal(snippet.stderr, check.stdout);
    assert.match(snippet.stderr, /two\.json: 2 errors\n$/);
  });
});

describe('a config over the 64 KiB a page takes', () => {
  // The same valid config twice: indented past the cap, and on one line within it (a
  // trial's 71.5 KB config was 45 KB minified; both commands refused it as written).
  const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
  for (let i = 0; i < 10; i++) {
    config.categories.push({ id: `purpose${i}`, title: `Purpose ${i}`, description: 'What this purpose does, at length. '.repeat(70) });
  }
  const indented = JSON.stringify(config, null, 2).replace(/\n/g, `\n${' '.repeat(600)}`);
  writeFileSync(join(tmp, 'big.json'), indented);
  test('the fixture: over the cap indented, within it on one line', () => {
    assert.ok(indented.length > 64 * 1024 && JSON.stringify(config).length < 64 * 1024);
  });

  test('check: refused as written, with its size on one line and the fix', () => {
    const r = cli(['check', 'big.json'], tmp);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /input_too_large: config: is over 65536 bytes as written/);
    assert.match(r.stdout, new RegExp(`${JSON.stringify(config).length} as \`cookiegate snippet\` prints it, and valid: paste what it prints`));
  });

  test('snippet: "<" counts as the \\u003c it prints (a config that fits as a file, not as printed)', () => {
    const angled = structuredClone(config);
    for (const c of angled.categories) if (c.description) c.description = c.description.replace(/[aeiou ]/g, '<');
    writeFileSync(join(tmp, 'angled.json'), JSON.stringify(angled));
    assert.ok(JSON.stringify(angled).length < 64 * 1024);
    const snippet = cli(['snippet', 'angled.json'], tmp);
    assert.equal(snippet.status, 1);
    assert.equal(snippet.stdout, '');
    assert.match(snippet.stderr, /input_too_large: config: is over 65536 bytes as printed here \(\d+; each "<" is written \\u003c\): shorten its texts/);
  });

  test('snippet: prints it on one line, where it fits', () => {
    const r = cli(['snippet', 'big.json'], tmp);
    assert.equal(r.status, 0, r.stderr);
    const inline = r.stdout.match(/<script type="application\/json" id="cookiegate-config">(.*)<\/script>\n/)[1];
    assert.deepEqual(JSON.parse(inline), config);
  });

  test('the core\'s refusal of a config over the cap says to minify it', async () => {
    const core = await createServerCore();
    const r = core.validateConfig(indented);
    assert.equal(r.error.name, 'input_too_large');
    assert.match(r.error.message, /^config: is over 65536 bytes: minify it \(`cookiegate snippet` prints it on one line\) or shorten its texts$/);
  });
});

describe('cookiegate decode', () => {
  const value = readmeExamples()[2].command.split(' ').pop();
  test('a valid record: no banner, and what each category allows', () => {
    const r = cli(['decode', '--config', 'cookiegate.json', '--now', '2026-03-01', value]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^banner {6}none$/m);
    assert.match(r.stdout, /allowed {3}media: youtube yes, vimeo no/);
  });

  test('--json gives the core\'s state and record; a whole Cookie header works too', () => {
    const r = cli(['decode', '--json', '--config', 'cookiegate.json', '--now', '1772323200', `a=1; cookiegate=${value}; b=2`]);
    const out = JSON.parse(r.stdout);
    assert.equal(out.state.prompt, 'none');
    assert.equal(out.record.id, '0123456789abcdef0123456789abcdef');
  });

  test('a tampered value: the record error, and the banner as on a first visit', () => {
    const tampered = value.slice(0, -3) + (value.at(-3) === 'A' ? 'B' : 'A') + value.slice(-2);
    const r = cli(['decode', '--config', 'cookiegate.json', '--now', '2026-03-01', tampered]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^record {6}unreadable: record_\w+ \(\d+\)$/m);
    assert.match(r.stdout, /^banner {6}consent \(invalid_record: /m);
  });

  test('a record under a newer policy than the config\'s is still shown', () => {
    const config = JSON.parse(readFileSync(join(fixtures, 'cookiegate.json'), 'utf8'));
    config.policy.version = '0.9.0';
    writeFileSync(join(tmp, 'older.json'), JSON.stringify(config));
    const r = cli(['decode', '--config', 'older.json', '--now', '2026-03-01', value], tmp);
    assert.match(r.stdout, /future_version/);
    assert.match(r.stdout, /^ {2}policy {4}1\.0\.0/m);
  });

  test('needs --config and a value', () => {
    assert.equal(cli(['decode', value]).status, 2);
    assert.equal(cli(['decode', '--config', 'cookiegate.json']).status, 2);
    assert.equal(cli(['decode', '--config', 'cookiegate.json', '--now', 'soon', value]).status, 2);
  });

  // A trial's --now in milliseconds got "must be seconds since the epoch (a finite
  // number)"; the server API names the same mistake.
  test('--now in milliseconds or out of the clock\'s range: a usage error saying which', () => {
    const ms = cli(['decode', '--config', 'cookiegate.json', '--now', '1796304000000', value]);
    assert.equal(ms.status, 2);
    assert.match(ms.stderr, /^cookiegate decode: --now 1796304000000 looks like milliseconds: give seconds since the epoch \(1796304000\) or an ISO date\n/);
    for (const now of ['5', '1990-01-01']) {
      const r = cli(['decode', '--config', 'cookiegate.json', '--now', now, value]);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`^cookiegate decode: --now ${now}: not a time from 2000 to 9999; give seconds since the epoch or an ISO date\n`));
    }
  });
});
