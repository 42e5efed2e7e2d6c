import { afterEach } from 'vitest';
import { startSandbox, type SandboxServer } from '../../sandbox/index';

export interface Reply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; [fact: string]: unknown } };
}

/** A real sandbox on 127.0.0.1 per test, with a small fetch helper. */
export async function sandbox() {
  const server = await startSandbox();
  afterEach(() => server.close());
  const call = async (method: string, url: string, options: { headers?: Record<string, string>; body?: unknown; raw?: string } = {}): Promise<Reply> => {
    const res = await fetch(url, {
      method,
      headers: { ...(options.body !== undefined || options.raw !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers },
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Reply['body']) : {} };
  };
  const control = async (path: string, body: unknown) => {
    const reply = await call('POST', `${server.url}/_sandbox/${path}`, { body });
    if (reply.status >= 300) throw new Error(`control ${path} failed: ${JSON.stringify(reply.body)}`);
    return reply.body as Record<string, string>;
  };
  return {
    server,
    call,
    control,
    c2m: (path: string) => `${server.baseUrls.call2me}${path}`,
    clr: (path: string) => `${server.baseUrls.callaro}${path}`,
  } satisfies {
    server: SandboxServer;
    [k: string]: unknown;
  };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
