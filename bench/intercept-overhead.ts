// What the intercepting proxy adds to an HTTPS request, against the same client going straight to the
// same TLS stand-in for api.call2me.app, in the same run: per request on a kept-alive connection, and
// per new connection (CONNECT plus two TLS handshakes instead of one). Every intercepted exchange is
// recorded (redacted, diagnosed, sealed) as in use. Secrets in memory (no D-Bus).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, ProxyAgent, request, type Dispatcher } from 'undici';
import { createServices } from '../electron/composition/keyhole-services';
import { silentLogger } from '../electron/platform/logger';
import { standInCertificates, startStandIn } from '../test/support/standin-tls';

const iterations = Number(process.argv[2] ?? 1000);
const KEY = 'sk_call2me_live_benchInterceptKey001';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-'));
const services = await createServices({ dataDir, shell: 'cli', version: 'bench', logger: silentLogger, secretsMode: 'memory' });
const material = await standInCertificates(['api.call2me.app']);
const vendor = await startStandIn(material, KEY);
const caFile = path.join(dataDir, 'stand-in-ca.pem');
fs.writeFileSync(caFile, material.caPem);
const intercept = await services.intercept.start({ connectTo: [`api.call2me.app:443:127.0.0.1:${vendor.port}`], upstreamCa: caFile });
// Keyhole's CA alone, as the direct side trusts the stand-in's alone: a client reads the run's bundle
// (the system's ~150 CAs too) once per process, while undici would parse it again per connection here.
const keyholeCa = (await services.intercept.ca()).info().pem;

const headers = { authorization: `Bearer ${KEY}` };
const directUrl = `https://127.0.0.1:${vendor.port}/v1/agents`;
const vendorUrl = 'https://api.call2me.app/v1/agents';
const directAgent = () => new Agent({ connect: { ca: material.caPem, servername: 'api.call2me.app' } });
const proxyAgent = () => new ProxyAgent({ uri: intercept.proxyUrl, requestTls: { ca: keyholeCa } });

async function call(url: string, dispatcher: Dispatcher): Promise<void> {
  const res = await request(url, { headers, dispatcher });
  await res.body.text();
  if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
}

async function sample(run: () => Promise<unknown>, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return times;
}
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const kept = { direct: directAgent(), proxied: proxyAgent() };
await sample(() => call(directUrl, kept.direct), 200);
await sample(() => call(vendorUrl, kept.proxied), 200);
const times = { direct: [] as number[], proxied: [] as number[], directNew: [] as number[], proxiedNew: [] as number[] };
// Interleaved rounds, so drift on a shared machine hits both sides alike.
for (let round = 0; round < 4; round++) {
  times.direct.push(...(await sample(() => call(directUrl, kept.direct), iterations)));
  times.proxied.push(...(await sample(() => call(vendorUrl, kept.proxied), iterations)));
  const fresh = async (url: string, make: () => Dispatcher) => {
    const agent = make();
    await call(url, agent);
    await agent.close();
  };
  times.directNew.push(...(await sample(() => fresh(directUrl, directAgent), iterations / 10)));
  times.proxiedNew.push(...(await sample(() => fresh(vendorUrl, proxyAgent), iterations / 10)));
}
for (const list of Object.values(times)) list.sort((a, b) => a - b);
await services.recorder.drained();
const recorded = services.history.query({ source: 'intercept', limit: 100_000 }).length;

const row = (name: string, t: number[]) => `  ${name.padEnd(34)} p50 ${pct(t, 50).toFixed(0).padStart(6)} us  p99 ${pct(t, 99).toFixed(0).padStart(6)} us`;
console.log(`bench: intercepting proxy against the same client going direct, TLS stand-in on loopback, sequential`);
console.log(row('direct, kept-alive connection', times.direct));
console.log(row('intercepted, kept-alive connection', times.proxied));
console.log(row('direct, new connection', times.directNew));
console.log(row('intercepted, new connection', times.proxiedNew));
console.log(
  `  ratio p50: ${(pct(times.proxied, 50) / pct(times.direct, 50)).toFixed(2)}x kept-alive, ${(pct(times.proxiedNew, 50) / pct(times.directNew, 50)).toFixed(2)}x new connection; ` +
    `${recorded.toLocaleString('en')} of ${(times.proxied.length + times.proxiedNew.length + 200).toLocaleString('en')} intercepted exchanges recorded (no goal attaches: a person's app waits on the vendor, tens of ms away)`,
);
await kept.direct.close();
await kept.proxied.close();
await services.intercept.stop();
await vendor.close();
await services.close();
fs.rmSync(dataDir, { recursive: true, force: true });
