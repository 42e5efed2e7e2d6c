// A server for the benchmarks, in a process of its own so the load generator does not share its
// event loop. `sandbox`: Keyhole's sandbox with one read key; `bare`: plain node:http answering the
// same JSON body, the baseline. Prints one JSON line {"url", "headers"} when listening.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../electron/composition/keyhole-services';
import { silentLogger } from '../electron/platform/logger';
import { startSandbox } from '../electron/sandbox/sandbox-server';

const which = process.argv[2];
const upstreamArg = process.argv[3];
if (which === 'keyhole-proxy' && upstreamArg) {
  // Keyhole's recording proxy in front of the given upstream, recording into a throwaway data dir.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-bench-proxy-'));
  const services = await createServices({ dataDir, shell: 'cli', version: 'bench', logger: silentLogger, secretsMode: 'memory' });
  await services.catalog.setEnvironmentUrl('call2me', 'staging', upstreamArg);
  const proxy = await services.proxies.start('call2me', 'staging');
  console.log(JSON.stringify({ url: `${proxy.listen}/v1/agents`, headers: { Authorization: 'Bearer sk_call2me_test_benchbenchbench' } }));
  // On SIGTERM: wait for the recorder, then print what it wrote as a second JSON line.
  process.on('SIGTERM', () => {
    void services.proxies.recorder.drained().then(() => {
      const { written, dropped } = services.proxies.recorder.stats();
      console.log(JSON.stringify({ written, dropped }));
      process.exit(0);
    });
  });
} else if (which === 'bare-proxy' && upstreamArg) {
  // The baseline proxy: node:http forwarding with a keep-alive agent, recording nothing.
  const target = new URL(upstreamArg);
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
  server.listen(0, '127.0.0.1', () =>
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/agents`, headers: {} })),
  );
} else if (which === 'sandbox') {
  const sandbox = await startSandbox();
  sandbox.state.rateLimit = { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 1 };
  const key = sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name: 'bench', scopes: ['read'], workspace: 'acme', tenant: null, partner: null });
  console.log(JSON.stringify({ url: `${sandbox.baseUrls.call2me}/v1/agents`, headers: { Authorization: `Bearer ${key.secret}` } }));
} else if (which === 'bare') {
  const body = JSON.stringify({ data: [] });
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)) }).end(body);
  });
  server.keepAliveTimeout = 30_000;
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/agents`, headers: {} }));
  });
} else {
  console.error('usage: serve.ts sandbox|bare');
  process.exit(2);
}
