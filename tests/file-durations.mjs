// A node --test reporter that prints how long each test file took (wall clock of its own
// process, seconds) as a TAP comment, as each file ends:
//   # file 93.4 s tests/browser/ui-screenshots.test.mjs
// (tests/run_all.sh sorts them, slowest first). Printed as they come, not at the end:
// with --test-force-exit, Node 20 exits before a reporter's last output is written.
import { relative } from 'node:path';

export default async function* fileDurations(source) {
  for await (const event of source) {
    // A file's own test:complete event carries the file path as its name.
    if (event.type === 'test:complete' && event.data.nesting === 0 &&
        event.data.file && event.data.name === event.data.file) {
      yield `# file ${(event.data.details.duration_ms / 1000).toFixed(1)} s ${relative(process.cwd(), event.data.file)}\n`;
    }
  }
}
