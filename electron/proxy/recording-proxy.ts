import http from 'node:http';
import https from 'node:https';
import { closeServer, isLoopbackHost, listenOnLoopback } from '../platform/loopback-server';
import type { CapturedExchange } from './captured-exchange';

/**
 * A reverse proxy on 127.0.0.1 in front of one provider environment, recording every exchange.
 * Threat model: a user's own service sends real credentials through it. They are forwarded unchanged
 * (the upstream needs them) and recorded only as `<name · fingerprint>`; bodies are kept only up to
 * `maxBodyBytes`. It listens on loopback only and refuses: a Host other than its own loopback
 * address (DNS rebinding), absolute-form targets (it is not a forward proxy), and paths that would
 * leave the environment's base path (`/../`, encoded or not). Hop-by-hop headers, and any header the
 * client names in `Connection`, are not forwarded. A silent upstream gets a 504 after
 * `upstreamTimeoutMs`; every exchange is recorded, including ones cut short by either side. The
 * request path only copies what it saw into `record`; redaction, diagnosis and SQLite happen on
 * the history worker.
 */
export interface ProxyOptions {
  /** Names the proxy in captured exchanges (`provider/environment`). */
  key: string;
  upstream: string;
  record: (captured: CapturedExchange) => void;
  port?: number;
  maxBodyBytes?: number;
  /** How long the upstream may take to start answering. */
  upstreamTimeoutMs?: number;
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
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 30_000;
  let port = 0;

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const startedAt = Date.now();
    const path = req.url ?? '/';
    const refusal = refuseTarget(req.headers.host, port, path);
    if (refusal) {
      res
        .writeHead(refusal.status, { 'Content-Type': 'application/json', Connection: 'close' })
        .end(JSON.stringify({ error: { code: refusal.code, message: refusal.message } }));
      return;
    }
    const target = `${upstream.origin}${basePath}${path}`;
    const requestBody = new Capture(limit);
    let firstByteMs: number | null = null;
    let recorded = false;

    const finish = (
      status: number | null,
      responseHeaders: string[],
      responseBody: Capture | null,
      error: string | null,
      failure: CapturedExchange['failure'] = null,
    ) => {
      if (recorded) return;
      recorded = true;
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
        failure,
      });
    };

    let answered: { status: number; headers: string[]; body: Capture } | null = null;
    const upstreamRequest = client.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        path: basePath + path,
        method: req.method,
        headers: { ...forwardable(req.headers), host: upstream.host },
        agent,
      },
      (upstreamResponse) => {
        upstreamRequest.setTimeout(0);
        firstByteMs = Math.round((performance.now() - started) * 100) / 100;
        answered = { status: upstreamResponse.statusCode ?? 0, headers: upstreamResponse.rawHeaders, body: new Capture(limit) };
        const responseBody = answered.body;
        res.writeHead(upstreamResponse.statusCode ?? 502, forwardable(upstreamResponse.headers));
        upstreamResponse.on('data', (chunk: Buffer) => responseBody.add(chunk));
        upstreamResponse.pipe(res);
        upstreamResponse.on('end', () => finish(upstreamResponse.statusCode ?? 0, upstreamResponse.rawHeaders, responseBody, null));
        upstreamResponse.on('aborted', () =>
          finish(answered!.status, answered!.headers, answered!.body, 'the upstream closed the connection before its answer was complete', 'upstream-closed'),
        );
      },
    );
    const fail = (status: number, code: string, why: string, failure: 'unreachable' | 'timeout') => {
      if (!res.headersSent) {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code, message: `Keyhole's proxy: ${why}` } }));
      } else {
        res.destroy();
      }
      finish(
        answered?.status ?? null,
        answered?.headers ?? [],
        answered?.body ?? null,
        `${req.method} ${upstream.origin}${basePath}${path.split('?')[0]} failed: ${why}`,
        failure,
      );
    };
    upstreamRequest.setTimeout(upstreamTimeoutMs, () => {
      fail(504, 'upstream_timeout', `${upstream.origin} did not answer within ${upstreamTimeoutMs / 1000} s`, 'timeout');
      upstreamRequest.destroy();
    });
    upstreamRequest.on('error', (error) => fail(502, 'upstream_unreachable', `could not reach ${upstream.origin}: ${error.message}`, 'unreachable'));
    // The client gave up (closed the socket, or its request timed out): record what there was.
    res.on('close', () => {
      if (recorded) return;
      upstreamRequest.destroy();
      finish(
        answered?.status ?? null,
        answered?.headers ?? [],
        answered?.body ?? null,
        'the client closed the connection before the exchange was complete',
        'client-closed',
      );
    });
    req.on('data', (chunk: Buffer) => requestBody.add(chunk));
    req.pipe(upstreamRequest);
  });
  port = await listenOnLoopback(server, options.port, { requestTimeoutMs: 300_000 });
  return {
    url: `http://127.0.0.1:${port}`,
    upstream: options.upstream,
    close: () => closeServer(server).then(() => agent.destroy()),
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

/** End-to-end headers only: hop-by-hop ones, and whatever the sender named in `Connection`, stay here. */
function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name) && !named.has(name)));
}

/** Why a request cannot be forwarded, if it cannot: foreign Host, absolute-form target, escaping path. */
function refuseTarget(host: string | undefined, port: number, path: string): { status: number; code: string; message: string } | null {
  if (!isLoopbackHost(host, port))
    return { status: 403, code: 'forbidden_host', message: `Keyhole's proxy only answers to 127.0.0.1:${port} or localhost:${port}.` };
  if (!path.startsWith('/'))
    return { status: 400, code: 'absolute_target', message: "Keyhole's proxy is a reverse proxy: send origin-form paths (/v1/...), not absolute URLs." };
  const segments = path.split(/[?#]/, 1)[0]!.split('/');
  const decoded = segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  if (decoded.some((segment) => segment === '..' || segment === '.' || segment.includes('\\') || segment.includes('/'))) {
    return {
      status: 400,
      code: 'path_outside_base',
      message: "The path may not contain . or .. segments (encoded or not): it would leave the environment's base path.",
    };
  }
  return null;
}
