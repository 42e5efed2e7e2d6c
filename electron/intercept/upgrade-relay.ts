import type http from 'node:http';
import type net from 'node:net';
import tls from 'node:tls';
import type { CapturedExchange } from '../proxy/captured-exchange';
import { upstreamFailure, type ExchangeContext } from '../proxy/recording-proxy';

/** An upgrade answer's head is small; more than this before its end is not HTTP. */
const MAX_HEAD = 32 * 1024;

/**
 * A WebSocket (or other Upgrade) request inside a decrypted tunnel: the handshake goes to the real
 * upstream, verified as every decrypted request is, and is recorded (its request headers, so auth
 * on the handshake is diagnosed, and the answer's status, headers and, for a refusal, the start of
 * its body); after a 101 the two sockets are joined and the frames pass through unrecorded.
 */
export function relayUpgrade(args: {
  req: http.IncomingMessage;
  socket: net.Socket;
  head: Buffer;
  context: ExchangeContext;
  path: string;
  destination: { host: string; port: number };
  servername: string;
  trusted: string;
}): void {
  const { req, socket, head, context, path, destination } = args;
  const started = performance.now();
  const startedAt = Date.now();
  let recorded = false;
  const record = (fields: Pick<CapturedExchange, 'status' | 'responseHeaders' | 'responseBody' | 'responseBytes' | 'error' | 'failure'>) => {
    if (recorded) return;
    recorded = true;
    const elapsed = Math.round((performance.now() - started) * 100) / 100;
    context.record({
      proxy: context.key,
      source: context.source,
      startedAt,
      method: req.method ?? 'GET',
      path,
      target: `${context.origin}${context.basePath}${path}`,
      requestHeaders: req.rawHeaders,
      requestBody: null,
      requestBytes: 0,
      firstByteMs: fields.status === null ? null : elapsed,
      totalMs: elapsed,
      trimmed: false,
      ...fields,
    });
  };

  const upstream = tls.connect({ host: destination.host, port: destination.port, servername: args.servername, ca: args.trusted, ALPNProtocols: ['http/1.1'] });
  upstream.setTimeout(context.upstreamTimeoutMs, () => upstream.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
  upstream.once('secureConnect', () => {
    const lines = [`${req.method} ${context.basePath}${path} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      if (req.rawHeaders[i]!.toLowerCase() !== 'host') lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    }
    lines.push(`Host: ${context.hostHeader}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
  });

  let received = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) {
      if (received.length > MAX_HEAD) upstream.destroy(new Error('the upstream sent no HTTP answer'));
      return;
    }
    upstream.off('data', onData);
    upstream.setTimeout(0);
    const [statusLine = '', ...headerLines] = received.subarray(0, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
    const responseHeaders = headerLines.flatMap((line) => {
      const colon = line.indexOf(':');
      return colon > 0 ? [line.slice(0, colon).trim(), line.slice(colon + 1).trim()] : [];
    });
    const body = status === 101 ? null : received.subarray(end + 4, end + 4 + 16 * 1024);
    record({
      status: Number.isNaN(status) ? null : status,
      responseHeaders,
      responseBody: body && body.length > 0 ? new Uint8Array(body) : null,
      responseBytes: body?.length ?? 0,
      error: null,
      failure: null,
    });
    // Everything as received, then the sockets joined: frames pass through, unread.
    socket.write(received);
    socket.pipe(upstream).pipe(socket);
  };
  upstream.on('data', onData);
  upstream.on('error', (error: Error) => {
    if (!recorded) {
      const { why, failure, status } = upstreamFailure(error, context);
      record({
        status: null,
        responseHeaders: [],
        responseBody: null,
        responseBytes: 0,
        error: `${req.method} ${context.origin}${context.basePath}${path} failed: ${why}`,
        failure,
      });
      if (socket.writable)
        socket.end(`HTTP/1.1 ${status} ${status === 504 ? 'Gateway Timeout' : 'Bad Gateway'}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy();
  });
  socket.on('error', () => upstream.destroy());
  socket.on('close', () => upstream.destroy());
  upstream.on('close', () => {
    if (!recorded)
      record({
        status: null,
        responseHeaders: [],
        responseBody: null,
        responseBytes: 0,
        error: 'the upstream closed the connection before answering',
        failure: 'upstream-closed',
      });
    socket.destroy();
  });
}
