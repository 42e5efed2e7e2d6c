import { randomBytes } from 'node:crypto';
import { aesGcmSealer } from '../electron/store/history-seal';
// The Traffic list's read, before and after the read model (issue 14), at 5,000 rows with 4.8 KB
// bodies and at 1,000,000 rows: a first page of 5,000 and "the rows after id" (20 new ones).
// Before: whole rows (SELECT *, headers and bodies JSON-parsed) shaped in JavaScript, re-read every
// second. After: list columns with names and finding codes by join, then only rows after an id.
// Usage: traffic-read.ts [bigRows]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../shared/diagnosis/finding';
import { HistoryRepository, type HistoryRecord } from '../electron/store/history-repository';
import { openDatabase } from '../electron/store/open-database';

const bigRows = Number(process.argv[2] ?? 1_000_000);
const PAGE = 5000;
const finding: Finding = {
  code: 'SCOPE_MISSING',
  severity: 'error',
  source: 'response',
  title: 'The key lacks a scope',
  detail: 'needs write',
  fix: 'add write',
};

function record(i: number, bodyBytes: number): HistoryRecord {
  const status = i % 50 === 0 ? 403 : 200;
  return {
    at: new Date(Date.parse('2026-01-01T00:00:00Z') + i * 1000).toISOString(),
    path: ['/v1/agents', '/v1/calls', '/v1/contacts'][i % 3]!,
    source: 'proxy',
    credentialId: `cred-${i % 8}`,
    fingerprint: (i % 8).toString(16).padStart(12, 'a'),
    providerId: 'call2me',
    environmentId: 'staging',
    request: {
      method: 'GET',
      url: `https://api.example.test/v1/agents?page=${i % 9}`,
      headers: { authorization: 'Bearer <svc · aaaaaaaaaaa1>', accept: 'application/json' },
      body: null,
    },
    response: {
      status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: 'x'.repeat(Math.max(0, bodyBytes - 12)) }),
      truncated: false,
    },
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 12.5, totalMs: 14.25, requestBytes: 0, responseBytes: bodyBytes },
    findings: status === 403 ? [finding] : [],
    error: null,
  };
}

function build(rows: number, bodyBytes: number): { history: HistoryRepository; close: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-traffic-'));
  const db = openDatabase(path.join(dir, 'keyhole.db'));
  db.exec(
    "INSERT INTO credentials (id, name, provider_id, environment_id, kind, scopes, bound_id, notes, fingerprint, last4, status, created_at, updated_at, expires_at, last_used_at) SELECT 'cred-' || value, 'key-' || value, 'call2me', 'staging', 'api_key', '[]', NULL, '', printf('%012x', value), '', 'active', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, NULL FROM (WITH RECURSIVE n(value) AS (SELECT 0 UNION ALL SELECT value + 1 FROM n WHERE value < 7) SELECT value FROM n)",
  );
  const history = new HistoryRepository(db, aesGcmSealer(randomBytes(32)));
  for (let i = 0; i < rows; i += 1000) history.insertMany(Array.from({ length: Math.min(1000, rows - i) }, (_, j) => record(i + j, bodyBytes)));
  db.pragma('optimize');
  return { history, close: () => (db.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

/** What `traffic:list` did before: whole rows, then names and codes in JavaScript. */
function before(history: HistoryRepository, names: Map<string, string>) {
  return history.query({ limit: PAGE }).map((e) => ({
    id: e.id,
    at: e.at,
    source: e.source,
    method: e.request.method,
    path: e.path,
    status: e.response?.status ?? null,
    fingerprint: e.fingerprint,
    credentialName: e.credentialId ? (names.get(e.credentialId) ?? null) : null,
    findingCodes: e.findings.map((f) => f.code),
  }));
}

function median(run: () => unknown, rounds: number): number {
  for (let i = 0; i < 3; i++) run();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

const names = new Map(Array.from({ length: 8 }, (_, i) => [`cred-${i}`, `key-${i}`]));
for (const [rows, bodyBytes, rounds] of [
  [5000, 4800, 15],
  [bigRows, 100, 9],
] as const) {
  const { history, close } = build(rows, bodyBytes);
  const latest = history.latestId();
  const old = median(() => before(history, names), rounds);
  const page = median(() => history.rows({ limit: PAGE }), rounds);
  const after = median(() => history.rows({ limit: PAGE, afterId: latest - 20 }), rounds);
  if (history.rows({ limit: PAGE, afterId: latest - 20 }).length !== 20) throw new Error('rows after id returned the wrong count');
  console.log(
    `  ${rows.toLocaleString('en')} rows (${bodyBytes} B bodies): before ${old.toFixed(1)} ms per read (every second)` +
      ` | first page ${page.toFixed(1)} ms (${(old / page).toFixed(1)}x faster) | rows after id ${after.toFixed(2)} ms (${(old / after).toFixed(0)}x faster, once per event)`,
  );
  close();
}
