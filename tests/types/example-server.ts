// A typed use of `cookiegate/server`: the consent log behind a request handler, and
// the privacy team's operations. (No @types/node here: requests are structural.)
import {
  createConsentLog, createServerCore, openStore, type ConsentLog, type LogEntry,
  type RequestLike, type ResponseLike,
} from 'cookiegate/server';

async function main(configJson: string, req: RequestLike & { url?: string }, res: ResponseLike): Promise<void> {
  const log: ConsentLog = await createConsentLog({
    core: await createServerCore(),
    store: await openStore('consent-log.db'),
    allowOrigin: ['https://www.example.com'],
  });
  const hash: string = await log.addConfig(configJson);
  if (req.url === '/consent-log') await log.handler(req, res);
  const r = await log.accept({ v: 1, id: '00'.repeat(16), cookie: '1.x', config: hash, language: 'en', prompt: 'consent', layer: 'banner' });
  if (!r.body.ok) console.log(r.status, r.body.error.name);
  const { entries } = await log.history('00'.repeat(16));
  const first: LogEntry | undefined = entries[0];
  console.log(first?.record?.source, entries[0]?.texts?.texts.acceptAll);
  let csv = '';
  for await (const line of log.export({ from: '2026-01-01', format: 'csv' })) csv += line;
  console.log(csv.length);
  const v = await log.verify({ anchors: [{ seq: 1, hash: '0'.repeat(64) }] });
  if (!v.ok) for (const p of v.problems) console.log(p.seq, p.problem);
  await log.erase('00'.repeat(16));
  await log.purge({ olderThanDays: 395 });
  await log.close();
}
void main;
