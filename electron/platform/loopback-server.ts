import type http from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/**
 * How long a socket may wait and how many there may be. Every server Keyhole runs (web shell,
 * recording proxies) gets these, so a slow or silent client cannot hold it forever.
 */
export interface SocketLimits {
  /** Until the request's headers are complete (slowloris). */
  headersTimeoutMs: number;
  /** Until the whole request, body included, has arrived. */
  requestTimeoutMs: number;
  /** A socket with no traffic at all, between or within requests. */
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
}

export const DEFAULT_LIMITS: SocketLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 30_000,
  maxConnections: 1024,
};

/** Listens on 127.0.0.1 only (port 0: a free one) with timeouts and a connection cap; resolves with the port. */
export function listenOnLoopback(server: http.Server, port = 0, limits: Partial<SocketLimits> = {}): Promise<number> {
  const l = { ...DEFAULT_LIMITS, ...limits };
  server.headersTimeout = l.headersTimeoutMs;
  server.requestTimeout = l.requestTimeoutMs;
  server.keepAliveTimeout = l.keepAliveTimeoutMs;
  server.maxConnections = l.maxConnections;
  server.setTimeout(l.idleTimeoutMs, (socket) => socket.destroy());
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The Host values a loopback server on `port` answers to: its address, by IP or by name. */
export function loopbackHosts(port: number): string[] {
  return [`${LOOPBACK}:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/** Whether a Host header names this loopback server (anything else is DNS rebinding or a mistake). */
export function isLoopbackHost(host: string | undefined, port: number): boolean {
  return host !== undefined && loopbackHosts(port).includes(host);
}

/** Closes a server now, dropping idle keep-alive connections rather than waiting for them. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
