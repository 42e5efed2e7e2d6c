import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryRecorder } from '../../electron/proxy/history-recorder';
import { startRecordingProxy } from '../../electron/proxy/recording-proxy';
import { silentLogger } from '../../electron/platform/logger';
import { HistoryRepository } from '../../electron/store/history-repository';
import { openDatabase } from '../../electron/store/open-database';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { testSealer, TEST_HISTORY_KEY } from '../support/history-record';

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A proxy in front of an upstream answering 8 KB, recording through a real worker into a real file. */
async function setUp(hold: boolean, trim = false) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-backpressure-'));
  const databaseFile = path.join(dir, 'keyhole.db');
  openDatabase(databaseFile).close();
  // Small marks and a slow flush, so a burst of 40 concurrent requests overruns the queue at once;
  // the cap leaves room for the 40 already in flight when a hold begins, as the defaults do for 256 MB.
  const logged: string[] = [];
  const recorder = new HistoryRecorder({
    databaseFile,
    fingerprintKey: Buffer.alloc(32, 1).toString('base64'),
    historyKey: TEST_HISTORY_KEY.toString('base64'),
    logger: { ...silentLogger, warn: (m) => logged.push(m), info: (m) => logged.push(m) },
    // With trimming on, its mark sits far below the hold, as in RECORDING_LIMITS: a burst trims bodies
    // long before anything would wait.
    holdAboveBytes: trim ? 2 * 1024 * 1024 : 64 * 1024,
    trimAboveBytes: trim ? 32 * 1024 : Number.MAX_SAFE_INTEGER,
    maxQueueBytes: trim ? 4 * 1024 * 1024 : 1024 * 1024,
    flushDelayMs: 200,
    batchSize: 10_000,
  });
  const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
  recorder.register(
    'call2me/staging',
    call2me,
    call2me.environments.find((e) => e.id === 'staging')!,
  );
  const body = 'x'.repeat(8 * 1024);
  const upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      req.url?.includes('refuse=1')
        ? res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ detail: 'Insufficient permissions', pad: body }))
        : res.writeHead(200, { 'Content-Type': 'text/plain' }).end(body),
    );
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  let holds = 0;
  let seenHolding = false;
  const proxy = await startRecordingProxy({
    key: 'call2me/staging',
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    record: (captured) => recorder.record(captured),
    trimming: () => recorder.trimming(),
    room: hold
      ? () => {
          const wait = recorder.room();
          if (wait) holds++;
          seenHolding ||= recorder.stats().holding;
          return wait;
        }
      : undefined,
  });
  closers.push(
    () => new Promise((resolve) => upstream.close(resolve)),
    () => proxy.close(),
    () => recorder.close(),
    async () => fs.rmSync(dir, { recursive: true, force: true }),
  );
  const burst = async (total: number) => {
    let next = 0;
    const statuses: number[] = [];
    const client = async () => {
      while (next++ < total) {
        // Every tenth request is refused by the upstream: its answer must be kept even while trimming.
        const refused = next % 10 === 0;
        const res = await fetch(`${proxy.url}/v1/calls${refused ? '?refuse=1' : ''}`, {
          method: 'POST',
          body,
          headers: { Authorization: 'Bearer sk_call2me_test_burstburstburst' },
        });
        statuses.push(res.status);
        await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 40 }, client));
    await recorder.drained();
    return statuses;
  };
  return { recorder, burst, databaseFile, holds: () => holds, seenHolding: () => seenHolding, logged };
}

describe('recording under a load faster than the worker', () => {
  it('holds new requests while the queue is full, so none is lost and memory stays bounded', async () => {
    const { recorder, burst, databaseFile, holds, seenHolding, logged } = await setUp(true);
    const statuses = await burst(400);
    expect(statuses).toHaveLength(400);
    expect(statuses.filter((s) => s === 200)).toHaveLength(360);
    expect(holds()).toBeGreaterThan(0);
    // Said where a user sees it: the status (Traffic's proxy panel) and the log (`keyhole proxy`).
    expect(seenHolding()).toBe(true);
    expect(logged.some((line) => /^history: recording is \d+ MB behind \(\d+ exchanges\); proxies hold new requests/.test(line))).toBe(true);
    expect(logged.at(-1)).toBe('history: recording caught up; proxies forward new requests at once again');
    expect(recorder.stats()).toEqual({ queued: 0, written: 400, dropped: 0, trimmed: 0, trimming: false, holding: false });
    const db = openDatabase(databaseFile);
    expect(new HistoryRepository(db, testSealer()).count()).toBe(400);
    db.close();
  });

  it('trims bodies instead of holding: every exchange has a row, refusals keep their answers, and it is said and counted', async () => {
    const { recorder, burst, databaseFile, holds, logged } = await setUp(true, true);
    const statuses = await burst(400);
    expect(statuses).toHaveLength(400);
    const stats = recorder.stats();
    expect(stats).toMatchObject({ queued: 0, written: 400, dropped: 0, trimming: false });
    expect(stats.trimmed).toBeGreaterThan(0);
    // Trimmed exchanges are small: the queue never reached the hold mark.
    expect(holds()).toBe(0);
    expect(logged.some((line) => /^history: recording is \d+ MB of bodies behind; new exchanges keep their auth facts but not their bodies/.test(line))).toBe(
      true,
    );
    const db = openDatabase(databaseFile);
    const rows = new HistoryRepository(db, testSealer()).query({ limit: 1000 });
    db.close();
    expect(rows).toHaveLength(400);
    const trimmed = rows.filter((r) => r.trimmed);
    expect(trimmed).toHaveLength(stats.trimmed);
    // A trimmed success keeps its auth facts (credential, status, timings with sizes), not its bodies.
    const success = trimmed.find((r) => r.response?.status === 200)!;
    expect(success).toMatchObject({ request: { body: '' }, response: { body: '' }, timings: { responseBytes: 8 * 1024 } });
    expect(success.request.headers.authorization).toMatch(/^Bearer <unknown key · [0-9a-f]{12}>$/);
    // A trimmed refusal keeps its answer, so its diagnosis stands.
    const refusal = trimmed.find((r) => r.response?.status === 403)!;
    expect(refusal.response!.body).toContain('Insufficient permissions');
    expect(refusal.findings.map((f) => f.code)).toContain('SCOPE_MISSING');
  });

  it('without the hold the same burst overruns the cap and drops records (what the hold prevents)', async () => {
    const { recorder, burst } = await setUp(false);
    await burst(400);
    expect(recorder.stats().dropped).toBeGreaterThan(0);
    expect(recorder.stats().written + recorder.stats().dropped).toBe(400);
  });
});
