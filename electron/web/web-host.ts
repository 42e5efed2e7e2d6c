import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';
import { jsonSyntaxError } from '../../shared/security/json-syntax';
import type { Logger } from '../platform/logger';
import { closeServer, listenOnLoopback, LOOPBACK } from '../platform/loopback-server';
import type { Dispatch } from '../ipc/dispatch';
import type { AppEvent } from '../../shared/ipc/events';
import { inputLimit, inputTooLarge } from '../../shared/ipc/contract';

/**
 * The web shell: the built renderer and the RPC endpoint on 127.0.0.1.
 * Threat model: any local process and any web page the user visits can reach loopback ports.
 * We trust a caller only if it presents the per-launch token. The browser is opened with a one-time
 * launch code in the URL fragment (which browsers never send to servers), not the token: the opener's
 * argv is visible in a process list, so what it carries is spent within a minute or on first use,
 * when the page trades it for the token (`POST /session`). We refuse:
 *   - any bind address other than loopback;
 *   - a Host header other than 127.0.0.1:<port> or localhost:<port> (DNS rebinding);
 *   - any request carrying a foreign Origin or `Sec-Fetch-Site: cross-site` (CSRF, cross-origin reads);
 *   - RPC and events without the token (401), RPC with a non-JSON body (415) or a body over its channel's limit (413).
 * The event stream is read with fetch (not EventSource, which cannot send the token in a header).
 * Static files need no token: they are the public bundle, and hold no data.
 */
export interface WebHostOptions {
  dispatch: Dispatch;
  /** Live updates for `GET /events` (Server-Sent Events, same token as RPC). */
  events: { subscribe(listener: (event: AppEvent) => void): () => void };
  rendererDir: string;
  logger: Logger;
  port?: number;
  host?: string;
  /** Fixed token for tests; normally 32 random bytes per launch. */
  token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open: a one-time launch code travels in the fragment, never the token. */
  readonly launchUrl: string;
  close(): Promise<void>;
}

const MAX_UNREAD_EVENT_BYTES = 64 * 1024;
const LAUNCH_CODE_MS = 60_000;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? LOOPBACK;
  if (host !== LOOPBACK) {
    throw new Error(`The web shell only binds to ${LOOPBACK}; refusing "${host}".`);
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  let launch: { code: string; expires: number } | null = { code: randomBytes(16).toString('base64url'), expires: Date.now() + LAUNCH_CODE_MS };
  const indexFile = path.join(options.rendererDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    throw new Error(`The renderer is not built (${indexFile} is missing); run \`npm run build\` first.`);
  }

  let port = 0;
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.logger.error(`web host: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    setCommonHeaders(res);
    const allowedHosts = [`${LOOPBACK}:${port}`, `localhost:${port}`];
    if (!allowedHosts.includes(req.headers.host ?? '')) {
      return refuse(res, 403, { error: 'forbidden host' });
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
      return refuse(res, 403, { error: 'cross-origin request refused' });
    }
    if (req.headers['sec-fetch-site'] === 'cross-site') {
      return refuse(res, 403, { error: 'cross-origin request refused' });
    }

    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return refuse(res, 400, { error: 'the path has a malformed percent-escape' });
    }
    if (pathname.startsWith('/rpc/')) return handleRpc(req, res, pathname.slice(5));
    if (pathname === '/session') return handleSession(req, res);
    if (pathname === '/events') return handleEvents(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, { error: 'method not allowed' });
    return serveStatic(res, pathname);
  }

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (!hasToken(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="keyhole"');
      return refuse(res, 401, { error: 'missing or wrong token' });
    }
    if (req.method !== 'POST') return refuse(res, 405, { error: 'RPC takes POST' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return refuse(res, 415, { error: 'RPC takes application/json' });
    }
    // Each channel's own limit (the contract's), so what the desktop app accepts the web shell does too.
    const body = await readBody(req, inputLimit(channel));
    if (body === 'too-large') return send(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: inputTooLarge(channel) } });
    let input: unknown;
    try {
      input = body.length === 0 ? {} : JSON.parse(body);
    } catch (error) {
      return send(res, 400, {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `The request body is ${jsonSyntaxError(error)}.` },
      });
    }
    send(res, 200, await options.dispatch(channel, input));
  }

  /** Server-Sent Events: one `data:` line per event, a comment every 25 s so idle limits never cut it. */
  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.setHeader('Cache-Control', 'no-store');
    if (!hasToken(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="keyhole"');
      return refuse(res, 401, { error: 'missing or wrong token' });
    }
    if (req.method !== 'GET') return refuse(res, 405, { error: 'events take GET' });
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
    res.write(': connected\n\n');
    // A page that stops reading is dropped (it reconnects and re-reads) rather than buffered without end.
    const unsubscribe = options.events.subscribe((event) => {
      if (res.writableLength > MAX_UNREAD_EVENT_BYTES) res.destroy();
      else res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    heartbeat.unref();
    res.once('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
    });
  }

  /** Trades the one-time launch code for the session token, once, within a minute of the launch. */
  async function handleSession(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'POST') return refuse(res, 405, { error: 'POST the launch code' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuse(res, 415, { error: 'send application/json' });
    const body = await readBody(req, 1024);
    let code: unknown;
    try {
      code = body === 'too-large' ? null : (JSON.parse(body) as { code?: unknown }).code;
    } catch {
      code = null;
    }
    const current = launch;
    const valid = typeof code === 'string' && current !== null && Date.now() < current.expires && sameSecret(code, current.code);
    if (!valid)
      return send(res, 401, { error: 'This launch link was already used or has expired: run `keyhole web` again, or use the URL it printed with --json.' });
    launch = null;
    send(res, 200, { token });
  }

  function serveStatic(res: http.ServerResponse, pathname: string): void {
    const relative = path.normalize(pathname).replace(/^([/\\])+/, '');
    const file = path.join(options.rendererDir, relative);
    const inside = file.startsWith(options.rendererDir + path.sep);
    const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : indexFile;
    res.setHeader('Content-Type', MIME[path.extname(target)] ?? 'application/octet-stream');
    if (target === indexFile) {
      res.setHeader('Content-Security-Policy', contentSecurityPolicy());
      res.setHeader('Cache-Control', 'no-store');
    }
    res.writeHead(200);
    fs.createReadStream(target).pipe(res);
  }

  port = await listenOnLoopback(server, options.port);
  const url = `http://${LOOPBACK}:${port}`;
  return {
    url,
    port,
    token,
    launchUrl: `${url}/#code=${launch.code}`,
    close: () => closeServer(server),
  };
}

function setCommonHeaders(res: http.ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function hasToken(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  return match !== null && sameSecret(match[1]!, token);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** For answers sent before the body was read: close the connection so unread bytes cannot be parsed as a next request. */
function refuse(res: http.ServerResponse, status: number, body: unknown): void {
  res.setHeader('Connection', 'close');
  send(res, status, body);
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit we keep draining (so the 413 reaches the client) but stop buffering.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
