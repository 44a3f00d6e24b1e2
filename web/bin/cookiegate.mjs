#!/usr/bin/env node
// The `cookiegate` command: one module per subcommand under web/src/cli/, each
// `{ name, summary, usage, run(argv) }` with run resolving to the exit status.
import check from '../src/cli/check.js';
import decode from '../src/cli/decode.js';
import log from '../src/cli/log.js';
import snippet from '../src/cli/snippet.js';
import { CommandError, UsageError } from '../src/cli/common.js';

const commands = [check, snippet, decode, log];

function help(out) {
  out('usage: cookiegate <command> [arguments]\n');
  for (const c of commands) out(`  ${c.name.padEnd(8)} ${c.summary}\n      ${c.usage}`);
}

const [name, ...argv] = process.argv.slice(2);
const command = commands.find((c) => c.name === name);
if (!command) {
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(console.log);
    process.exit(name === undefined ? 2 : 0);
  }
  console.error(`cookiegate: unknown command "${name}"`);
  help(console.error);
  process.exit(2);
}
// `--help` anywhere after a command: its usage (`log` answers for its own commands).
if (command.name !== 'log' && (argv.includes('--help') || argv.includes('-h'))) {
  console.log(`usage: ${command.usage}\n    ${command.summary}`);
  process.exit(0);
}
try {
  process.exitCode = await command.run(argv);
} catch (e) {
  if (e instanceof CommandError) {
    console.error(`cookiegate ${command.name}: ${e.message}`);
    process.exitCode = 1;
  } else if (e instanceof UsageError) {
    console.error(`cookiegate ${command.name}: ${e.message}\nusage: ${e.usage || command.usage}`);
    process.exitCode = 2;
  } else throw e;
}
