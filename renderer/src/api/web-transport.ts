import type { Subscribe, Transport } from '../../../shared/ipc/keyhole-api';
import { AppEvent } from '../../../shared/ipc/events';
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
      return failure('Keyhole is not reachable: the process serving this page (`keyhole web` or `npm start`) may have stopped.');
    }
    if (response.status === 401)
      return failure("This page's session token is no longer valid: reopen the URL printed when Keyhole started (`keyhole web` or `npm start`).");
    // Refused before reaching the app (too large, wrong type): the host says why in { error }.
    if (response.status !== 200) {
      const body = (await response.json().catch(() => ({}))) as { error?: unknown };
      return failure(typeof body.error === 'string' ? `Keyhole refused this (${response.status}): ${body.error}.` : `Keyhole answered ${response.status}.`);
    }
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

/**
 * The web shell's events: `GET /events` read as a stream with fetch (EventSource cannot send the
 * token in a header). Reconnects after a drop, with a pause, until unsubscribed.
 */
export function createWebEvents(tokenSource: string | Promise<string>, fetchImpl: typeof fetch = fetch.bind(globalThis)): Subscribe {
  return (listener) => {
    const controller = new AbortController();
    const connect = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await fetchImpl('/events', { headers: { Authorization: `Bearer ${await tokenSource}` }, signal: controller.signal });
          if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            const blocks = buffer.split('\n\n');
            buffer = blocks.pop() ?? '';
            for (const block of blocks) {
              const data = block.split('\n').find((line) => line.startsWith('data: '));
              const parsed = data ? AppEvent.safeParse(safeJson(data.slice(6))) : null;
              if (parsed?.success) listener(parsed.data);
            }
          }
        } catch {
          // Dropped or refused: try again shortly (the host may be restarting).
        }
        if (!controller.signal.aborted) await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    };
    void connect();
    return () => controller.abort();
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
