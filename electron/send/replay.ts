import type { SendRequest } from '../../shared/exchange/exchange';
import { credentialHeaderNames, type ProviderProfile } from '../../shared/providers/provider-profile';
import { AppError } from '../../shared/errors/app-error';
import { TRANSPORT_HEADERS } from '../../shared/exchange/transport-headers';
import { PLACEHOLDER as REDACTED } from '../../shared/redaction/redactor';
import type { HistoryEntry } from '../store/history-repository';

const METHODS = new Set<SendRequest['method']>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

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
  const redactedParameter = [...new URLSearchParams(query)].find(([, value]) => REDACTED.test(value));
  if (redactedParameter) throw refuse(`query parameter ${redactedParameter[0]} carried a secret, recorded only redacted`);

  const credentialHeaders = credentialHeaderNames(profile);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.request.headers)) {
    const lower = name.toLowerCase();
    if (credentialHeaders.has(lower) || TRANSPORT_HEADERS.has(lower)) continue;
    if (REDACTED.test(value)) throw refuse(`header ${name} carried a secret, recorded only redacted`);
    headers[name] = value;
  }
  const body = entry.request.body;
  if (entry.cut.request !== null) throw refuse(`only the first part of its ${entry.cut.request}-byte body was recorded`);
  if (body !== null && REDACTED.test(body)) throw refuse(`its body carried a secret${bodyField(body)}, recorded only redacted`);
  return { credential, method, path: `${entry.path}${query}`, headers, body };
}

/** Where in a JSON or form body the first placeholder sits (` in field user.password`), if it can tell. */
function bodyField(body: string): string {
  const find = (value: unknown, at: string): string | null => {
    if (typeof value === 'string') return REDACTED.test(value) ? at : null;
    if (value === null || typeof value !== 'object') return null;
    for (const [key, item] of Object.entries(value)) {
      const found = find(item, at ? `${at}.${key}` : key);
      if (found !== null) return found;
    }
    return null;
  };
  try {
    const field = find(JSON.parse(body), '');
    if (field) return ` in field ${field}`;
  } catch {
    const pair = [...new URLSearchParams(body)].find(([, value]) => REDACTED.test(value));
    if (pair) return ` in field ${pair[0]}`;
  }
  return '';
}
