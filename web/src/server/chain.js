// The log's tamper-evident chain, the same for every store.
//
// Each entry has a `digest`: SHA-256 of its content as first written. Its `hash` covers
// its sequence number, time, kind, digest and the previous entry's hash. The chain is
// built over digests, not contents, so erasing one visitor's personal content (GDPR
// Art. 17) keeps every hash valid: the erased entry keeps its digest, and an erasure
// entry appended to the chain records which entries were erased. Deleting entries past
// their retention (always the oldest ones) is recorded the same way: a purge entry
// names the first entry that remains and the hash it links to.
//
// What verify() detects: an edited content or column, an entry removed from the
// middle, an entry's content removed without an erasure entry naming it, old entries
// removed without a purge entry, entries removed from the end (the head row no longer
// matches). What no hash chain in the same database can detect: someone who can write
// the database rewriting the whole chain. Keep the head (`verify` prints it) somewhere
// else now and then and check it with `verify --anchor SEQ:HASH`.
import { createHash } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash of one entry, from the fields the chain covers. */
export function linkHash({ seq, at, kind, digest, prev }) {
  return sha256(`cookiegate-log-v1\n${seq}\n${at}\n${kind}\n${digest}\n${prev}`);
}

/**
 * Fills in digest, prev and hash of new entries appended after `head` ({seq, hash},
 * or null for an empty log). Entries: {kind, at, content (string), ...columns}.
 */
export function link(head, entries) {
  let seq = head ? Number(head.seq) : 0;
  let prev = head ? head.hash : GENESIS;
  return entries.map((e) => {
    seq += 1;
    const digest = sha256(e.content);
    const linked = { ...e, seq, digest, prev };
    linked.hash = linkHash(linked);
    prev = linked.hash;
    return linked;
  });
}

const parse = (text) => {
  try { return JSON.parse(text); } catch { return undefined; }
};

/**
 * Checks a whole log. `rows` is an (async) iterable of entries in seq order:
 * {seq, at, kind, consent_id, receipt_id, config_hash, content, digest, prev, hash,
 * erased_by}; `head` the stored head ({seq, hash} or null); `anchors` optional
 * [{seq, hash}] known from elsewhere. Returns {ok, entries, head, problems}.
 */
export async function verifyChain(rows, head, anchors = []) {
  const problems = [];
  const problem = (seq, what) => { if (problems.length < 100) problems.push({ seq, problem: what }); };
  const erasedBy = new Map();  // erased seq -> seq of the erasure entry naming it
  const erasedRows = [];       // rows without content, checked at the end
  const anchorAt = new Map(anchors.map((a) => [Number(a.seq), a.hash]));
  let first = null;
  let last = null;
  let lastPurge = null;        // content of the newest purge entry
  let count = 0;

  for await (const row of rows) {
    const seq = Number(row.seq);
    count += 1;
    if (!first) first = { seq, prev: row.prev };
    else if (seq !== last.seq + 1) problem(seq, `entries ${last.seq + 1}..${seq - 1} are missing`);
    else if (row.prev !== last.hash) problem(seq, 'does not link to the entry before it (prev hash differs)');
    const expected = linkHash({ seq, at: Number(row.at), kind: row.kind, digest: row.digest, prev: row.prev });
    if (row.hash !== expected) problem(seq, 'its hash does not match its seq, time, kind, digest and prev');
    if (anchorAt.has(seq) && anchorAt.get(seq) !== row.hash) problem(seq, 'its hash differs from the anchor given');
    anchorAt.delete(seq);

    if (row.content == null) {
      erasedRows.push({ seq, erased_by: row.erased_by == null ? null : Number(row.erased_by), row });
    } else {
      if (sha256(row.content) !== row.digest) problem(seq, 'its content was changed (digest differs)');
      const c = parse(row.content);
      if (!c || typeof c !== 'object') problem(seq, 'its content is not JSON');
      else if (row.kind === 'receipt') {
        if (c.consentId !== row.consent_id || c.receipt !== row.receipt_id || c.config !== row.config_hash) {
          problem(seq, 'its consent id, receipt id or config hash column differs from its content');
        }
      } else if (row.kind === 'erasure') {
        for (const s of Array.isArray(c.entries) ? c.entries : []) erasedBy.set(Number(s), seq);
      } else if (row.kind === 'purge') {
        lastPurge = { ...c, seq };
      }
      if (row.erased_by != null) problem(seq, 'is marked erased but still has content');
    }
    last = { seq, hash: row.hash };
  }

  for (const e of erasedRows) {
    if (e.row.consent_id != null) problem(e.seq, 'its content is gone but its consent id is not');
    if (erasedBy.get(e.seq) !== e.erased_by || e.erased_by == null) {
      problem(e.seq, 'its content was removed without an erasure entry naming it');
    }
  }
  if (first) {
    const start = lastPurge ? { seq: Number(lastPurge.firstSeq), prev: lastPurge.firstPrev } : { seq: 1, prev: GENESIS };
    if (first.seq !== start.seq || first.prev !== start.prev) {
      problem(first.seq, lastPurge
        ? `the log should start at entry ${start.seq} (purge entry ${lastPurge.seq}) but starts at ${first.seq}`
        : `entries before ${first.seq} are missing and no purge entry records their deletion`);
    }
  }
  const stored = head ? { seq: Number(head.seq), hash: head.hash } : null;
  if ((stored && !last) || (!stored && last) ||
      (stored && last && (stored.seq !== last.seq || stored.hash !== last.hash))) {
    problem(last ? last.seq : 0, `the head (${stored ? `${stored.seq}:${stored.hash}` : 'none'}) ` +
      `does not match the last entry (${last ? `${last.seq}:${last.hash}` : 'none'}): entries were removed from the end or added outside the log`);
  }
  // An anchor older than the first entry was purged with it; one past the end is gone.
  for (const [seq] of anchorAt) if (!first || seq >= first.seq) problem(seq, 'the anchored entry is not in the log');
  return { ok: problems.length === 0, entries: count, head: last, problems };
}
