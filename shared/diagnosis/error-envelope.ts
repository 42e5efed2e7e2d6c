import { valueAt } from '../exchange/json-path';
import type { ProviderProfile } from '../providers/provider-profile';

/** What a provider's error answer says, wherever its envelope keeps it. */
export interface ErrorFacts {
  code?: string;
  message?: string;
  field?: string;
  requestId?: string;
  /** Facts some APIs (and Keyhole's sandbox) add beside the code, read by name. */
  requiredScope?: string;
  grantedScopes?: string[];
  acceptedKinds?: string[];
  credentialKind?: string;
  tenant?: string;
  retryAfterSeconds?: number;
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
/** A validation `field` may be a name, or an object keyed by field names (Callaro's `errors`). */
const fieldOf = (value: unknown) => text(value) ?? (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value)[0] : undefined);

/**
 * Reads an error body with the profile's envelopes, in order: the first envelope whose code or
 * message is there wins. Bodies that are not JSON say nothing; the status and headers still speak.
 */
export function parseErrorEnvelope(profile: ProviderProfile, body: string | undefined, headers: Record<string, string>): ErrorFacts {
  const header = (name: string | null) => (name ? Object.entries(headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] : undefined);
  const headerRequestId = header(profile.requestIdHeader);
  let parsed: unknown = null;
  try {
    parsed = body ? JSON.parse(body) : null;
  } catch {
    // Not JSON.
  }
  const facts: ErrorFacts = {};
  for (const envelope of profile.errorEnvelopes) {
    const code = envelope.code ? text(valueAt(parsed, envelope.code)) : undefined;
    const message = envelope.message ? text(valueAt(parsed, envelope.message)) : undefined;
    if (code === undefined && message === undefined) continue;
    Object.assign(facts, {
      code,
      message,
      field: envelope.field ? fieldOf(valueAt(parsed, envelope.field)) : undefined,
      requestId: envelope.requestId ? text(valueAt(parsed, envelope.requestId)) : undefined,
    });
    break;
  }
  // Without a profile envelope, the common shapes: {"error": {"code", "message"}} and {"error": "code"}.
  if (facts.code === undefined && facts.message === undefined) {
    const error = valueAt(parsed, 'error');
    facts.code = text(valueAt(error, 'code')) ?? text(error);
    facts.message = text(valueAt(error, 'message')) ?? text(valueAt(parsed, 'message'));
  }
  const extras = (valueAt(parsed, 'error') !== null && typeof valueAt(parsed, 'error') === 'object' ? valueAt(parsed, 'error') : parsed) as Record<
    string,
    unknown
  > | null;
  const strings = (value: unknown) => (Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined);
  const retry = Number(header(profile.rateLimitHeaders.retryAfter) ?? valueAt(extras, 'retry_after_seconds'));
  return Object.fromEntries(
    Object.entries({
      ...facts,
      requestId: facts.requestId ?? headerRequestId,
      requiredScope: text(valueAt(extras, 'required_scope')),
      grantedScopes: strings(valueAt(extras, 'granted_scopes')),
      acceptedKinds: strings(valueAt(extras, 'accepted_kinds')),
      credentialKind: text(valueAt(extras, 'credential_kind')),
      tenant: text(valueAt(extras, 'tenant')),
      retryAfterSeconds: Number.isFinite(retry) && retry >= 0 ? retry : undefined,
    }).filter(([, value]) => value !== undefined),
  ) as ErrorFacts;
}
