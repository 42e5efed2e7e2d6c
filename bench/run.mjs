// `npm run bench`: each case is measured against a baseline in the same run and reported as a ratio.
// Load stays on 127.0.0.1, bounded in connections, time and request counts.
// Usage: npm run bench [-- --seconds N] [--requests N] [--rows N] [--rounds N] [--only sandbox|proxy|scripts] [--case 1|2|3]
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const option = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const seconds = option('seconds', 10);
const requests = option('requests', 60_000);
const rows = option('rows', 1_000_000);
const rounds = option('rounds', 3);
// `--only proxy|sandbox|scripts` runs one part.
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : 'all';
let failed = false;

function startServer(kind, arg) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/serve.ts'), kind, ...(arg === undefined ? [] : [String(arg)])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = [];
  let partial = '';
  const waiting = [];
  child.stdout.on('data', (chunk) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop();
    for (const line of parts) (waiting.shift() ?? ((l) => lines.push(l)))(line);
  });
  const nextLine = () => (lines.length ? Promise.resolve(lines.shift()) : new Promise((resolve) => waiting.push(resolve)));
  /** Sends a command (`mark`, `report`) and reads its one-line JSON answer. */
  const command = async (name) => {
    child.stdin.write(`${name}\n`);
    return JSON.parse(await nextLine());
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    void nextLine().then((line) => resolve({ kind, child, command, ...JSON.parse(line) }));
  });
}

/** A warm-up, then either a timed run or a run of exactly `amount` requests, with the server's own costs. */
async function measure(server, { amount, connections = 50, body } = {}) {
  // autocannon notices the end only at a sample tick: 50 ms ticks keep fixed-count runs exact to 50 ms.
  const post = body ? { method: 'POST', body, headers: { ...server.headers, 'Content-Type': 'application/json' } } : { headers: server.headers };
  const run = (options) => autocannon({ url: server.url, connections, sampleInt: 50, ...post, ...options });
  const warm = await run(amount ? { amount: Math.ceil(amount / 10) } : { duration: 1 });
  if (server.command) await server.command('mark');
  const result = await run(amount ? { amount } : { duration: seconds });
  const costs = server.command ? await server.command('report') : {};
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors > 0) failed = true;
  return {
    kind: server.kind,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    served: warm.requests.total + result.requests.total,
    errors,
    costs,
  };
}

async function load(kind, arg, options) {
  const server = await startServer(kind, arg);
  try {
    return await measure(server, options);
  } finally {
    server.child.kill();
  }
}

function print(r) {
  console.log(`  ${r.kind.padEnd(16)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.total} requests, ${r.errors} errors)`);
}

const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (only === 'all' || only === 'sandbox') {
  console.log(`bench: sandbox API vs a bare node:http server, 50 connections, ${seconds} s each, on 127.0.0.1`);
  const bare = await load('bare');
  const sandbox = await load('sandbox');
  [bare, sandbox].forEach(print);
  console.log(`  sandbox/bare throughput ${ratio(sandbox.rps, bare.rps)}, p99 ${ratio(sandbox.p99, Math.max(bare.p99, 1))}`);
  console.log('');
}

// Proxies: Keyhole's recording proxy against a bare node:http proxy in front of the same upstream,
// each in its own process, rounds interleaved, medians; every round serves a fixed number of
// requests so the recorded count can be checked exactly. `keyhole-forward` is the same proxy with
// recording switched off: the difference between the three is the per-exchange cost table.
let proxyPeak = 0;
const proxyCases = [
  { name: 'small bodies, 50 connections', connections: 50, bodyBytes: 0, amount: requests, target: { rps: 1.0, p99: 1.2 } },
  { name: 'small bodies, 200 connections', connections: 200, bodyBytes: 0, amount: requests, target: { rps: 1.0, p99: 1.2 } },
  {
    name: '16 KB request and response bodies, 50 connections',
    connections: 50,
    bodyBytes: 16_384,
    amount: Math.ceil(requests / 3),
    target: { rps: 0.9, p99: 1.3 },
  },
];
if (only === 'all' || only === 'proxy') {
  for (const [index, c] of proxyCases.entries()) {
    if (process.argv.includes('--case') && option('case', 0) !== index + 1) continue;
    console.log(`bench: recording proxy vs a bare node:http reverse proxy, ${c.name}, ${c.amount} requests per round, ${rounds} rounds, medians`);
    const upstream = await startServer('bare', c.bodyBytes);
    const body = c.bodyBytes ? JSON.stringify({ name: 'front desk', notes: 'x'.repeat(c.bodyBytes - 40) }) : undefined;
    const options = { amount: c.amount, connections: c.connections, body };
    const runs = { 'bare-proxy': [], 'keyhole-forward': [], 'keyhole-proxy': [] };
    try {
      const origin = new URL(upstream.url).origin;
      for (let round = 0; round < rounds; round++) {
        for (const kind of Object.keys(runs)) {
          const server = await startServer(kind, origin);
          try {
            runs[kind].push(await measure(server, options));
          } finally {
            server.child.kill();
          }
        }
      }
      const summary = Object.fromEntries(
        Object.entries(runs).map(([kind, list]) => [
          kind,
          {
            kind,
            rps: median(list.map((r) => r.rps)),
            p50: median(list.map((r) => r.p50)),
            p99: median(list.map((r) => r.p99)),
            total: list.reduce((n, r) => n + r.total, 0),
            errors: list.reduce((n, r) => n + r.errors, 0),
            mainUs: median(list.map((r) => (r.costs.mainBusyMs * 1000) / r.total)),
            cpuUs: median(list.map((r) => ((r.costs.cpuDrainedMs ?? r.costs.cpuMs) * 1000) / r.total)),
            drainMs: median(list.map((r) => r.costs.drainMs ?? 0)),
          },
        ]),
      );
      const bareProxy = summary['bare-proxy'];
      const forward = summary['keyhole-forward'];
      const keyhole = summary['keyhole-proxy'];
      const mitm = index === 0 ? await mitmdump(origin) : null;
      [bareProxy, forward, keyhole, ...(mitm ? [mitm] : [])].forEach(print);
      if (index === 0) proxyPeak = keyhole.rps;
      const met = (ok) => (ok ? 'met' : 'NOT MET');
      const throughput = keyhole.rps / bareProxy.rps;
      const tail = keyhole.p99 / Math.max(bareProxy.p99, 1);
      console.log(
        `  keyhole/bare proxy throughput ${throughput.toFixed(2)}x (target >= ${c.target.rps}x: ${met(throughput >= c.target.rps)}), p99 ${tail.toFixed(2)}x (target <= ${c.target.p99}x: ${met(tail <= c.target.p99)})` +
          (mitm ? `; keyhole/mitmdump ${ratio(keyhole.rps, mitm.rps)} (target >= 8x: ${met(keyhole.rps / mitm.rps >= 8)})` : ''),
      );
      const lost = runs['keyhole-proxy'].filter((r) => r.costs.written !== r.served || r.costs.dropped > 0);
      const written = runs['keyhole-proxy'].reduce((n, r) => n + r.costs.written, 0);
      const served = runs['keyhole-proxy'].reduce((n, r) => n + r.served, 0);
      const trimmed = runs['keyhole-proxy'].reduce((n, r) => n + (r.costs.trimmed ?? 0), 0);
      console.log(
        `  recorded ${written} of ${served} requests served (warm-ups included), ${lost.length ? 'LOSS' : 'zero loss, drop counter 0'}; ${trimmed} recorded without bodies (recording was behind)`,
      );
      if (lost.length) failed = true;
      console.log(`  per exchange (medians), on the proxy's main thread and in CPU time of the whole proxy process (worker included, until recorded):`);
      console.log(`    ${''.padEnd(34)} ${'main thread'.padStart(12)} ${'process CPU'.padStart(12)}`);
      const costRow = (name, main, cpu) => console.log(`    ${name.padEnd(34)} ${`${main.toFixed(1)} us`.padStart(12)} ${`${cpu.toFixed(1)} us`.padStart(12)}`);
      costRow('bare proxy (the baseline)', bareProxy.mainUs, bareProxy.cpuUs);
      costRow('keyhole, recording off', forward.mainUs, forward.cpuUs);
      costRow('keyhole, recording on', keyhole.mainUs, keyhole.cpuUs);
      costRow('  forwarding beyond the baseline', forward.mainUs - bareProxy.mainUs, forward.cpuUs - bareProxy.cpuUs);
      costRow('  capture and hand-off / recording', keyhole.mainUs - forward.mainUs, keyhole.cpuUs - forward.cpuUs);
      console.log(`    recording caught up ${keyhole.drainMs.toFixed(0)} ms after the last response (median)`);
    } finally {
      upstream.child.kill();
    }
    console.log('');
  }
}

/** mitmproxy's mitmdump in reverse mode (Debian package `mitmproxy`), when it is installed. */
async function mitmdump(origin) {
  if (spawnSync('mitmdump', ['--version']).status !== 0) {
    console.log('  mitmdump: not installed, peer skipped (apt-get install mitmproxy)');
    return null;
  }
  const port = await freePort();
  const child = spawn('mitmdump', ['--mode', `reverse:${origin}`, '--listen-host', '127.0.0.1', '--listen-port', String(port), '--quiet'], { stdio: 'ignore' });
  try {
    await waitForPort(port);
    // mitmdump is about 10x slower: a tenth of the requests keeps its run as long as the others'.
    return await measure({ kind: 'mitmdump', url: `http://127.0.0.1:${port}/v1/agents`, headers: {} }, { amount: Math.ceil(requests / 10) });
  } finally {
    child.kill();
  }
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise((resolve) =>
      net
        .connect(port, '127.0.0.1')
        .once('connect', function () {
          this.destroy();
          resolve(true);
        })
        .once('error', () => resolve(false)),
    );
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`mitmdump did not listen on ${port} within 10 s`);
}

for (const [script, args] of only !== 'all' && only !== 'scripts'
  ? []
  : [
      ['bench/redaction-cost.ts', ['5000', String(proxyPeak)]],
      ['bench/worker-cost.ts', ['20000']],
      ['bench/send-overhead.ts', ['1000']],
      ['bench/intercept-overhead.ts', ['1000']],
      ['bench/history-scale.ts', [String(rows), String(proxyPeak)]],
      ['bench/traffic-read.ts', [String(rows)]],
      ['bench/traffic-live.ts', []],
      ['bench/cli-start.ts', ['9']],
    ]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { stdio: 'inherit' });
  if ((await new Promise((resolve) => child.once('exit', resolve))) !== 0) failed = true;
  console.log('');
}
if (failed) {
  console.error('bench: some requests failed or records were lost');
  process.exit(1);
}
