// A server for the benchmarks, in a process of its own so the load generator does not share its
// event loop. `sandbox`: Keyhole's sandbox with one read key; `bare`: plain node:http answering the
// same JSON body, the baseline. Prints one JSON line {"url", "headers"} when listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox } from '../electron/sandbox/sandbox-server';

const which = process.argv[2];
if (which === 'sandbox') {
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
