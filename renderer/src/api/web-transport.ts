import type { Transport } from '../../../shared/ipc/keyhole-api';
import type { Result } from '../../../shared/ipc/result';

/** The web shell's transport: `POST /rpc/<channel>` with the per-launch token (or its pending exchange). */
export function createWebTransport(tokenSource: string | Promise<string>, fetchImpl: typeof fetch = fetch.bind(globalThis)): Transport {
  return async (channel, input) => {
    let token: string;
    try {
      token = await tokenSource;
    } catch (error) {
      return failure((error as Error).message);
    }
    let response: Response;
    try {
      response = await fetchImpl(`/rpc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
    } catch {
      return failure('Keyhole is not reachable: the `keyhole web` process may have stopped.');
    }
    if (response.status === 401) return failure('This page\'s session token is no longer valid: reopen the URL that `keyhole web` printed.');
    try {
      return (await response.json()) as Result<unknown>;
    } catch {
      return failure(`Keyhole answered ${response.status} with a body that is not JSON.`);
    }
  };
}

function failure(message: string): Result<never> {
  return { ok: false, error: { code: 'INTERNAL', message } };
}
