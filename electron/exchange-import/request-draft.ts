import { AppError } from '../../shared/errors/app-error';
import { TRANSPORT_HEADERS } from '../../shared/exchange/transport-headers';
import type { RequestDraft } from '../../shared/exchange/exchange';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import { credentialHeaderNames, type ProviderProfile } from '../../shared/providers/provider-profile';
import { PLACEHOLDER } from '../../shared/redaction/redactor';
import type { SecretShapes } from '../../shared/redaction/secret-shapes';
import { placeExchange } from './diagnose-pasted';
import { exchangeFromCurl, type PastedExchange } from './pasted-exchanges';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** A pasted URL or curl command as the exchange it describes. */
export function exchangeFromPaste(text: string): PastedExchange {
  const trimmed = text.trim();
  if (/^curl\s/.test(trimmed)) return exchangeFromCurl(trimmed);
  if (/^https?:\/\/\S+$/i.test(trimmed) && URL.canParse(trimmed)) return { request: { method: 'GET', url: trimmed, headers: {}, body: null } };
  throw new AppError('INVALID_INPUT', 'Paste a URL (https://...) or a whole curl command.');
}

/**
 * An exchange (pasted, or recorded and redacted) as an editable request for the composer: placed on
 * a provider and environment, its path relative to the base URL (query kept), without the
 * credential headers (the key is picked from the vault instead: the one with the presented
 * secret's fingerprint, if the vault holds it), transport headers, or any header whose value is a
 * secret or a redaction placeholder. `leftOut` says what was dropped and why.
 */
export function draftFrom(
  exchange: PastedExchange,
  deps: { providers: readonly ProviderProfile[]; shapes: SecretShapes; credentialFor: (secret: string) => string | null; recordedCredential?: string | null },
): RequestDraft {
  const method = exchange.request.method.toUpperCase();
  if (!METHODS.has(method)) throw new AppError('INVALID_INPUT', `Keyhole does not send ${method} requests.`);
  const place = placeExchange(exchange, deps.providers);
  const leftOut: string[] = [];
  const credentialHeaders = place ? credentialHeaderNames(place.profile) : new Set(['authorization', 'x-api-key']);
  const presented = place ? presentedCredential(place.profile, exchange.request.headers) : null;
  const credentialId = deps.recordedCredential ?? (presented ? deps.credentialFor(presented.value) : null);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(exchange.request.headers)) {
    const lower = name.toLowerCase();
    if (credentialHeaders.has(lower)) {
      leftOut.push(`${name}: the key is chosen from the vault${credentialId ? '' : ' (this one is not in it)'}`);
      continue;
    }
    if (TRANSPORT_HEADERS.has(lower)) continue;
    if (PLACEHOLDER.test(value) || deps.shapes.matches(value) || deps.shapes.find(value).length > 0) {
      leftOut.push(`${name}: it carried a secret`);
      continue;
    }
    headers[name] = value;
  }
  let path = place?.target ?? '/';
  if (!place) {
    try {
      const url = new URL(exchange.request.url);
      path = `${url.pathname}${url.search}`;
    } catch {
      // a recorded relative URL: kept as the path
      path = exchange.request.url.startsWith('/') ? exchange.request.url : '/';
    }
  }
  if (!place) leftOut.push('the provider: the host is none of the environments (pick a key, and set the path)');
  return {
    method: method as RequestDraft['method'],
    providerId: place?.profile.id ?? null,
    environmentId: place?.environment?.id ?? null,
    credentialId,
    path,
    headers,
    body: exchange.request.body,
    leftOut,
  };
}
