import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleCall2me } from './call2me/api';
import { handleCallaro } from './callaro/api';
import { handleControl } from './control';
import { refusalBody, SandboxRefusal } from './refusal';
import { SandboxState, type SandboxProvider } from './state';
import { parseJson, type ParsedJson, type VendorRequest, type VendorResponse } from './vendor-request';

/**
 * The sandbox: a local Callaro (`/callaro/api/v1/...`) and Call2Me (`/call2me/v1/...`) that answer
 * as the vendors' published contracts say, plus test control under `/_sandbox/`. A client reaches it
 * by URL like any vendor; nothing in it knows Keyhole.
 * Threat model: it holds only keys it minted or was handed, and listens on 127.0.0.1 only. It answers
 * only to its own loopback Host (DNS rebinding), and its control routes, which mint keys, also refuse
 * anything but `application/json` and any foreign Origin or cross-site fetch, so a web page the user
 * visits cannot drive them with a "simple" text/plain POST.
 */
export interface SandboxServer {
  readonly url: string;
  readonly port: number;
  readonly baseUrls: Record<SandboxProvider, string>;
  readonly state: SandboxState;
  close(): Promise<void>;
}

export const MAX_BODY_BYTES = 1024 * 1024;
const HANDLERS: Record<SandboxProvider, (state: SandboxState, request: VendorRequest) => Promise<VendorResponse>> = {
  call2me: handleCall2me,
  callaro: handleCallaro,
};

export async function startSandbox(options: { port?: number; state?: SandboxState } = {}): Promise<SandboxServer> {
  const state = options.state ?? new SandboxState();
  let port = 0;
  const server = http.createServer((req, res) => {
    void respond(state, req, port).then(
      (answer) => send(res, answer),
      // Never the error's text: the answer may quote a credential. The sandbox's fault, said as such.
      () => send(res, { status: 500, body: { detail: 'Internal Server Error' } }),
    );
  });
  // A slow or silent client cannot hold the sandbox: headers in 10 s, a whole request in 60 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 30_000;
  server.maxConnections = 1024;
  server.setTimeout(120_000, (socket) => socket.destroy());
  port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    baseUrls: { callaro: `${url}/callaro`, call2me: `${url}/call2me` },
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

async function respond(state: SandboxState, req: http.IncomingMessage, port: number): Promise<Answer> {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
  const search = queryAt < 0 ? '' : target.slice(queryAt);
  const method = req.method ?? 'GET';
  const first = pathname.split('/')[1];
  const area: SandboxProvider | 'control' = first === 'call2me' || first === 'callaro' ? first : 'control';
  const refused = (refusal: SandboxRefusal): Answer => ({ ...refusalBody(area, refusal), headers: refusal.headers });
  // Refusals before the body is read close the connection: unread bytes must not become a next request.
  const early = (status: number, reason: 'forbidden' | 'method_not_allowed' | 'invalid_request' | 'body_too_large', why: string) =>
    refused(new SandboxRefusal(status, reason, why, undefined, { Connection: 'close' }));
  if (!isLoopbackHost(req.headers.host, port)) return early(403, 'forbidden', `The sandbox only answers to 127.0.0.1:${port} or localhost:${port}.`);
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return early(413, 'body_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`);
  const control = pathname.startsWith('/_sandbox/');
  if (control) {
    const origin = req.headers.origin;
    if (
      (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) ||
      req.headers['sec-fetch-site'] === 'cross-site'
    ) {
      return early(403, 'forbidden', 'Sandbox control refuses cross-origin requests.');
    }
    if (method !== 'POST') return early(405, 'method_not_allowed', 'Sandbox control takes POST.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return early(415, 'invalid_request', 'Sandbox control takes application/json.');
  }
  const raw = await readBody(req);
  if (raw === null) return refused(new SandboxRefusal(413, 'body_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`));
  let parsed: ParsedJson | null = null;
  const json = () => (parsed ??= parseJson(raw.toString('utf8')));
  if (control) {
    try {
      return handleControl(state, pathname, json());
    } catch (error) {
      if (error instanceof SandboxRefusal) return refused(error);
      throw error;
    }
  }
  if (area === 'control') return { status: 404, body: { detail: 'Not Found: the sandbox serves /callaro/api/v1/... and /call2me/v1/...' } };
  const prefix = `/${area}`;
  const request: VendorRequest = {
    method,
    path: pathname.slice(prefix.length) || '/',
    search,
    query: new URLSearchParams(search),
    headers: req.headers,
    prefix,
    remote: req.socket.remoteAddress ?? 'unknown',
    json,
  };
  const answer = await HANDLERS[area](state, request);
  if (answer.refusal) {
    const { status, body } = refusalBody(area, answer.refusal);
    return { status, body, headers: { ...answer.headers, ...answer.refusal.headers } };
  }
  return { status: answer.status ?? 200, body: answer.body, headers: answer.headers };
}

/** The body, or null past MAX_BODY_BYTES (what arrives beyond it is read and dropped). */
function readBody(req: http.IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
  });
}

/** Whether a Host header names this server (anything else is DNS rebinding or a mistake). */
function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
}

function send(res: http.ServerResponse, answer: Answer): void {
  const headers: Record<string, string> = { ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  const payload = JSON.stringify(answer.body);
  res
    .writeHead(answer.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) })
    .end(payload);
}
