import type { SendRequest } from '../../shared/exchange/exchange';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import { AppError } from '../../shared/ipc/result';
import type { HistoryEntry } from '../store/history-repository';

const METHODS = new Set<SendRequest['method']>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** Set again by the HTTP client, or meaningless on another connection. */
const TRANSPORT = new Set(['host', 'content-length', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'upgrade', 'accept-encoding', 'proxy-authorization']);
/** A redaction placeholder (`<name · 1a2b3c4d5e6f>`) or a truncated body: the original is not on record. */
const REDACTED = /<[^<>]+ · [0-9a-f]{12}>/;
const TRUNCATED = /…\[\d+ more bytes not recorded\]$|…\[truncated\]$/;

/**
 * A recorded exchange as a new request signed by another vault credential: the same method, path,
 * query, headers and body, minus the credential headers the profile knows (the new key is signed in
 * by SendService) and transport headers. Anything that only exists redacted or truncated is refused
 * by name, so a replay never sends a placeholder where a value was.
 */
export function replayRequest(entry: HistoryEntry, profile: ProviderProfile, credential: string): SendRequest {
  const refuse = (what: string) => new AppError('INVALID_INPUT', `Exchange ${entry.id} cannot be replayed: ${what}.`);
  const method = entry.request.method.toUpperCase() as SendRequest['method'];
  if (!METHODS.has(method)) throw refuse(`method ${entry.request.method} is not one Keyhole sends`);
  const query = new URL(entry.request.url.replaceAll(' ', '%20')).search;
  if (REDACTED.test(decodeURIComponent(query))) throw refuse('its query string carried a secret, recorded only redacted');

  const credentialHeaders = new Set(profile.credentialKinds.map((kind) => kind.header.name.toLowerCase()));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.request.headers)) {
    const lower = name.toLowerCase();
    if (credentialHeaders.has(lower) || TRANSPORT.has(lower)) continue;
    if (REDACTED.test(value)) throw refuse(`header ${name} carried a secret, recorded only redacted`);
    headers[name] = value;
  }
  const body = entry.request.body;
  if (body !== null && TRUNCATED.test(body)) throw refuse('its body was longer than Keyhole records');
  if (body !== null && REDACTED.test(body)) throw refuse('its body carried a secret, recorded only redacted');
  return { credential, method, path: `${entry.path}${query}`, headers, body };
}
