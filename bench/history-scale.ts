import { randomBytes } from 'node:crypto';
import { aesGcmSealer } from '../electron/store/history-seal';
// History at scale: insert rate with the production schema and indexes, every traffic filter
// (common, rare and non-matching values) against the unfiltered "latest 100" in the same run,
// database size per row, and a retention prune. Usage: history-scale.ts [rows] [proxyPeakRps]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TrafficFilter } from '../shared/exchange/exchange';
import type { Finding } from '../shared/diagnosis/finding';
import { HistoryRepository, type HistoryRecord } from '../electron/store/history-repository';
import { openDatabase } from '../electron/store/open-database';

const rows = Number(process.argv[2] ?? 1_000_000);
const proxyPeak = Number(process.argv[3] ?? 0);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-history-'));
const file = path.join(dir, 'keyhole.db');
const db = openDatabase(file);
const history = new HistoryRepository(db, aesGcmSealer(randomBytes(32)));

// A realistic mix: 40 keys, 12 paths, mostly 2xx, a few auth failures; one key, one path and one
// finding code are rare (a handful of rows), so the filters are measured at both ends.
const prints = Array.from({ length: 40 }, (_, i) => i.toString(16).padStart(12, 'a'));
const paths = [
  '/v1/agents',
  '/v1/agents/ag_1',
  '/v1/calls',
  '/v1/calls/c_1',
  '/v1/contacts',
  '/v1/campaigns',
  '/v1/tenants/t1/calls',
  '/v1/numbers',
  '/v1/webhooks',
  '/v1/billing/usage',
  '/v1/auth/refresh',
  '/v1/call_traces',
];
const RARE_PRINT = 'ffffffffffff';
const RARE_PATH = '/v1/rare/endpoint';
const start = Date.parse('2026-01-01T00:00:00Z');
const scopeFinding: Finding = {
  code: 'SCOPE_MISSING',
  severity: 'error',
  source: 'response',
  title: 'The key lacks a scope',
  detail: 'needs write',
  fix: 'add write',
};
const rareFinding: Finding = { code: 'TOKEN_INSECURE', severity: 'error', source: 'preflight', title: 'alg none', detail: 'unsigned', fix: 'sign it' };

function record(i: number): HistoryRecord {
  const rare = i % 100_000 === 7;
  const print = rare ? RARE_PRINT : prints[i % prints.length]!;
  const path = rare ? RARE_PATH : paths[(i * 7) % paths.length]!;
  const status = i % 50 === 0 ? 403 : i % 97 === 0 ? 401 : i % 211 === 0 ? 429 : 200;
  return {
    at: new Date(start + i * 1000).toISOString(),
    path,
    source: i % 10 === 0 ? 'send' : 'proxy',
    credentialId: `cred-${i % prints.length}`,
    fingerprint: print,
    providerId: i % 3 === 0 ? 'callaro' : 'call2me',
    environmentId: i % 5 === 0 ? 'production' : 'staging',
    request: {
      method: 'GET',
      url: `https://api.example.test${path}?page=${i % 9}`,
      headers: { authorization: `Bearer <svc · ${print}>`, 'user-agent': 'svc/1.4', accept: 'application/json' },
      body: null,
    },
    response: {
      status,
      headers: { 'content-type': 'application/json', 'content-length': '42' },
      body: status === 200 ? '{"data":[{"id":"ag_1","name":"front desk"}]}' : '{"error":{"code":"insufficient_scope"}}',
      truncated: false,
    },
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 12.5, totalMs: 14.25, requestBytes: 0, responseBytes: 42 },
    findings: rare ? [rareFinding] : status === 403 ? [scopeFinding] : [],
    error: null,
  };
}

const batch = 1000;
const insertStarted = performance.now();
for (let i = 0; i < rows; i += batch) {
  history.insertMany(Array.from({ length: Math.min(batch, rows - i) }, (_, j) => record(i + j)));
}
const insertSeconds = (performance.now() - insertStarted) / 1000;
const insertRate = rows / insertSeconds;
db.pragma('wal_checkpoint(TRUNCATE)');
// What the next start-up does (openDatabase), so the planner has statistics.
const optimizeStarted = performance.now();
db.pragma('analysis_limit = 1000');
db.pragma('optimize=0x10002');
const optimizeMs = performance.now() - optimizeStarted;
const bytes = fs.statSync(file).size;
console.log(`bench: history at ${rows.toLocaleString('en')} rows (production schema and indexes, batches of ${batch})`);
console.log(
  `  insert ${insertRate.toFixed(0)} rows/s (${insertSeconds.toFixed(1)} s)${proxyPeak ? `, ${(insertRate / proxyPeak).toFixed(1)}x the recording proxy's peak of ${proxyPeak.toFixed(0)} req/s (target >= 3x)` : ''}`,
);
console.log(
  `  database ${(bytes / 1e6).toFixed(0)} MB, ${(bytes / rows).toFixed(0)} bytes per row; planner statistics at start-up ${optimizeMs.toFixed(0)} ms`,
);

/** Median of several runs, in milliseconds. */
function time(filter: Omit<TrafficFilter, 'limit' | 'credential'> & { credentialId?: string }): { ms: number; found: number } {
  let found = 0;
  const runs = Array.from({ length: 7 }, () => {
    const t = performance.now();
    found = history.query({ ...filter, limit: 100 }).length;
    return performance.now() - t;
  }).sort((a, b) => a - b);
  return { ms: runs[3]!, found };
}

const latest = time({});
const end = new Date(start + rows * 1000).toISOString();
const cases: [string, Parameters<typeof time>[0]][] = [
  ['credential (common)', { credentialId: 'cred-3' }],
  ['credential (none)', { credentialId: 'cred-missing' }],
  ['fingerprint (common)', { fingerprint: prints[5]! }],
  ['fingerprint (rare)', { fingerprint: RARE_PRINT }],
  ['fingerprint (none)', { fingerprint: '000000000000' }],
  ['provider', { providerId: 'callaro' }],
  ['provider (none)', { providerId: 'nobody' }],
  ['environment', { environmentId: 'production' }],
  ['environment (none)', { environmentId: 'sandbox' }],
  ['status 2xx', { status: '2xx' }],
  ['status 403', { status: '403' }],
  ['status 5xx (none)', { status: '5xx' }],
  ['finding (common)', { findingCode: 'SCOPE_MISSING' }],
  ['finding (rare)', { findingCode: 'TOKEN_INSECURE' }],
  ['finding (none)', { findingCode: 'RATE_LIMITED' }],
  ['path prefix (common)', { pathPrefix: '/v1/calls' }],
  ['path prefix (rare)', { pathPrefix: RARE_PATH }],
  ['path prefix (none)', { pathPrefix: '/v2/' }],
  ['since (last hour)', { since: new Date(Date.parse(end) - 3_600_000).toISOString() }],
  ['time range (old day)', { since: '2026-01-02T00:00:00Z', until: '2026-01-03T00:00:00Z' }],
  ['time range (none)', { since: '2020-01-01T00:00:00Z', until: '2020-01-02T00:00:00Z' }],
  ['source send', { source: 'send' }],
  ['source import (none)', { source: 'import' }],
];
console.log(`  latest 100, unfiltered: ${latest.ms.toFixed(2)} ms (the baseline; target for every filter <= 10x)`);
let worst = 0;
for (const [name, filter] of cases) {
  const result = time(filter);
  const ratio = result.ms / Math.max(latest.ms, 0.05);
  worst = Math.max(worst, ratio);
  console.log(
    `  ${name.padEnd(22)} ${result.ms.toFixed(2).padStart(8)} ms  ${ratio.toFixed(1).padStart(6)}x  (${result.found} rows)${ratio > 10 ? '  OVER TARGET' : ''}`,
  );
}
console.log(`  worst filter ${worst.toFixed(1)}x the baseline`);

const pruneStarted = performance.now();
const removed = history.prune({ maxRows: Math.floor(rows / 2), maxAgeDays: null }, new Date());
const pruneSeconds = (performance.now() - pruneStarted) / 1000;
db.exec('VACUUM');
console.log(
  `  retention to ${Math.floor(rows / 2).toLocaleString('en')} rows: removed ${removed.toLocaleString('en')} in ${pruneSeconds.toFixed(1)} s, file now ${(fs.statSync(file).size / 1e6).toFixed(0)} MB after VACUUM`,
);
db.close();
fs.rmSync(dir, { recursive: true, force: true });
