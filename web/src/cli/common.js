// What the CLI subcommands share: reading a config file, the server core, and the
// one way an error is printed (the core's code, name and message, which names the path).
import { readFile } from 'node:fs/promises';

import { createServerCore } from '../server.js';

let core = null;
/** The core, loaded once per process (from the package's dist/). */
export async function loadCore() {
  core = core || (await createServerCore());
  return core;
}

// Node's error codes for what a user most often gets wrong, in words.
const unreadable = { ENOENT: 'no such file', EISDIR: 'it is a folder, not a file', EACCES: 'permission denied' };

/** The file's text, or throws a UsageError naming the file and why. */
export async function readConfig(file) {
  if (!file) throw new UsageError('no config file given');
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const why = unreadable[e.code] ? `${unreadable[e.code]} (${e.code})` : e.code || e.message;
    throw new UsageError(`cannot read ${file}: ${why}`);
  }
}

/** The lines `cookiegate check` prints for a config with errors (the count last). */
export const errorLines = (file, errors) => [...errors.map((e) => `${file}: ${formatError(e)}`),
  `${file}: ${errors.length} error${errors.length > 1 ? 's' : ''}`];

/** A mistake in the arguments (exit 2); `usage`, when given, replaces the command's usage line. */
export class UsageError extends Error {
  constructor(message, usage) {
    super(message);
    this.usage = usage;
  }
}

/** The command could not be done, through no fault of its arguments (exit 1, one line). */
export class CommandError extends Error {}

export const formatError = (e) => `error ${e.code} ${e.name}: ${e.message}`;

/**
 * Splits argv into positional arguments and --options; `spec` names the options that
 * take a value ({ config: 'value', json: 'flag' }). Unknown options are usage errors.
 */
export function parseArgs(argv, spec) {
  const args = [];
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') { args.push(a); continue; }
    const [name, inline] = a.slice(2).split(/=(.*)/s);
    if (!(name in spec)) throw new UsageError(`unknown option --${name}`);
    if (spec[name] === 'flag') opts[name] = true;
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      opts[name] = value;
    }
  }
  return { args, opts };
}
