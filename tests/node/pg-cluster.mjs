// A throw-away PostgreSQL cluster for one test file (Debian's postgresql package, whose
// binaries live in /usr/lib/postgresql/<version>/bin, off PATH): initdb in a fresh
// temporary folder, started on 127.0.0.1 and a free port, stopped and removed by
// stop(). initdb and postgres refuse to run as root, so as root they run as the
// postgres user (runuser).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pgBin() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin/initdb'))) : [];
  if (!versions.length) throw new Error('PostgreSQL is not installed: run tests/install.sh (Debian package postgresql)');
  return join(root, versions.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

export async function startCluster() {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'cg-pg-'));
  const root = process.getuid && process.getuid() === 0;
  let uid = null;
  if (root) {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, uid);
  }
  const as = (cmd, args, opts = {}) => execFileSync(root ? 'runuser' : cmd, root ? ['-u', 'postgres', '--', cmd, ...args] : args,
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir, ...opts });
  const data = join(dir, 'data');
  as(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  // fsync stays on: the restart test is about what an acknowledged commit survives.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  const ctl = (...args) => as(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => ctl('-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start');
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    /**
     * Stops the server at once (clients are cut off, as in a crash) and starts it
     * again, without blocking the event loop: load keeps running meanwhile.
     */
    async restart() {
      const run = promisify(execFile);
      const actl = (...args) => run(root ? 'runuser' : join(bin, 'pg_ctl'),
        [...(root ? ['-u', 'postgres', '--', join(bin, 'pg_ctl')] : []), '-D', data, ...args], { cwd: dir });
      await actl('-m', 'immediate', '-w', 'stop');
      await actl('-o', opts, '-l', join(dir, 'log'), '-w', '-t', '30', 'start');
    },
    stop() {
      try { ctl('-m', 'immediate', '-w', 'stop'); } catch { /* already stopped */ }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
