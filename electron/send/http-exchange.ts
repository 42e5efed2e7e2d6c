import http from 'node:http';
import https from 'node:https';
import type { Timings } from '../../shared/exchange/exchange';
import { decodeBody } from '../redaction/body-decoding';

export interface OutgoingRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface IncomingResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  truncated: boolean;
}

const MAX_BODY = 1024 * 1024;

/**
 * One HTTP exchange with per-phase timings. Redirects are never followed: a 3xx comes back as it is,
 * so credentials can never ride along to another host. `timeoutMs` bounds the whole exchange, not
 * only silence: an upstream that dribbles a byte every few seconds is cut off at the deadline too.
 */
export function httpExchange(request: OutgoingRequest, timeoutMs = 30_000): Promise<{ response: IncomingResponse; timings: Timings }> {
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
  if (!client) return Promise.reject(new Error(`Only http and https URLs can be sent, not ${url.protocol}`));
  const start = performance.now();
  const since = () => Math.round((performance.now() - start) * 100) / 100;
  const timings: Timings = { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, totalMs: 0, requestBytes: 0, responseBytes: 0 };
  const body = request.body === null ? undefined : Buffer.from(request.body);
  timings.requestBytes = body?.length ?? 0;

  return new Promise((resolveOnce, rejectOnce) => {
    const deadline = setTimeout(() => {
      const error = new Error(`${url.host} did not finish answering within ${timeoutMs / 1000} s`);
      reject(error);
      req.destroy(error);
    }, timeoutMs);
    const resolve = (value: { response: IncomingResponse; timings: Timings }) => {
      clearTimeout(deadline);
      resolveOnce(value);
    };
    const reject = (error: Error) => {
      clearTimeout(deadline);
      rejectOnce(error);
    };
    const req = client.request(
      url,
      { method: request.method, headers: { ...request.headers, ...(body ? { 'Content-Length': String(body.length) } : {}) }, agent: false, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          timings.firstByteMs ??= since();
          timings.responseBytes += chunk.length;
          if (timings.responseBytes <= MAX_BODY) chunks.push(chunk);
        });
        res.on('end', () => {
          timings.firstByteMs ??= since();
          timings.totalMs = since();
          const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
          resolve({
            response: { status: res.statusCode ?? 0, headers, body: decodeBody(Buffer.concat(chunks), headers), truncated: timings.responseBytes > MAX_BODY },
            timings,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('socket', (socket) => {
      socket.once('lookup', () => (timings.dnsMs = since()));
      socket.once('connect', () => (timings.connectMs = since()));
      socket.once('secureConnect', () => (timings.tlsMs = since()));
    });
    req.on('timeout', () => req.destroy(new Error(`No answer from ${url.host} within ${timeoutMs / 1000} s`)));
    req.on('error', (error) => reject(new Error(`${request.method} ${url.origin}${url.pathname} failed: ${error.message}`)));
    req.end(body);
  });
}
