// `npm run bench`: each case is measured against a baseline in the same run and reported as a ratio.
// Load stays on 127.0.0.1, bounded in connections and time. Usage: npm run bench [-- --seconds N]
import { spawn } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const connections = 50;

function startServer(kind, upstream) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/serve.ts'), kind, ...(upstream ? [upstream] : [])], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve({ child, ...JSON.parse(chunk.toString().split('\n')[0]) }));
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
}

async function load(kind, upstream) {
  const server = await startServer(kind, upstream);
  try {
    // A short warm-up, then the measured run.
    await autocannon({ url: server.url, headers: server.headers, connections, duration: 1 });
    const result = await autocannon({ url: server.url, headers: server.headers, connections, duration: seconds });
    const errors = result.errors + result.timeouts + result.non2xx;
    return { kind, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, total: result.requests.total, errors };
  } finally {
    server.child.kill();
  }
}

console.log(`bench: sandbox API vs a bare node:http server, ${connections} connections, ${seconds} s each, on 127.0.0.1`);
const bare = await load('bare');
const sandbox = await load('sandbox');
for (const r of [bare, sandbox]) {
  console.log(`  ${r.kind.padEnd(8)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.total} requests, ${r.errors} errors)`);
}
console.log(`  sandbox/bare throughput ${(sandbox.rps / bare.rps).toFixed(2)}x, p99 ${(sandbox.p99 / Math.max(bare.p99, 1)).toFixed(2)}x`);
if (sandbox.errors > 0 || bare.errors > 0) {
  console.error('bench: some requests failed');
  process.exit(1);
}

// Proxies: Keyhole's recording proxy against a bare node:http proxy and the upstream itself.
console.log('');
console.log(`bench: recording proxy vs a bare node:http reverse proxy vs the upstream directly, ${connections} connections, ${seconds} s each`);
const upstream = await startServer('bare');
try {
  const origin = new URL(upstream.url).origin;
  const direct = await load('bare');
  const bareProxy = await load('bare-proxy', origin);
  const keyholeProxy = await load('keyhole-proxy', origin);
  for (const r of [direct, bareProxy, keyholeProxy]) {
    console.log(`  ${r.kind.padEnd(14)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  (${r.total} requests, ${r.errors} errors)`);
  }
  console.log(`  keyhole/bare proxy throughput ${(keyholeProxy.rps / bareProxy.rps).toFixed(2)}x, p99 ${(keyholeProxy.p99 / Math.max(bareProxy.p99, 1)).toFixed(2)}x; bare proxy/direct ${(bareProxy.rps / direct.rps).toFixed(2)}x`);
} finally {
  upstream.child.kill();
}

console.log('');
const overhead = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/send-overhead.ts'), '1000'], { stdio: 'inherit' });
const code = await new Promise((resolve) => overhead.once('exit', resolve));
process.exit(code ?? 1);
