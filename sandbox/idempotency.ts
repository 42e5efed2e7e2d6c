import { refuse, SandboxRefusal } from './refusal';
import type { SandboxProvider, SandboxState } from './state';
import type { VendorRequest, VendorResponse } from './vendor-request';

/** How long an answer is kept for its key (the vendors are silent: 24 hours, as payment APIs commonly do). */
const KEEP_MS = 24 * 3600_000;
const MAX_KEY_LENGTH = 255;

/**
 * `Idempotency-Key` (Callaro A5/C3, Call2Me C2): the first answer to a key is kept per workspace or
 * tenant; the same key with the same request gets that answer again and changes nothing; the same key
 * with another request is a 409, as is a second request while the first is still running. A refused
 * request changed nothing, so it is not kept: after a top-up the same key places the call.
 */
export async function idempotent(
  state: SandboxState,
  provider: SandboxProvider,
  owner: string,
  request: VendorRequest,
  run: () => Promise<VendorResponse>,
): Promise<VendorResponse> {
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' ? header.trim() : '';
  if (key === '') return run();
  if (key.length > MAX_KEY_LENGTH) throw refuse.badRequest(`Idempotency-Key is longer than ${MAX_KEY_LENGTH} characters.`, 'Idempotency-Key');
  const id = `${provider}|${owner}|${key}`;
  const parsed = request.json();
  const fingerprint = `${request.method} ${request.path} ${parsed.kind === 'value' ? canonical(parsed.value) : ''}`;
  const now = state.now().getTime();
  const prior = state.idempotent.get(id);
  if (prior && now - prior.at < KEEP_MS) {
    if (prior.request !== fingerprint) throw refuse.conflict();
    if (prior.status === 0) throw new SandboxRefusal(409, 'idempotency_conflict', 'A request with this Idempotency-Key is still being processed.');
    return { status: prior.status, body: structuredClone(prior.body), headers: { 'Idempotent-Replayed': 'true' } };
  }
  state.idempotent.set(id, { request: fingerprint, status: 0, body: undefined, at: now });
  try {
    const response = await run();
    const status = response.refusal ? 0 : (response.status ?? 200);
    if (status > 0 && status < 500) state.idempotent.set(id, { request: fingerprint, status, body: response.body, at: now });
    else state.idempotent.delete(id);
    return response;
  } catch (error) {
    state.idempotent.delete(id);
    throw error;
  }
}

/** JSON with object keys sorted: two bodies that differ only in key order are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
