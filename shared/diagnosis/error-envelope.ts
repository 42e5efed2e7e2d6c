import { valueAt } from '../exchange/json-path';
import type { ProviderProfile } from '../providers/provider-profile';

/** What a provider's error answer says, wherever its envelope keeps it. */
export interface ErrorFacts {
  code?: string;
  message?: string;
  field?: string;
  requestId?: string;
  /** Facts some APIs add beside the code, read by name. */
  requiredScope?: string;
  grantedScopes?: string[];
  acceptedKinds?: string[];
  credentialKind?: string;
  tenant?: string;
  retryAfterSeconds?: number;
}

/**
 * FastAPI's validation list (`{"detail": [{"loc": ["body", "agent_name"], "msg": "..."}]}`, Call2Me's
 * 422): the first item's message, and its location without the part of the request it names.
 */
function validationItem(value: unknown): { message?: string; field?: string } | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const first = value[0] as { loc?: unknown; msg?: unknown } | null;
  if (first === null || typeof first !== 'object') return undefined;
  const loc = Array.isArray(first.loc) ? first.loc.filter((part) => typeof part === 'string' || typeof part === 'number').map(String) : [];
  const field = (['body', 'query', 'path', 'header', 'cookie'].includes(loc[0] ?? '') ? loc.slice(1) : loc).join('.');
  return { message: typeof first.msg === 'string' && first.msg !== '' ? first.msg : undefined, field: field || undefined };
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const messageOf = (value: unknown) => text(value) ?? validationItem(value)?.message;
/** A validation `field` may be a name, an object keyed by field names (Callaro's `errors`), or FastAPI's list. */
const fieldOf = (value: unknown) =>
  text(value) ?? validationItem(value)?.field ?? (value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value)[0] : undefined);

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
    const message = envelope.message ? messageOf(valueAt(parsed, envelope.message)) : undefined;
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
