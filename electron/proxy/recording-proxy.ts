import http from 'node:http';
import https from 'node:https';
import { closeServer, listenOnLoopback } from '../app/loopback-server';
import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import { Redactor } from '../send/redact';
import { fingerprint } from '../vault/fingerprint';
import type { HistoryRecorder } from './history-recorder';

/**
 * A reverse proxy on 127.0.0.1 in front of one provider environment, recording every exchange.
 * Threat model: a user's own service sends real credentials through it. They are forwarded unchanged
 * (the upstream needs them) and recorded only as `<name · fingerprint>`; bodies are kept only up to
 * `maxBodyBytes`. It listens on loopback only, and records after the response has been sent on.
 */
export interface ProxyOptions {
  upstream: string;
  profile: ProviderProfile;
  environment: EnvironmentProfile;
  recorder: HistoryRecorder;
  /** The vault credential with this fingerprint, if any. */
  identify: (fingerprint: string) => Credential | undefined;
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
    const path = req.url ?? '/';
    const target = `${upstream.origin}${basePath}${path}`;
    const requestHeaders = forwardable(req.headers);
    const requestBody = new Capture(limit);
    let firstByteMs: number | null = null;

    const finish = (status: number | null, responseHeaders: Record<string, string>, responseBody: string, responseBytes: number, error: string | null) => {
      const flat = flatten(req.headers);
      const presented = presentedCredential(options.profile, flat);
      const print = presented ? fingerprint(presented.value) : null;
      const credential = print ? options.identify(print) : undefined;
      const redactor = new Redactor(presented ? [{ value: presented.value, label: credential ? `${credential.name} · ${print}` : `unknown key · ${print}` }] : [], fingerprint);
      const request = { method: req.method ?? 'GET', url: target, headers: flat };
      const response = status === null ? undefined : { status, headers: responseHeaders, body: responseBody };
      const findings: Finding[] =
        error !== null
          ? [{ code: 'UPSTREAM_UNREACHABLE', severity: 'error', source: 'response', title: 'The upstream did not answer', detail: redactor.text(error), fix: `Check ${upstream.origin} is up and the environment's base URL is right.` }]
          : diagnoseExchange({
              profile: options.profile,
              request,
              response,
              environment: options.environment,
              credential: credential && { kind: credential.kind, scopes: credential.scopes, environment: options.environment, boundId: credential.boundId, status: credential.status },
              path: path.split('?')[0],
              now: new Date(),
            });
      options.recorder.record({
        at: new Date(Date.now() - (performance.now() - started)).toISOString(),
        path: path.split('?')[0]!,
        source: 'proxy',
        credentialId: credential?.id ?? null,
        fingerprint: print,
        providerId: options.profile.id,
        environmentId: options.environment.id,
        request: { method: request.method, url: redactor.text(target), headers: redactor.headers(flat), body: requestBody.text() === '' ? null : redactor.text(requestBody.text()) },
        response: response ? { status: response.status, headers: redactor.headers(responseHeaders), body: redactor.text(responseBody), truncated: false } : null,
        timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs, totalMs: Math.round((performance.now() - started) * 100) / 100, requestBytes: requestBody.size, responseBytes },
        findings,
        error: error === null ? null : redactor.text(error),
      });
    };

    const upstreamRequest = client.request(target, { method: req.method, headers: { ...requestHeaders, host: upstream.host }, agent }, (upstreamResponse) => {
      firstByteMs = Math.round((performance.now() - started) * 100) / 100;
      const responseBody = new Capture(limit);
      res.writeHead(upstreamResponse.statusCode ?? 502, forwardable(upstreamResponse.headers));
      upstreamResponse.on('data', (chunk: Buffer) => responseBody.add(chunk));
      upstreamResponse.pipe(res);
      upstreamResponse.on('end', () => finish(upstreamResponse.statusCode ?? 0, flatten(upstreamResponse.headers), responseBody.text(), responseBody.size, null));
    });
    upstreamRequest.on('error', (error) => {
      const message = `${req.method} ${upstream.origin}${basePath}${path.split('?')[0]} failed: ${error.message}`;
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { code: 'upstream_unreachable', message: `Keyhole's proxy could not reach ${upstream.origin}: ${error.message}` } }));
      } else {
        res.destroy();
      }
      finish(null, {}, '', 0, message);
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

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.size > this.kept ? `${text}…[${this.size - this.kept} more bytes not recorded]` : text;
  }
}

function forwardable(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name, value]) => value !== undefined && !HOP_BY_HOP.has(name)));
}

function flatten(headers: http.IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
}
