// `cookiegate snippet config.json`: the markup to paste first into <head>, from a
// config the core has checked. Script-tag route (default): the inline config, then
// cookiegate.js, which pushes the Consent Mode default at once. npm route (--npm): the
// inline Consent Mode default (the shipped consent-default.js) to put before the
// site's own gtag snippet; the app's bundle calls init(config) itself.
import { readdir, readFile } from 'node:fs/promises';

import { allErrors, inlineJson } from './check.js';
import { MAX_CONFIG_BYTES } from '../wasm/bridge.js';
import { UsageError, errorLines, loadCore, parseArgs, readConfig } from './common.js';

// web/dist/ from web/src/cli/ (the package ships both).
const DIST = new URL('../../dist/', import.meta.url);

const attr = (s) => String(s).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export default {
  name: 'snippet',
  summary: 'print the <head> markup for a config: inline config, script tag, Consent Mode default',
  usage: 'cookiegate snippet CONFIG.json [--src /cookiegate/cookiegate.js] [--nonce N] [--npm]',
  async run(argv) {
    const { args, opts } = parseArgs(argv, { src: 'value', nonce: 'value', npm: 'flag' });
    if (args.length !== 1) throw new UsageError('give one config file');
    const text = await readConfig(args[0]);
    const core = await loadCore();
    // Every error at once, as `check` lists them: one per run would take as many runs.
    const { config, errors } = allErrors(core, text);
    if (errors.length) {
      for (const line of errorLines(args[0], errors)) console.error(line);
      return 1;
    }
    // What the page gives the core is the inline text, escapes included: a "<" takes 6
    // bytes there, so a config near the cap may fit as a file and not as printed.
    const inline = inlineJson(JSON.parse(text));
    if (!opts.npm && Buffer.byteLength(inline) > MAX_CONFIG_BYTES) {
      console.error(`${args[0]}: error 400 input_too_large: config: is over ${MAX_CONFIG_BYTES} bytes as printed here ` +
        `(${Buffer.byteLength(inline)}; each "<" is written \\u003c): shorten its texts`);
      return 1;
    }
    const nonce = opts.nonce ? ` nonce="${attr(opts.nonce)}"` : '';
    const cm = config.consentMode;
    const lines = [];
    if (opts.npm) {
      const code = (await readFile(new URL('consent-default.js', DIST), 'utf8')).trim();
      lines.push('<!-- CookieGate (npm route): first in <head>, before your gtag snippet; your bundle calls init(config). -->');
      lines.push(`<script data-wait-for-update="${cm.waitForUpdate}"${nonce}>${code}</script>`);
      if (!cm.enabled) lines.push('<!-- Note: consentMode.enabled is false in this config: without it the runtime sends no Consent Mode updates. -->');
    } else {
      const src = opts.src || '/cookiegate/cookiegate.js';
      // Every file the script loads from next to itself, as this package ships them.
      // (No Web Worker compiles the core on a page whose scripts carry a nonce.)
      const files = (await readdir(DIST)).filter((n) => /^cookiegate-.*\.(js|wasm)$/.test(n) &&
        !(nonce && n === 'cookiegate-warm.js')).sort();
      lines.push(`<!-- CookieGate: first in <head>. Serve these next to ${src}: ${files.join(', ')} (all in the package's web/dist/). -->`);
      lines.push(`<script type="application/json" id="cookiegate-config"${nonce}>${inline}</script>`);
      lines.push(`<script src="${attr(src)}" data-config="#cookiegate-config"${nonce}></script>`);
      if (cm.enabled) {
        lines.push(`<!-- Consent Mode: cookiegate.js has pushed the default (everything denied, wait_for_update ${cm.waitForUpdate}); load gtag.js after this line. -->`);
      }
    }
    console.log(lines.join('\n'));
    return 0;
  },
};
