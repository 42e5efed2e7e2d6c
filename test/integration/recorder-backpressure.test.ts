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
async function setUp(hold: boolean) {
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
    holdAboveBytes: 64 * 1024,
    maxQueueBytes: 1024 * 1024,
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
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'text/plain' }).end(body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  let holds = 0;
  let seenHolding = false;
  const proxy = await startRecordingProxy({
    key: 'call2me/staging',
    upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    record: (captured) => recorder.record(captured),
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
        const res = await fetch(`${proxy.url}/v1/calls`, { method: 'POST', body, headers: { Authorization: 'Bearer sk_call2me_test_burstburstburst' } });
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
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(holds()).toBeGreaterThan(0);
    // Said where a user sees it: the status (Traffic's proxy panel) and the log (`keyhole proxy`).
    expect(seenHolding()).toBe(true);
    expect(logged.some((line) => /^history: recording is \d+ MB behind \(\d+ exchanges\); proxies hold new requests/.test(line))).toBe(true);
    expect(logged.at(-1)).toBe('history: recording caught up; proxies forward new requests at once again');
    expect(recorder.stats()).toEqual({ queued: 0, written: 400, dropped: 0, holding: false });
    const db = openDatabase(databaseFile);
    expect(new HistoryRepository(db, testSealer()).count()).toBe(400);
    db.close();
  });

  it('without the hold the same burst overruns the cap and drops records (what the hold prevents)', async () => {
    const { recorder, burst } = await setUp(false);
    await burst(400);
    expect(recorder.stats().dropped).toBeGreaterThan(0);
    expect(recorder.stats().written + recorder.stats().dropped).toBe(400);
  });
});
