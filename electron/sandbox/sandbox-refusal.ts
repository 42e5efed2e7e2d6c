import { randomUUID } from 'node:crypto';
import type { SandboxProvider } from './sandbox-state';

/** Why the sandbox refused, in its own words; each provider's envelope spells it its own way. */
export type RefusalReason =
  | 'missing_credentials'
  | 'invalid_token'
  | 'key_revoked'
  | 'token_expired'
  | 'jwt_required'
  | 'forbidden'
  | 'insufficient_scope'
  | 'tenant_context_missing'
  | 'tenant_not_in_partner'
  | 'tenant_mismatch'
  | 'workspace_mismatch'
  | 'not_found'
  | 'session_not_found'
  | 'invalid_request'
  | 'invalid_json'
  | 'body_too_large'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'insufficient_balance';

/** A refusal: a status, a reason, a message, and the field a validation error names. */
export class SandboxRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: RefusalReason,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Callaro's documented codes (UPPER_SNAKE); where the docs are silent, the profile notes the choice. */
const CALLARO: Record<RefusalReason, [status: number | null, code: string]> = {
  missing_credentials: [401, 'UNAUTHORIZED'],
  invalid_token: [401, 'UNAUTHORIZED'],
  key_revoked: [401, 'UNAUTHORIZED'],
  token_expired: [401, 'UNAUTHORIZED'],
  jwt_required: [401, 'JWT_REQUIRED'],
  forbidden: [403, 'FORBIDDEN'],
  insufficient_scope: [403, 'FORBIDDEN'],
  tenant_context_missing: [400, 'TENANT_CONTEXT_REQUIRED'],
  tenant_not_in_partner: [403, 'TENANT_NOT_IN_PARTNER'],
  tenant_mismatch: [403, 'TENANT_MISMATCH'],
  workspace_mismatch: [403, 'FORBIDDEN'],
  not_found: [404, 'NOT_FOUND'],
  session_not_found: [404, 'SESSION_NOT_FOUND'],
  invalid_request: [422, 'VALIDATION_ERROR'],
  invalid_json: [400, 'BAD_REQUEST'],
  body_too_large: [413, 'PAYLOAD_TOO_LARGE'],
  method_not_allowed: [405, 'METHOD_NOT_ALLOWED'],
  rate_limited: [429, 'RATE_LIMITED'],
  insufficient_balance: [402, 'INSUFFICIENT_CREDITS'],
};

/** Call2Me publishes only validation codes; the rest are the sandbox's own, in its lowercase style. */
const CALL2ME: Record<RefusalReason, [status: number | null, code: string]> = {
  missing_credentials: [401, 'unauthorized'],
  invalid_token: [401, 'unauthorized'],
  key_revoked: [401, 'key_revoked'],
  token_expired: [401, 'token_expired'],
  jwt_required: [403, 'forbidden'],
  forbidden: [403, 'forbidden'],
  insufficient_scope: [403, 'insufficient_scope'],
  tenant_context_missing: [400, 'validation_failed'],
  tenant_not_in_partner: [403, 'forbidden'],
  tenant_mismatch: [403, 'forbidden'],
  workspace_mismatch: [403, 'workspace_mismatch'],
  not_found: [404, 'not_found'],
  session_not_found: [404, 'not_found'],
  invalid_request: [400, 'validation_failed'],
  invalid_json: [400, 'validation_failed'],
  body_too_large: [413, 'payload_too_large'],
  method_not_allowed: [405, 'method_not_allowed'],
  rate_limited: [429, 'rate_limited'],
  insufficient_balance: [402, 'insufficient_balance'],
};

/**
 * The refusal in the provider's documented error envelope: Callaro's flat
 * `{error, error_code, details, errors, request_id}`; Call2Me's nested
 * `{"error": {"code", "message", "field", "request_id"}}`, and its bare `{"detail"}` on 429.
 */
export function refusalBody(provider: SandboxProvider | 'control', refusal: SandboxRefusal): { status: number; body: unknown } {
  if (provider === 'callaro') {
    const [status, code] = CALLARO[refusal.reason];
    return {
      status: status ?? refusal.status,
      body: {
        error: refusal.message,
        error_code: code,
        details: {},
        errors: refusal.field ? { [refusal.field]: [refusal.message] } : {},
        request_id: randomUUID(),
      },
    };
  }
  const [status, code] = CALL2ME[refusal.reason];
  if (refusal.reason === 'rate_limited') return { status: 429, body: { detail: refusal.message } };
  const requestId = `req_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    status: provider === 'control' ? refusal.status : (status ?? refusal.status),
    body: { error: { code, message: refusal.message, ...(refusal.field ? { field: refusal.field } : {}), request_id: requestId } },
  };
}

export const refuse = {
  missing: (what: string) => new SandboxRefusal(401, 'missing_credentials', `No credential was sent: ${what}.`),
  invalidToken: (why: string) => new SandboxRefusal(401, 'invalid_token', why),
  revoked: () => new SandboxRefusal(401, 'key_revoked', 'This key was revoked.'),
  expired: (expiredAt: string) => new SandboxRefusal(401, 'token_expired', `The JWT expired at ${expiredAt}; use the refresh token to get a new one.`),
  scope: (required: string) => new SandboxRefusal(403, 'insufficient_scope', `This route needs the ${required} scope.`),
  jwtRequired: (family: string) => new SandboxRefusal(401, 'jwt_required', `${family} accepts a user JWT only.`),
  kind: (kind: string, family: string) => new SandboxRefusal(403, 'forbidden', `${family} does not accept ${kind} credentials.`),
  notFound: (what: string, reason: RefusalReason = 'not_found') => new SandboxRefusal(404, reason, `${what} was not found.`),
  invalid: (message: string, field?: string) => new SandboxRefusal(400, 'invalid_request', message, field),
};
