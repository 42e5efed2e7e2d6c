// A server for the benchmarks, in a process of its own so the load generator does not share its
// event loop. Kinds: `sandbox` (Keyhole's sandbox with one read key), `bare [bodyBytes]` (plain
// node:http answering a JSON body of about that size: the upstream and the baseline), `bare-proxy
// URL` (node:http forwarding, recording nothing), `keyhole-proxy URL` (Keyhole's recording proxy) and
// `keyhole-forward URL` (the same proxy with recording switched off, to split forwarding from
// recording). Prints one JSON line {"url", "headers"} when listening, then answers commands on
// stdin: `mark` starts a measurement, `report` prints the main thread's busy time and the process's
// CPU time since the mark (and the recorder's counts, once everything recorded is written).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { createServices } from '../electron/composition/keyhole-services';
import { silentLogger } from '../electron/platform/logger';
import { startRecordingProxy } from '../electron/proxy/recording-proxy';
import type { HistoryRecorder } from '../electron/proxy/history-recorder';
import { startSandbox } from '../sandbox/index';

const which = process.argv[2];
const arg = process.argv[3];
const bearer = { Authorization: 'Bearer sk_call2me_test_benchbenchbench' };
let recorder: HistoryRecorder | null = null;
// SIGINT ends cleanly (workers closed), so `node --cpu-prof` can write every thread's profile.
let closing: () => Promise<void> = async () => {};
process.on('SIGINT', () => void closing().then(() => process.exit(0)));

function ready(url: string, headers: Record<string, string>): void {
  console.log(JSON.stringify({ url, headers }));
}

if ((which === 'keyhole-proxy' || which === 'keyhole-forward') && arg) {
  // Keyhole's recording proxy in front of the given upstream, recording into a throwaway data dir.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-proxy-'));
  const services = await createServices({ dataDir, shell: 'cli', version: 'bench', logger: silentLogger, secretsMode: 'memory' });
  await services.catalog.setEnvironmentUrl('call2me', 'staging', arg);
  if (which === 'keyhole-proxy') {
    const proxy = await services.proxies.start('call2me', 'staging');
    recorder = services.proxies.recorder;
    closing = () => services.close();
    ready(`${proxy.listen}/v1/agents`, bearer);
  } else {
    const proxy = await startRecordingProxy({ key: 'call2me/staging', upstream: arg, record: () => {} });
    ready(`${proxy.url}/v1/agents`, bearer);
  }
} else if (which === 'bare-proxy' && arg) {
  // The baseline proxy: node:http forwarding with a keep-alive agent, recording nothing.
  const target = new URL(arg);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const server = http.createServer((req, res) => {
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers, agent }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/agents`, bearer));
} else if (which === 'sandbox') {
  const sandbox = await startSandbox();
  sandbox.state.rateLimit = { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 1 };
  const key = sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name: 'bench', scopes: ['read'], workspace: 'acme', tenant: null, partner: null });
  ready(`${sandbox.baseUrls.call2me}/v1/agents`, { Authorization: `Bearer ${key.secret}` });
} else if (which === 'bare') {
  // A list of agents, as a real answer would be, padded to about the size asked for.
  const size = Number(arg ?? 0);
  const data = Array.from({ length: Math.ceil(size / 64) }, (_, i) => ({ id: `ag_${i}`, name: `front desk ${i}`, status: 'active' }));
  const body = JSON.stringify({ data });
  const server = http.createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => ready(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/agents`, {}));
} else {
  console.error('usage: serve.ts sandbox | bare [bodyBytes] | bare-proxy URL | keyhole-proxy URL | keyhole-forward URL');
  process.exit(2);
}

let mark = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage() };
readline.createInterface({ input: process.stdin }).on('line', (command) => {
  // A mark waits for the warm-up's records, so what follows counts only the measured requests.
  if (command === 'mark') {
    void (recorder?.drained() ?? Promise.resolve()).then(() => {
      mark = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage() };
      console.log(JSON.stringify({ marked: true }));
    });
  }
  if (command !== 'report') return;
  const elu = performance.eventLoopUtilization(mark.elu);
  const cpuMs = () => {
    const cpu = process.cpuUsage(mark.cpu);
    return (cpu.user + cpu.system) / 1000;
  };
  const measured = { mainBusyMs: elu.active, cpuMs: cpuMs() };
  if (!recorder) return console.log(JSON.stringify(measured));
  // Recording may still be catching up: how long it takes, and the CPU it used in all.
  const drainStarted = performance.now();
  void recorder
    .drained()
    .then(() => console.log(JSON.stringify({ ...measured, ...recorder!.stats(), drainMs: performance.now() - drainStarted, cpuDrainedMs: cpuMs() })));
});
