// The store for sites with several servers: PostgreSQL through the `pg` client (an
// optional peer dependency: `npm install pg@8`). Every server appends to the same
// chain: an append locks the one cg_head row (SELECT ... FOR UPDATE), so entries get a
// single order whichever server wrote them. A receipt is acknowledged after COMMIT.
// When the database is unreachable, calls reject (the handler answers 503 and the
// browser keeps the receipt queued); the pool reconnects by itself once it is back.
import { MIGRATIONS } from './schema.js';

async function loadDriver() {
  try {
    return (await import('pg')).default;
  } catch (e) {
    throw new Error(`the PostgreSQL store needs the pg package (${e.message}); install it with: npm install pg@8`);
  }
}

// The same SQL as SQLite's, with ? placeholders turned into $1, $2, ...
const numbered = (sql) => { let n = 0; return sql.replace(/\?/g, () => `$${++n}`); };
// bigint columns arrive as strings: these never exceed 2^53.
const MIGRATION_LOCK = 7236861;  // pg_advisory_lock key: one migrating server at a time

/**
 * @param {string|object} connection a connection string (postgres://user@host:port/db)
 *   or pg Pool options
 * @param {{max?: number}} [options] pool size (default 10)
 */
export async function openPostgresStore(connection, { max = 10 } = {}) {
  const pg = await loadDriver();
  const config = typeof connection === 'string' ? { connectionString: connection } : { ...connection };
  const pool = new pg.Pool({ max, connectionTimeoutMillis: 5000, ...config });
  // An idle client whose server went away emits 'error' on the pool; without a
  // listener that would crash the process. The next query reconnects.
  pool.on('error', () => {});
  // Likewise a client checked out between two queries of a transaction: the query
  // under way rejects (the handler answers 503), the event must not crash anything.
  pool.on('connect', (client) => client.on('error', () => {}));

  async function transaction(fn, { begin = 'BEGIN' } = {}) {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      const tx = {
        all: async (sql, params = []) => (await client.query(numbered(sql), params)).rows,
        run: async (sql, params = []) => ({ changes: (await client.query(numbered(sql), params)).rowCount }),
      };
      const out = await fn(tx);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      try { await client.query('ROLLBACK'); } catch { broken = true; }
      throw e;
    } finally {
      client.release(broken);
    }
  }

  return {
    kind: /** @type {const} */ ('postgres'),
    transaction,
    // A consistent read (verify): one snapshot for all its queries; writers go on.
    read: (fn) => transaction(fn, { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' }),
    async all(sql, params = []) { return (await pool.query(numbered(sql), params)).rows; },
    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await client.query('CREATE TABLE IF NOT EXISTS cg_meta (key text PRIMARY KEY, value text NOT NULL)');
        const row = (await client.query("SELECT value FROM cg_meta WHERE key = 'schema_version'")).rows[0];
        let version = row ? Number(row.value) : 0;
        for (const [v, statements] of MIGRATIONS) {
          if (v <= version) continue;
          await client.query('BEGIN');
          try {
            for (const sql of statements) await client.query(sql);
            await client.query("INSERT INTO cg_meta (key, value) VALUES ('schema_version', $1) " +
              'ON CONFLICT (key) DO UPDATE SET value = excluded.value', [String(v)]);
            await client.query('COMMIT');
          } catch (e) {
            await client.query('ROLLBACK');
            throw e;
          }
          version = v;
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    async close() { await pool.end(); },
  };
}
