import http from 'node:http';
import https from 'node:https';
import { closeServer, listenOnLoopback } from '../app/loopback-server';
import type { CapturedExchange } from './captured-exchange';

/**
 * A reverse proxy on 127.0.0.1 in front of one provider environment, recording every exchange.
 * Threat model: a user's own service sends real credentials through it. They are forwarded unchanged
 * (the upstream needs them) and recorded only as `<name · fingerprint>`; bodies are kept only up to
 * `maxBodyBytes`. It listens on loopback only. The request path only copies what it saw into
 * `record`; redaction, diagnosis and SQLite happen on the history worker.
 */
export interface ProxyOptions {
  /** Names the proxy in captured exchanges (`provider/environment`). */
  key: string;
  upstream: string;
  record: (captured: CapturedExchange) => void;
  port?: number;
  maxBodyBytes?: number;
}

export interface RecordingProxy {
  readonly url: string;
  readonly upstream: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export async function startRecordingProxy(options: ProxyOptions): Promise<RecordingProxy> {
  const upstream = new URL(options.upstream);
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const client = upstream.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 256 });
  const limit = options.maxBodyBytes ?? 16 * 1024;

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const startedAt = Date.now();
    const path = req.url ?? '/';
    const target = `${upstream.origin}${basePath}${path}`;
    const requestBody = new Capture(limit);
    let firstByteMs: number | null = null;

    const finish = (status: number | null, responseHeaders: string[], responseBody: Capture | null, error: string | null) =>
      options.record({
        proxy: options.key,
        startedAt,
        method: req.method ?? 'GET',
        path,
        target,
        requestHeaders: req.rawHeaders,
        requestBody: requestBody.bytes(),
        requestBytes: requestBody.size,
        status,
        responseHeaders,
        responseBody: responseBody?.bytes() ?? null,
        responseBytes: responseBody?.size ?? 0,
        firstByteMs,
        totalMs: Math.round((performance.now() - started) * 100) / 100,
        error,
      });

    const upstreamRequest = client.request({ protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, path: basePath + path, method: req.method, headers: { ...forwardable(req.headers), host: upstream.host }, agent }, (upstreamResponse) => {
      firstByteMs = Math.round((performance.now() - started) * 100) / 100;
      const responseBody = new Capture(limit);
      res.writeHead(upstreamResponse.statusCode ?? 502, forwardable(upstreamResponse.headers));
      upstreamResponse.on('data', (chunk: Buffer) => responseBody.add(chunk));
      upstreamResponse.pipe(res);
      upstreamResponse.on('end', () => finish(upstreamResponse.statusCode ?? 0, upstreamResponse.rawHeaders, responseBody, null));
    });
    upstreamRequest.on('error', (error) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'upstream_unreachable', message: `Keyhole's proxy could not reach ${upstream.origin}: ${error.message}` } }));
      } else {
        res.destroy();
      }
      finish(null, [], null, `${req.method} ${upstream.origin}${basePath}${path.split('?')[0]} failed: ${error.message}`);
    });
    req.on('data', (chunk: Buffer) => requestBody.add(chunk));
    req.pipe(upstreamRequest);
  });
  server.keepAliveTimeout = 30_000;

  const port = await listenOnLoopback(server, options.port);
  return {
    url: `http://127.0.0.1:${port}`,
    upstream: options.upstream,
    close: () =>
      closeServer(server).then(() => agent.destroy()),
  };
}

/** The first `limit` bytes of a body, for the record; the body itself streams through untouched. */
class Capture {
  private chunks: Buffer[] = [];
  private kept = 0;
  size = 0;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.kept >= this.limit) return;
    const part = chunk.subarray(0, this.limit - this.kept);
    this.chunks.push(part);
    this.kept += part.length;
  }

  /** What was kept; the size says whether there was more. */
  bytes(): Uint8Array | null {
    return this.size === 0 ? null : Buffer.concat(this.chunks);
  }
}

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name)));
}
