import { randomBytes } from 'node:crypto';
import { aesGcmSealer } from '../electron/store/history-seal';
// The history worker's cost per recorded exchange, stage by stage, on the exchanges the proxy bench
// sends (a GET with a Bearer key and a small JSON answer; a POST with 16 KB each way): the hand-off
// (structured clone, as postMessage does), identification (headers, presented key, fingerprint),
// diagnosis, redaction, and the SQLite insert with and without the history indexes. Medians of
// rounds after a warm-up. Usage: worker-cost.ts [exchanges]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { diagnoseExchange } from '../shared/diagnosis/diagnose-exchange';
import { builtinProviders } from '../shared/providers/builtin-providers';
import { redactExchange, type RawExchange } from '../shared/redaction/redact-exchange';
import { Redactor } from '../shared/redaction/redactor';
import { toHistoryRecord, type CapturedExchange } from '../electron/proxy/captured-exchange';
import { ExchangePipeline } from '../electron/redaction/exchange-pipeline';
import { HistoryRepository, type HistoryRecord } from '../electron/store/history-repository';
import { openDatabase } from '../electron/store/open-database';
import { keyedFingerprint, rememberingFingerprint } from '../electron/vault/fingerprint';

const count = Number(process.argv[2] ?? 20_000);
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const environment = call2me.environments.find((e) => e.id === 'staging')!;
// Built as the worker builds it.
const pipeline = new ExchangePipeline(() => builtinProviders, rememberingFingerprint(keyedFingerprint(Buffer.alloc(32, 7))));
const context = { profile: call2me, environment, identify: () => undefined };

function captured(bodyBytes: number, i: number): CapturedExchange {
  const requestBody = bodyBytes ? Buffer.from(JSON.stringify({ name: 'front desk', notes: 'x'.repeat(bodyBytes - 40) })) : null;
  const data = Array.from({ length: Math.max(1, Math.ceil(bodyBytes / 64)) }, (_, n) => ({ id: `ag_${n}`, name: `front desk ${n}`, status: 'active' }));
  const responseBody = Buffer.from(JSON.stringify({ data }));
  return {
    proxy: 'call2me/staging',
    source: 'proxy',
    startedAt: Date.now(),
    method: bodyBytes ? 'POST' : 'GET',
    path: '/v1/agents',
    target: 'http://127.0.0.1:9/v1/agents',
    requestHeaders: [
      'host',
      '127.0.0.1:8080',
      'authorization',
      `Bearer sk_call2me_test_bench${String(i % 4).repeat(12)}`,
      ...(bodyBytes ? ['content-type', 'application/json', 'content-length', String(requestBody!.length)] : []),
    ],
    // Arrays of their own, as the proxy's capture hands them over.
    requestBody: requestBody && new Uint8Array(requestBody),
    requestBytes: requestBody?.length ?? 0,
    status: 200,
    responseHeaders: ['Content-Type', 'application/json; charset=utf-8', 'Content-Length', String(responseBody.length), 'Date', new Date().toUTCString()],
    responseBody: new Uint8Array(responseBody.subarray(0, 16 * 1024)),
    responseBytes: responseBody.length,
    firstByteMs: 1.2,
    totalMs: 1.5,
    error: null,
    failure: null,
    trimmed: false,
  };
}

/** Microseconds per exchange for `run` over the whole list, median of 5 rounds after a warm-up. */
function perExchange<T>(items: readonly T[], run: (item: T) => unknown): number {
  for (const item of items.slice(0, 500)) run(item);
  const rounds = Array.from({ length: 5 }, () => {
    const t = performance.now();
    for (const item of items) run(item);
    return ((performance.now() - t) * 1000) / items.length;
  });
  return rounds.sort((a, b) => a - b)[2]!;
}

const HISTORY_INDEXES = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('history', 'history_finding') AND sql IS NOT NULL";

/** A fresh database with the production schema in `where`, given with its history indexes' names; removed after `use`. */
function withFreshDatabase<T>(where: string, use: (db: ReturnType<typeof openDatabase>, indexes: string[]) => T): T {
  const dir = fs.mkdtempSync(path.join(where, 'keyhole-bench-worker-'));
  const db = openDatabase(path.join(dir, 'keyhole.db'));
  try {
    return use(
      db,
      (db.prepare(HISTORY_INDEXES).all() as { name: string }[]).map((r) => r.name),
    );
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The worker's batches: 500 exchanges each. */
const batchesOf = <T>(list: readonly T[]) => Array.from({ length: Math.ceil(list.length / 500) }, (_, i) => list.slice(i * 500, i * 500 + 500));

/** Microseconds per row for batched inserts into a fresh database without the indexes named in `drop` ('all': every one). */
function insertCost(records: HistoryRecord[], drop: readonly string[] | 'all', where = os.tmpdir()): number {
  return withFreshDatabase(where, (db, indexes) => {
    for (const name of drop === 'all' ? indexes : drop) db.exec(`DROP INDEX ${name}`);
    const history = new HistoryRepository(db, aesGcmSealer(randomBytes(32)));
    return perExchange(batchesOf(records), (batch) => history.insertMany(batch)) / 500;
  });
}

console.log(`bench: the history worker's cost per exchange, by stage (${count.toLocaleString('en')} exchanges, medians of 5 rounds)`);
for (const [name, bodyBytes] of [
  ['small GET', 0],
  ['16 KB POST', 16_384],
] as const) {
  const exchanges = Array.from({ length: Math.min(count, bodyBytes ? count / 4 : count) }, (_, i) => captured(bodyBytes, i));
  const handOff = perExchange(batchesOf(exchanges), (batch) => structuredClone(batch)) / 500;
  const whole = perExchange(exchanges, (c) => toHistoryRecord(c, context, pipeline));
  const raws: RawExchange[] = exchanges.map((c) => {
    const headers = Object.fromEntries(Array.from({ length: c.requestHeaders.length / 2 }, (_, i) => [c.requestHeaders[2 * i]!, c.requestHeaders[2 * i + 1]!]));
    const response = { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(c.responseBody!).toString(), truncated: false };
    return { method: c.method, url: c.target, headers, body: c.requestBody && Buffer.from(c.requestBody).toString(), response, error: null };
  });
  const diagnose = perExchange(raws, (raw) =>
    diagnoseExchange({ profile: call2me, environment, request: raw, response: raw.response!, path: '/v1/agents', now: new Date() }),
  );
  const rules = pipeline.rules();
  const redact = perExchange(raws, (raw) =>
    redactExchange(raw, new Redactor(rules, [{ value: raw.headers.authorization!.slice(7), label: 'k · 0123456789ab' }])),
  );
  const records = exchanges.map((c) => toHistoryRecord(c, context, pipeline));
  const bare = insertCost(records, 'all');
  const indexed = insertCost(records, []);
  const rows: [string, number][] = [
    ['hand-off (structured clone, both ends)', handOff],
    ['identify, build the record (the rest)', Math.max(0, whole - diagnose - redact)],
    ['diagnose', diagnose],
    ['redact', redact],
    ['insert, no indexes', bare],
    ['indexes (9 on history, 1 on findings)', indexed - bare],
  ];
  const total = rows.reduce((sum, [, us]) => sum + us, 0);
  console.log(`  ${name}:`);
  for (const [label, us] of rows) console.log(`    ${label.padEnd(40)} ${us.toFixed(1).padStart(7)} us  ${((100 * us) / total).toFixed(0).padStart(3)}%`);
  console.log(`    ${'total'.padEnd(40)} ${total.toFixed(1).padStart(7)} us  (${Math.round(1e6 / total).toLocaleString('en')} exchanges/s on one core)`);
}

// Each index's own write cost (inserting with all the others), set against the filter it serves;
// history-scale.ts measures what each filter costs without its index's help.
// In memory-backed storage where there is some (/dev/shm), so the disk's noise does not drown a
// microsecond; each measured against a fresh all-indexes run beside it.
const small = Array.from({ length: Math.min(count, 20_000) }, (_, i) => toHistoryRecord(captured(0, i), context, pipeline));
const ram = fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
console.log(`  each index's write cost, small exchanges (insert with all indexes, minus with all but this one; in ${ram}):`);
for (const name of withFreshDatabase(ram, (_, indexes) => indexes)) {
  const saved = insertCost(small, [], ram) - insertCost(small, [name], ram);
  console.log(`    ${name.padEnd(26)} ${saved.toFixed(1).padStart(6)} us per row`);
}
