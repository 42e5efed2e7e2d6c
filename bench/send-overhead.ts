// What signing, preflight diagnosis and recording add to a request, against the same request sent
// bare by the same HTTP client, in the same run, to the in-process sandbox on 127.0.0.1. The row and
// the key's last use are written (sealed) before the answer returns, as in use.
// Secrets are in memory here (no D-Bus needed); the keychain read is measured by the keychain tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../electron/composition/keyhole-services';
import { silentLogger } from '../electron/platform/logger';
import { httpExchange } from '../electron/send/http-exchange';
import type { SendRequest } from '../shared/exchange/exchange';

const iterations = Number(process.argv[2] ?? 2000);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-'));
const services = await createServices({ dataDir, shell: 'cli', version: 'bench', logger: silentLogger, secretsMode: 'memory' });
const { sandboxEnvironments, vaultSandboxKey } = await import('../test/support/sandbox-env');
const sandbox = await sandboxEnvironments(services.catalog, () => undefined);
sandbox.state.rateLimit = { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 1 };
const key = await vaultSandboxKey(services, sandbox, 'bench', ['read']);
const request: SendRequest = { credential: 'bench', method: 'GET', path: '/v1/agents', headers: {}, body: null };
const bare = { method: 'GET', url: `${sandbox.baseUrls.call2me}/v1/agents`, headers: { Authorization: `Bearer ${key.secret}` }, body: null };

async function sample(run: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 200; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times.sort((a, b) => a - b);
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

// Interleaved rounds, so drift on a shared machine hits both sides alike.
const bareTimes: number[] = [];
const keyholeTimes: number[] = [];
const preflightTimes: number[] = [];
for (let round = 0; round < 4; round++) {
  bareTimes.push(...(await sample(() => httpExchange(bare))));
  keyholeTimes.push(...(await sample(() => services.send.send(request))));
  preflightTimes.push(...(await sample(() => services.send.preflight(request))));
}
for (const list of [bareTimes, keyholeTimes, preflightTimes]) list.sort((a, b) => a - b);

const row = (name: string, t: number[]) => `  ${name.padEnd(26)} p50 ${pct(t, 50).toFixed(0).padStart(6)} us  p99 ${pct(t, 99).toFixed(0).padStart(6)} us`;
console.log(`bench: signing + preflight + recording per request, ${bareTimes.length} requests each, sequential, loopback`);
console.log(row('bare request (same client)', bareTimes));
console.log(row('keyhole send', keyholeTimes));
console.log(row('sign + preflight only', preflightTimes));
console.log(
  `  added by Keyhole: p50 ${(pct(keyholeTimes, 50) - pct(bareTimes, 50)).toFixed(0)} us, p99 ${(pct(keyholeTimes, 99) - pct(bareTimes, 99)).toFixed(0)} us ` +
    `(no goal attaches: a click cannot see it; sign + preflight alone: p99 ${pct(preflightTimes, 99).toFixed(0)} us); ratio p50 ${(pct(keyholeTimes, 50) / pct(bareTimes, 50)).toFixed(2)}x`,
);
await sandbox.close();
await services.close();
fs.rmSync(dataDir, { recursive: true, force: true });
