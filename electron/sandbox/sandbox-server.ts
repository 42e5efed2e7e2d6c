import http from 'node:http';
import { jsonSyntaxError } from '../../shared/security/json-syntax';
import { closeServer, isLoopbackHost, listenOnLoopback } from '../platform/loopback-server';
import { handleProviderRequest, type SandboxResponse } from './sandbox-api';
import { handleControl } from './sandbox-control';
import { refusalBody, SandboxRefusal } from './sandbox-refusal';
import { SandboxState, type SandboxProvider } from './sandbox-state';

/**
 * Keyhole's sandbox API: a local Callaro (`/callaro/api/v1/...`) and Call2Me (`/call2me/v1/...`)
 * that follow the vendors' published contracts (headers, key prefixes, error envelopes, rate-limit
 * headers), plus test control under `/_sandbox/`.
 * Threat model: it holds only test keys it minted itself and listens on 127.0.0.1 only. It answers
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

const MAX_BODY_BYTES = 1024 * 1024;

export async function startSandbox(options: { port?: number; state?: SandboxState } = {}): Promise<SandboxServer> {
  const state = options.state ?? new SandboxState();
  let port = 0;
  const server = http.createServer((req, res) => {
    void respond(state, req, port).then(
      (response) => send(res, response),
      // Never the error's text: the answer may quote a credential. The sandbox's fault, said as such.
      () => send(res, { status: 500, body: { error: { code: 'internal', message: 'The sandbox failed on this request.' } } }),
    );
  });
  port = await listenOnLoopback(server, options.port);
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    baseUrls: { callaro: `${url}/callaro`, call2me: `${url}/call2me` },
    state,
    close: () => closeServer(server),
  };
}

async function respond(state: SandboxState, req: http.IncomingMessage, port: number): Promise<SandboxResponse> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const method = req.method ?? 'GET';
  const [, first, ...rest] = url.pathname.split('/');
  const provider: SandboxProvider | 'control' = first === 'call2me' || first === 'callaro' ? first : 'control';
  const refused = (error: unknown): SandboxResponse => {
    if (!(error instanceof SandboxRefusal)) throw error;
    return { ...refusalBody(provider, error), headers: error.headers };
  };
  // Refusals before the body is read close the connection: unread bytes must not become a next request.
  const early = (status: number, why: string) =>
    refused(
      new SandboxRefusal(status, status === 415 ? 'invalid_request' : status === 405 ? 'method_not_allowed' : 'forbidden', why, undefined, {
        Connection: 'close',
      }),
    );
  if (!isLoopbackHost(req.headers.host, port)) return early(403, `The sandbox only answers to 127.0.0.1:${port} or localhost:${port}.`);
  const control = url.pathname.startsWith('/_sandbox/');
  if (control) {
    const origin = req.headers.origin;
    if (
      (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) ||
      req.headers['sec-fetch-site'] === 'cross-site'
    ) {
      return early(403, 'Sandbox control refuses cross-origin requests.');
    }
    if (method !== 'POST') return early(405, 'Sandbox control takes POST.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return early(415, 'Sandbox control takes application/json.');
  }
  let body: unknown;
  try {
    body = await readJson(req);
  } catch (error) {
    return refused(error);
  }
  if (control) {
    try {
      return handleControl(state, url.pathname, body);
    } catch (error) {
      return refused(error);
    }
  }
  if (provider === 'control') return refused(new SandboxRefusal(404, 'not_found', 'The sandbox serves /callaro/api/v1/... and /call2me/v1/...'));
  return handleProviderRequest(state, provider, { method, path: `/${rest.join('/')}`, headers: req.headers, body });
}

function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new SandboxRefusal(413, 'body_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes.`));
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (error) {
        reject(new SandboxRefusal(400, 'invalid_json', `The body is ${jsonSyntaxError(error)}.`));
      }
    });
  });
}

function send(res: http.ServerResponse, response: SandboxResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const payload = JSON.stringify(response.body);
  res
    .writeHead(response.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(payload)) })
    .end(payload);
}
