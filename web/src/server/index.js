// `cookiegate/server`: the consent log service (see the README's "Proof of consent").
//
//   import { createServerCore, createConsentLog, openSqliteStore } from 'cookiegate/server';
//   const log = await createConsentLog({ core: await createServerCore(),
//                                        store: await openSqliteStore('consent-log.db') });
//   await log.addConfig(configJson);              // every config the site serves
//   http.createServer((req, res) => req.url === '/consent-log' ? log.handler(req, res) : ...);
export { createServerCore, isAllowed } from '../node.js';
export { createConsentLog, shownTexts, MAX_RECEIPT_BYTES } from './log.js';
export { openSqliteStore } from './sqlite.js';
export { openPostgresStore } from './postgres.js';
export { verifyChain, GENESIS } from './chain.js';
export { configHash } from '../utils/config-hash.js';

/**
 * Opens the store a location names: a postgres:// or postgresql:// URL is
 * PostgreSQL, anything else a SQLite file.
 */
export async function openStore(location, options) {
  if (/^postgres(ql)?:\/\//i.test(String(location))) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore(location, options);
  }
  const { openSqliteStore } = await import('./sqlite.js');
  return openSqliteStore(location, options);
}
