// The embedded store: one SQLite file through better-sqlite3 (an optional peer
// dependency: `npm install better-sqlite3@12`). WAL mode, so readers (the CLI, an
// export) never block the server; synchronous=FULL, so a receipt is acknowledged only
// once its transaction is on disk and survives the process being killed. Several
// processes may share the file: writes take SQLite's write lock (BEGIN IMMEDIATE) and
// wait up to `busyTimeout` ms for it.
import { MIGRATIONS } from './schema.js';

async function loadDriver() {
  try {
    return (await import('better-sqlite3')).default;
  } catch (e) {
    throw new Error(`the SQLite store needs the better-sqlite3 package (${e.message}); ` +
      'install it with: npm install better-sqlite3@12');
  }
}

/**
 * @param {string} file the database file (created when missing), or ':memory:'
 * @param {{busyTimeout?: number}} [options]
 */
export async function openSqliteStore(file, { busyTimeout = 5000 } = {}) {
  if (typeof file !== 'string' || !file) throw new TypeError('openSqliteStore(file): give the database file path');
  const Database = await loadDriver();
  const db = new Database(file, { timeout: busyTimeout });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Erasure (GDPR Art. 17): content removed from a row is overwritten in the file, not
  // left readable in free space until a VACUUM.
  db.pragma('secure_delete = ON');
  const cache = new Map();
  const stmt = (sql) => {
    let s = cache.get(sql);
    if (!s) { s = db.prepare(sql); cache.set(sql, s); }
    return s;
  };
  const tx = {
    all: (sql, params = []) => (stmt(sql).reader ? stmt(sql).all(...params) : (stmt(sql).run(...params), [])),
    run: (sql, params = []) => ({ changes: stmt(sql).run(...params).changes }),
  };

  // better-sqlite3 is synchronous, but a transaction body is an async function (the
  // same code drives PostgreSQL): one at a time, so no two bodies interleave on the
  // one connection.
  let tail = Promise.resolve();
  function transaction(fn, { begin = 'BEGIN IMMEDIATE' } = {}) {
    const run = tail.then(async () => {
      db.exec(begin);
      try {
        const out = await fn(tx);
        db.exec('COMMIT');
        return out;
      } catch (e) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
      }
    });
    tail = run.catch(() => {});
    return run;
  }

  // A consistent read (verify): a read-only connection of its own in one transaction,
  // whose first read fixes the snapshot it sees (WAL), so entries appended meanwhile are
  // not half seen and the writes of this process and others go on. An in-memory database
  // has no second connection: there the read waits in the write queue instead.
  async function read(fn) {
    if (file === ':memory:') return transaction(fn, { begin: 'BEGIN' });
    const snap = new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeout });
    try {
      snap.exec('BEGIN');
      return await fn({ all: async (sql, params = []) => snap.prepare(sql).all(...params) });
    } finally {
      snap.close();
    }
  }

  const store = {
    kind: /** @type {const} */ ('sqlite'),
    transaction,
    read,
    /** After an erasure: the write-ahead file moved into the database (where
     *  secure_delete overwrote the content) and emptied; best effort, as a reader may hold it. */
    async afterErase() {
      await tail;
      try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch { /* busy: SQLite checkpoints later */ }
    },
    /** A read outside any transaction (WAL: sees the last committed state). */
    async all(sql, params = []) { return stmt(sql).all(...params); },
    async migrate() {
      db.exec('CREATE TABLE IF NOT EXISTS cg_meta (key text PRIMARY KEY, value text NOT NULL)');
      await transaction(async (t) => {
        const row = t.all("SELECT value FROM cg_meta WHERE key = 'schema_version'")[0];
        let version = row ? Number(row.value) : 0;
        for (const [v, statements] of MIGRATIONS) {
          if (v <= version) continue;
          for (const sql of statements) db.exec(sql);
          version = v;
        }
        t.run("INSERT INTO cg_meta (key, value) VALUES ('schema_version', ?) " +
          'ON CONFLICT (key) DO UPDATE SET value = excluded.value', [String(version)]);
      });
    },
    async close() {
      await tail;
      db.close();
    },
  };
  return store;
}
