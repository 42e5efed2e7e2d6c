import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { Pool, buildConnector } from 'undici';
import { DEFAULT_LIMITS, closeServer, listenOnLoopback } from '../platform/loopback-server';
import { ProxiedExchange, type ExchangeContext, type RecordingHooks } from '../proxy/recording-proxy';
import { connectDestination, type ConnectTo } from './connect-to';
import { relayUpgrade } from './upgrade-relay';

/** A provider environment whose host is decrypted: its exchanges are recorded under `key`. */
export interface InterceptTarget {
  /** `provider/environment`, as the recorder knows it. */
  key: string;
  host: string;
  port: number;
  /** The environment's base path (`/v1`, or empty): a request under it is diagnosed relative to it. */
  basePath: string;
}

export interface InterceptOptions extends RecordingHooks {
  targets: readonly InterceptTarget[];
  /** A TLS context presenting Keyhole's certificate for a decrypted host. */
  contextFor: (host: string) => Promise<tls.SecureContext>;
  /** Clients must send it as the proxy password (`http://keyhole:PASSWORD@127.0.0.1:PORT`). */
  password: string;
  connectTo: readonly ConnectTo[];
  /** PEM: what upstream certificates are checked against (the system's, plus `--upstream-ca`). */
  trusted: string;
  /** How long a client has to finish its TLS handshake after CONNECT. */
  handshakeTimeoutMs?: number;
}

export interface InterceptProxy {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * An intercepting forward proxy on 127.0.0.1, for HTTPS through CONNECT.
 * Threat model: it can see secrets in clear, so who may use it and what it opens are narrow. Every
 * request must carry the per-run password (other local users can reach the port, not use it). Only
 * the vendors' hosts (`targets`) are decrypted, with certificates from Keyhole's name-constrained CA;
 * every other CONNECT is an opaque tunnel, never decrypted and never recorded; plain HTTP to other
 * hosts is refused (nothing secret should travel that way, and a forwarder for it is not what this
 * is for). The real upstream's certificate is verified against the system's CAs (plus the user's),
 * and a failure is recorded and answered 502, with nothing sent. A client that does not finish its
 * TLS handshake is dropped after `handshakeTimeoutMs`; garbage in place of TLS closes the socket.
 */
export async function startInterceptProxy(options: InterceptOptions): Promise<InterceptProxy> {
  const password = digest(options.password);
  const handshakeTimeoutMs = options.handshakeTimeoutMs ?? 10_000;
  const pools = new Map<string, Pool>();
  const contexts = new Map<InterceptTarget, ExchangeContext>();
  const decrypted = new WeakMap<net.Socket, { host: string; port: number }>();
  const connector = buildConnector({ ca: options.trusted, rejectUnauthorized: true, timeout: 10_000 });

  function poolFor(host: string, port: number): Pool {
    const origin = `https://${host}${port === 443 ? '' : `:${port}`}`;
    let pool = pools.get(origin);
    if (!pool) {
      const destination = connectDestination(options.connectTo, host, port);
      pool = new Pool(origin, {
        connections: 64,
        headersTimeout: options.upstreamTimeoutMs ?? 30_000,
        bodyTimeout: 0,
        // `--connect-to` moves the socket only; the TLS name checked is still the vendor's.
        connect: (opts, callback) => connector({ ...opts, hostname: destination.host, port: String(destination.port), servername: host }, callback),
      });
      pools.set(origin, pool);
    }
    return pool;
  }

  /** The recording context of a decrypted request: per environment, or the host's first environment whole. */
  function exchangeContext(target: InterceptTarget, whole: boolean): ExchangeContext {
    const cached = whole ? undefined : contexts.get(target);
    if (cached) return cached;
    const pool = poolFor(target.host, target.port);
    const context: ExchangeContext = {
      key: target.key,
      source: 'intercept',
      hostHeader: target.port === 443 ? target.host : `${target.host}:${target.port}`,
      origin: `https://${target.host}${target.port === 443 ? '' : `:${target.port}`}`,
      basePath: whole ? '' : target.basePath,
      pool,
      record: options.record,
      trimming: options.trimming ?? (() => false),
      limit: options.maxBodyBytes ?? 16 * 1024,
      upstreamTimeoutMs: options.upstreamTimeoutMs ?? 30_000,
    };
    if (!whole) contexts.set(target, context);
    return context;
  }

  /** The decrypted exchanges: one HTTP server fed the TLS sockets after their handshake. */
  const inner = http.createServer((req, res) => {
    const origin = decrypted.get(req.socket);
    const target = req.url ?? '/';
    if (!origin || !target.startsWith('/')) {
      res.writeHead(400, { Connection: 'close' }).end('Keyhole: send origin-form requests (/path) inside the tunnel.\n');
      return;
    }
    const { context, path } = route(options.targets, origin, target, exchangeContext);
    const exchange = new ProxiedExchange(context, req, res, path);
    const wait = options.room?.();
    if (wait) void wait.then(() => exchange.start());
    else exchange.start();
  });
  inner.headersTimeout = DEFAULT_LIMITS.headersTimeoutMs;
  inner.requestTimeout = 300_000;
  inner.keepAliveTimeout = DEFAULT_LIMITS.keepAliveTimeoutMs;
  inner.setTimeout(DEFAULT_LIMITS.idleTimeoutMs, (socket) => socket.destroy());
  inner.on('clientError', (_error, socket) => socket.destroy());
  inner.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    const origin = decrypted.get(socket);
    const target = req.url ?? '/';
    if (!origin || !target.startsWith('/')) return socket.destroy();
    const { context, path } = route(options.targets, origin, target, exchangeContext);
    relayUpgrade({
      req,
      socket,
      head,
      context,
      path,
      destination: connectDestination(options.connectTo, origin.host, origin.port),
      servername: origin.host,
      trusted: options.trusted,
    });
  });

  const outer = http.createServer((req, res) => {
    // Absolute-form plain HTTP: the vendors speak HTTPS only, so there is nothing here to forward.
    if (!authorized(req.headers['proxy-authorization'], password)) return refuseUnauthorized(res);
    res
      .writeHead(501, { 'Content-Type': 'text/plain', Connection: 'close' })
      .end("Keyhole's intercepting proxy forwards HTTPS (CONNECT) only; plain HTTP is not forwarded.\n");
  });
  outer.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (!authorized(req.headers['proxy-authorization'], password)) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="keyhole"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const authority = parseAuthority(req.url ?? '');
    if (!authority) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const decrypt = options.targets.some((t) => t.host === authority.host && t.port === authority.port);
    if (decrypt) void intercept(socket, head, authority);
    else tunnel(socket, head, authority);
  });
  // Malformed or oversized requests (a 20 KB CONNECT line): answered and closed, never parsed further.
  outer.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable) {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    }
    socket.destroy();
  });

  async function intercept(socket: net.Socket, head: Buffer, authority: { host: string; port: number }): Promise<void> {
    let secureContext: tls.SecureContext;
    try {
      secureContext = await options.contextFor(authority.host);
    } catch {
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    if (socket.destroyed) return;
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext, ALPNProtocols: ['http/1.1'] });
    // A client that connects and never finishes its handshake (or sends something else) is dropped.
    const timer = setTimeout(() => secure.destroy(), handshakeTimeoutMs);
    secure.on('error', () => {
      clearTimeout(timer);
      secure.destroy();
      socket.destroy();
    });
    secure.once('secure', () => {
      clearTimeout(timer);
      decrypted.set(secure, authority);
      inner.emit('connection', secure);
    });
  }

  function tunnel(socket: net.Socket, head: Buffer, authority: { host: string; port: number }): void {
    const destination = connectDestination(options.connectTo, authority.host, authority.port);
    const upstream = net.connect({ host: destination.host, port: destination.port, timeout: 10_000 });
    upstream.once('timeout', () => upstream.destroy(new Error('timeout')));
    upstream.once('connect', () => {
      upstream.setTimeout(0);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => {
      if (!upstream.readyState.startsWith('open') && socket.writable && !socket.destroyed) {
        socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      } else socket.destroy();
    });
    socket.on('close', () => upstream.destroy());
    upstream.on('close', () => socket.destroy());
    // An open tunnel that carries nothing for ten minutes is closed.
    socket.setTimeout(600_000, () => socket.destroy());
  }

  const port = await listenOnLoopback(outer, options.port, { headersTimeoutMs: 10_000 });
  return {
    port,
    close: async () => {
      inner.closeAllConnections();
      await closeServer(outer);
      await Promise.all([...pools.values()].map((pool) => pool.destroy()));
    },
  };
}

/** Which environment a decrypted request belongs to: the longest base path it is under, or the host's first environment, whole. */
function route(
  targets: readonly InterceptTarget[],
  origin: { host: string; port: number },
  target: string,
  exchangeContext: (target: InterceptTarget, whole: boolean) => ExchangeContext,
): { context: ExchangeContext; path: string } {
  const onHost = targets.filter((t) => t.host === origin.host && t.port === origin.port);
  const pathPart = target.split(/[?#]/, 1)[0]!;
  const under = onHost
    .filter((t) => t.basePath === '' || pathPart === t.basePath || pathPart.startsWith(`${t.basePath}/`))
    .sort((a, b) => b.basePath.length - a.basePath.length)[0];
  if (under) return { context: exchangeContext(under, false), path: target.slice(under.basePath.length) || '/' };
  return { context: exchangeContext(onHost[0]!, true), path: target };
}

/** `host:port` of a CONNECT, or null: a name or an IP literal, and a port; nothing else. */
function parseAuthority(value: string): { host: string; port: number } | null {
  const match = /^(\[[0-9a-fA-F:.]{2,45}\]|[A-Za-z0-9._-]{1,253}):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const port = Number(match[2]);
  if (port < 1 || port > 65535) return null;
  return { host: match[1]!.replace(/^\[|\]$/g, '').toLowerCase(), port };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** `Proxy-Authorization: Basic base64(user:password)` with this run's password; the user name is not checked. */
function authorized(header: string | undefined, password: Buffer): boolean {
  const match = header ? /^basic\s+([A-Za-z0-9+/=]{1,1024})\s*$/i.exec(header) : null;
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && timingSafeEqual(digest(decoded.slice(colon + 1)), password);
}

function refuseUnauthorized(res: http.ServerResponse): void {
  res
    .writeHead(407, { 'Proxy-Authenticate': 'Basic realm="keyhole"', 'Content-Type': 'text/plain', Connection: 'close' })
    .end("Keyhole's proxy needs this run's password: use the HTTPS_PROXY value keyhole run --intercept set.\n");
}
