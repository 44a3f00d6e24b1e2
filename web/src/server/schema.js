// One schema for every store, applied by numbered migrations (the same SQL runs on
// SQLite and PostgreSQL: text and bigint only). A store records the highest version
// it applied in cg_meta and runs the rest in order, each in its own transaction.
//
// cg_configs  every config the site served, by the hash receipts name: the config as
//             written (what the core checks receipts against), the normalised config
//             and the built-in texts of the CookieGate version that registered it, so
//             an entry can be shown with the texts it points to.
// cg_log      the log: receipts, erasures and purges, chained (see chain.js).
//             `at` is the server's time in ms; `content` is JSON (null once erased).
// cg_head     the last entry's seq and hash: appends lock this row, so entries from
//             several servers get one order.
/** @type {[number, string[]][]} version, the statements that reach it */
export const MIGRATIONS = [
  [1, [
    `CREATE TABLE cg_configs (
       hash text PRIMARY KEY,
       source text NOT NULL,
       config text NOT NULL,
       builtin text NOT NULL,
       first_seen bigint NOT NULL)`,
    `CREATE TABLE cg_log (
       seq bigint PRIMARY KEY,
       at bigint NOT NULL,
       kind text NOT NULL,
       consent_id text,
       receipt_id text UNIQUE,
       config_hash text,
       content text,
       digest text NOT NULL,
       prev text NOT NULL,
       hash text NOT NULL,
       erased_by bigint)`,
    'CREATE INDEX cg_log_consent ON cg_log (consent_id, seq)',
    'CREATE INDEX cg_log_at ON cg_log (at)',
    `CREATE TABLE cg_head (
       id integer PRIMARY KEY CHECK (id = 1),
       seq bigint NOT NULL,
       hash text NOT NULL)`,
    // The head row always exists (seq 0: an empty log), so the first appends of
    // several servers lock it like any later one.
    `INSERT INTO cg_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}')`,
  ]],
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1][0];

export const COLUMNS = 'seq, at, kind, consent_id, receipt_id, config_hash, content, digest, prev, hash, erased_by';
