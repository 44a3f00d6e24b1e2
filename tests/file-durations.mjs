// A node --test reporter that prints, once every file has finished, how long each test
// file took (wall clock of its own process, seconds), slowest first, as TAP comments:
//   # file 93.4 s tests/browser/ui-screenshots.test.mjs
// Used beside the TAP reporter by tests/run_all.sh to show where the suite's time goes.
import { relative } from 'node:path';

export default async function* fileDurations(source) {
  const files = [];
  for await (const event of source) {
    // A file's own test:complete event carries the file path as its name.
    if (event.type === 'test:complete' && event.data.nesting === 0 &&
        event.data.file && event.data.name === event.data.file) {
      files.push([event.data.details.duration_ms / 1000, relative(process.cwd(), event.data.file)]);
    }
  }
  files.sort((a, b) => b[0] - a[0]);
  for (const [seconds, file] of files) yield `# file ${seconds.toFixed(1)} s ${file}\n`;
}
