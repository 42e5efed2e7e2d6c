// `npm run bench`: each case is measured against a baseline in the same run and reported as a ratio.
// Load stays on 127.0.0.1, bounded in connections, time and request counts.
// Usage: npm run bench [-- --seconds N] [--requests N] [--rows N]
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const option = (name, fallback) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const seconds = option('seconds', 10);
const requests = option('requests', 60_000);
const rows = option('rows', 1_000_000);
const connections = 50;
let failed = false;

function startServer(kind, upstream) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/serve.ts'), kind, ...(upstream ? [upstream] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
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
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    void nextLine().then((line) => resolve({ child, nextLine, ...JSON.parse(line) }));
  });
}

/** A warm-up, then either a timed run or a run of exactly `amount` requests. */
async function measure(kind, server, { amount } = {}) {
  // autocannon notices the end only at a sample tick: 50 ms ticks keep fixed-count runs exact to 50 ms.
  const run = (options) => autocannon({ url: server.url, headers: server.headers, connections, sampleInt: 50, ...options });
  const warm = await run(amount ? { amount: Math.ceil(amount / 10) } : { duration: 1 });
  const result = await run(amount ? { amount } : { duration: seconds });
  const errors = result.errors + result.timeouts + result.non2xx;
  if (errors > 0) failed = true;
  return {
    kind,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    served: warm.requests.total + result.requests.total,
    errors,
  };
}

async function load(kind, upstream, options) {
  const server = await startServer(kind, upstream);
  try {
    return await measure(kind, server, options);
  } finally {
    server.child.kill();
  }
}

function print(r) {
  console.log(`  ${r.kind.padEnd(14)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.total} requests, ${r.errors} errors)`);
}

const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

console.log(`bench: sandbox API vs a bare node:http server, ${connections} connections, ${seconds} s each, on 127.0.0.1`);
const bare = await load('bare');
const sandbox = await load('sandbox');
[bare, sandbox].forEach(print);
console.log(`  sandbox/bare throughput ${ratio(sandbox.rps, bare.rps)}, p99 ${ratio(sandbox.p99, Math.max(bare.p99, 1))}`);

// Proxies: Keyhole's recording proxy against a bare node:http proxy, mitmdump and the upstream itself,
// each serving the same fixed number of requests so the recorded count can be checked exactly.
console.log('');
console.log(
  `bench: recording proxy vs a bare node:http reverse proxy, mitmdump and the upstream directly, ${connections} connections, ${requests} requests each`,
);
let proxyPeak = 0;
const upstream = await startServer('bare');
try {
  const origin = new URL(upstream.url).origin;
  const direct = await load('bare', undefined, { amount: requests });
  const bareProxy = await load('bare-proxy', origin, { amount: requests });
  const keyhole = await startServer('keyhole-proxy', origin);
  const keyholeProxy = await measure('keyhole-proxy', keyhole, { amount: requests });
  proxyPeak = keyholeProxy.rps;
  keyhole.child.kill('SIGTERM');
  const recorded = JSON.parse(await keyhole.nextLine());
  const mitm = await mitmdump(origin);
  [direct, bareProxy, keyholeProxy, ...(mitm ? [mitm] : [])].forEach(print);
  console.log(
    `  keyhole/bare proxy throughput ${ratio(keyholeProxy.rps, bareProxy.rps)} (target >= 0.9x), p99 ${ratio(keyholeProxy.p99, Math.max(bareProxy.p99, 1))} (target <= 1.3x); bare proxy/direct ${ratio(bareProxy.rps, direct.rps)}`,
  );
  if (mitm) console.log(`  keyhole/mitmdump throughput ${ratio(keyholeProxy.rps, mitm.rps)} (target >= 8x)`);
  console.log(
    `  recorded ${recorded.written} of ${keyholeProxy.served} requests served, dropped ${recorded.dropped}${recorded.written === keyholeProxy.served ? ' (zero loss)' : ' (LOSS)'}`,
  );
  if (recorded.written !== keyholeProxy.served) failed = true;
} finally {
  upstream.child.kill();
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
    return await measure('mitmdump', { url: `http://127.0.0.1:${port}/v1/agents`, headers: {} }, { amount: Math.ceil(requests / 10) });
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

console.log('');
for (const [script, args] of [
  ['bench/redaction-cost.ts', ['5000', String(proxyPeak)]],
  ['bench/send-overhead.ts', ['1000']],
  ['bench/history-scale.ts', [String(rows), String(proxyPeak)]],
  ['bench/traffic-read.ts', [String(rows)]],
  ['bench/traffic-live.ts', []],
]) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, script), ...args], { stdio: 'inherit' });
  if ((await new Promise((resolve) => child.once('exit', resolve))) !== 0) failed = true;
  console.log('');
}
if (failed) {
  console.error('bench: some requests failed or records were lost');
  process.exit(1);
}
