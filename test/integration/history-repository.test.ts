import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../shared/diagnosis/finding';
import { packageRoot } from '../../electron/platform/package-paths';
import type { CapturedExchange } from '../../electron/proxy/captured-exchange';
import type { FromWorker, ToWorker, WorkerOptions } from '../../electron/proxy/history-worker-protocol';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { HistoryRepository, type HistoryRecord } from '../../electron/store/history-repository';
import { openDatabase } from '../../electron/store/open-database';
import { tempDir } from '../support/temp-dir';
import { testSealer, TEST_HISTORY_KEY } from '../support/history-record';

const finding = (code: Finding['code']): Finding => ({ code, severity: 'error', source: 'response', title: code, detail: '', fix: '' });

function record(over: Partial<HistoryRecord> & { status?: number }): HistoryRecord {
  const { status = 200, ...rest } = over;
  return {
    at: '2026-05-01T10:00:00.000Z',
    path: '/v1/agents',
    source: 'proxy',
    credentialId: null,
    fingerprint: null,
    providerId: 'call2me',
    environmentId: 'staging',
    request: { method: 'GET', url: 'https://x.test/v1/agents', headers: {}, body: null },
    response: { status, headers: {}, body: '', truncated: false },
    timings: null,
    findings: [],
    error: null,
    ...rest,
  };
}

describe('history repository (real SQLite file)', () => {
  it('filters by every field, newest first by time, including imported rows with older times', () => {
    const db = openDatabase(path.join(tempDir(), 'keyhole.db'));
    const history = new HistoryRepository(db, testSealer());
    history.insertMany([
      record({ at: '2026-05-01T10:00:00.000Z', path: '/v1/agents', credentialId: 'a', fingerprint: 'aaaaaaaaaaaa' }),
      record({ at: '2026-05-01T11:00:00.000Z', path: '/v1/agents/ag_1', status: 403, findings: [finding('SCOPE_MISSING')] }),
      record({
        at: '2026-05-01T12:00:00.000Z',
        path: '/v1/calls',
        status: 401,
        findings: [finding('TOKEN_EXPIRED'), finding('SCOPE_MISSING')],
        providerId: 'callaro',
        environmentId: 'production',
      }),
      // Imported later, but it happened first: it sorts last.
      record({ at: '2026-04-01T09:00:00.000Z', path: '/v1/agents', source: 'import', status: 500 }),
    ]);
    const paths = (filter: Parameters<HistoryRepository['query']>[0]) => history.query(filter).map((e) => `${e.at.slice(5, 13)} ${e.path}`);

    expect(paths({ limit: 10 })).toEqual(['05-01T12 /v1/calls', '05-01T11 /v1/agents/ag_1', '05-01T10 /v1/agents', '04-01T09 /v1/agents']);
    expect(paths({ limit: 10, status: '4xx' })).toEqual(['05-01T12 /v1/calls', '05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, status: '403' })).toEqual(['05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, status: '5xx' })).toEqual(['04-01T09 /v1/agents']);
    expect(paths({ limit: 10, findingCode: 'SCOPE_MISSING' })).toEqual(['05-01T12 /v1/calls', '05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, findingCode: 'SCOPE_MISSING', providerId: 'call2me' })).toEqual(['05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, findingCode: 'RATE_LIMITED' })).toEqual([]);
    expect(paths({ limit: 10, pathPrefix: '/v1/agents' })).toEqual(['05-01T11 /v1/agents/ag_1', '05-01T10 /v1/agents', '04-01T09 /v1/agents']);
    expect(paths({ limit: 10, pathPrefix: '/v1/agents/' })).toEqual(['05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, since: '2026-05-01T10:30:00Z', until: '2026-05-01T12:00:00Z' })).toEqual(['05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, credentialId: 'a' })).toEqual(['05-01T10 /v1/agents']);
    expect(paths({ limit: 10, fingerprint: 'aaaaaaaaaaaa' })).toEqual(['05-01T10 /v1/agents']);
    // A fingerprint by its first characters, and free text: every word matches the method, path, status or a finding.
    expect(paths({ limit: 10, fingerprint: 'aaaa' })).toEqual(['05-01T10 /v1/agents']);
    expect(paths({ limit: 10, fingerprint: 'ab' })).toEqual([]);
    expect(paths({ limit: 10, text: 'scope' })).toEqual(['05-01T12 /v1/calls', '05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, text: 'agents 403' })).toEqual(['05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, text: '5xx' })).toEqual(['04-01T09 /v1/agents']);
    expect(paths({ limit: 10, text: 'get calls expired' })).toEqual(['05-01T12 /v1/calls']);
    // LIKE's wildcards are searched for, not used.
    expect(paths({ limit: 10, text: '%' })).toEqual([]);
    expect(paths({ limit: 10, text: 'ag_' })).toEqual(['05-01T11 /v1/agents/ag_1']);
    expect(paths({ limit: 10, environmentId: 'production' })).toEqual(['05-01T12 /v1/calls']);
    expect(paths({ limit: 10, source: 'import' })).toEqual(['04-01T09 /v1/agents']);
    expect(paths({ limit: 1 })).toEqual(['05-01T12 /v1/calls']);
  });

  it('prunes findings with their exchanges', () => {
    const db = openDatabase(path.join(tempDir(), 'keyhole.db'));
    const history = new HistoryRepository(db, testSealer());
    history.insertMany([record({ at: '2020-01-01T00:00:00.000Z', findings: [finding('SCOPE_MISSING')] }), record({ findings: [finding('SCOPE_MISSING')] })]);
    expect(history.prune({ maxRows: null, maxAgeDays: 30 }, new Date('2026-05-02T00:00:00Z'))).toBe(1);
    expect(db.prepare('SELECT count(*) AS n FROM history_finding').get()).toEqual({ n: 1 });
    expect(history.query({ findingCode: 'SCOPE_MISSING', limit: 10 })).toHaveLength(1);
  });
});

describe('the bundled history worker (out/main/history-worker.js, what Electron runs)', () => {
  const bundled = path.join(packageRoot(), 'out', 'main', 'history-worker.js');
  it.skipIf(!fs.existsSync(bundled))('redacts, diagnoses and writes a batch (skipped until `electron-vite build` has run)', async () => {
    const databaseFile = path.join(tempDir(), 'keyhole.db');
    openDatabase(databaseFile).close();
    const secret = 'sk_call2me_test_bundledWorker1';
    const captured: CapturedExchange = {
      proxy: 'call2me/staging',
      source: 'proxy',
      startedAt: Date.parse('2026-05-01T10:00:00Z'),
      method: 'POST',
      path: '/v1/agents?x=1',
      target: 'https://api.test/v1/agents?x=1',
      requestHeaders: ['Authorization', `Bearer ${secret}`],
      requestBody: Buffer.from(`{"echo":"${secret}"}`),
      requestBytes: 40,
      status: 403,
      responseHeaders: ['Content-Type', 'application/json'],
      responseBody: Buffer.from('{"error":{"code":"insufficient_scope","message":"requires write"}}'),
      responseBytes: 66,
      firstByteMs: 1,
      totalMs: 2,
      error: null,
      failure: null,
      trimmed: false,
    };
    const worker = new Worker(bundled, {
      workerData: {
        databaseFile,
        fingerprintKey: Buffer.alloc(32, 7).toString('base64'),
        historyKey: TEST_HISTORY_KEY.toString('base64'),
      } satisfies WorkerOptions,
    });
    const replies: FromWorker[] = [];
    const threeReplies = new Promise<void>((resolve) =>
      worker.on('message', (reply: FromWorker) => {
        if (replies.push(reply) === 3) resolve();
      }),
    );
    const call2meProfile = builtinProviders.find((p) => p.id === 'call2me')!;
    const environment = call2meProfile.environments.find((e) => e.id === 'staging')!;
    worker.postMessage({ type: 'proxy', key: 'call2me/staging', profile: call2meProfile, environment } satisfies ToWorker);
    worker.postMessage({ type: 'batch', batch: 1, exchanges: [captured] } satisfies ToWorker);
    // A batch that cannot be prepared is answered by its id, and so is the one after it.
    worker.postMessage({ type: 'batch', batch: 2, exchanges: [{ ...captured, proxy: 'nope/x' }] } satisfies ToWorker);
    worker.postMessage({ type: 'batch', batch: 3, exchanges: [captured, captured] } satisfies ToWorker);
    await threeReplies;
    expect(replies).toEqual([
      { type: 'written', batch: 1 },
      { type: 'failed', batch: 2, message: 'no proxy registered as nope/x' },
      { type: 'written', batch: 3 },
    ]);
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    await new Promise((resolve) => worker.once('exit', resolve));

    const db = openDatabase(databaseFile);
    const [entry] = new HistoryRepository(db, testSealer()).query({ limit: 1, source: 'proxy' });
    db.close();
    expect(entry).toMatchObject({ path: '/v1/agents', source: 'proxy', providerId: 'call2me' });
    expect(entry!.findings.map((f) => f.code)).toContain('SCOPE_MISSING');
    expect(JSON.stringify(entry)).not.toContain(secret);
    expect(entry!.request.headers.authorization).toMatch(/^Bearer <unknown key · [0-9a-f]{12}>$/);
  });
});
