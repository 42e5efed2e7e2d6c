import { randomUUID } from 'node:crypto';
import type { SandboxProvider } from './state';

/** Why the sandbox refused, in its own words; each vendor's envelope spells it its own way. */
export type RefusalReason =
  | 'missing_credentials'
  | 'invalid_token'
  | 'key_revoked'
  | 'token_expired'
  | 'jwt_required'
  | 'forbidden'
  | 'role_required'
  | 'insufficient_scope'
  | 'tenant_context_missing'
  | 'tenant_not_in_partner'
  | 'tenant_mismatch'
  | 'workspace_mismatch'
  | 'not_found'
  | 'session_not_found'
  | 'invalid_request'
  | 'invalid_json'
  | 'bad_request'
  | 'body_too_large'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'insufficient_balance'
  | 'idempotency_conflict'
  | 'not_configured';

/** FastAPI's validation item (`{"detail": [...]}`), which Call2Me answers every 422 with. */
export interface ValidationIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

/** A refusal: a status, a reason, a message, the field a validation error names, and headers. */
export class SandboxRefusal extends Error {
  constructor(
    readonly status: number,
    readonly reason: RefusalReason,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
    readonly issues: ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** Callaro's documented codes (A5, UPPER_SNAKE); where the docs are silent the sandbox's README lists the choice. */
const CALLARO: Record<RefusalReason, string> = {
  missing_credentials: 'UNAUTHORIZED',
  invalid_token: 'UNAUTHORIZED',
  key_revoked: 'UNAUTHORIZED',
  token_expired: 'UNAUTHORIZED',
  jwt_required: 'JWT_REQUIRED',
  forbidden: 'FORBIDDEN',
  role_required: 'FORBIDDEN',
  insufficient_scope: 'FORBIDDEN',
  tenant_context_missing: 'TENANT_CONTEXT_REQUIRED',
  tenant_not_in_partner: 'TENANT_NOT_IN_PARTNER',
  tenant_mismatch: 'TENANT_MISMATCH',
  workspace_mismatch: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  session_not_found: 'SESSION_NOT_FOUND',
  invalid_request: 'VALIDATION_ERROR',
  invalid_json: 'BAD_REQUEST',
  bad_request: 'BAD_REQUEST',
  body_too_large: 'PAYLOAD_TOO_LARGE',
  method_not_allowed: 'METHOD_NOT_ALLOWED',
  rate_limited: 'RATE_LIMITED',
  insufficient_balance: 'INSUFFICIENT_CREDITS',
  idempotency_conflict: 'IDEMPOTENCY_CONFLICT',
  not_configured: 'NOT_IMPLEMENTED',
};

/** Call2Me publishes only validation codes (B5); the rest are the sandbox's, in the vendor's lowercase style. */
const CALL2ME: Record<RefusalReason, string> = {
  missing_credentials: 'unauthorized',
  invalid_token: 'unauthorized',
  key_revoked: 'key_revoked',
  token_expired: 'token_expired',
  jwt_required: 'forbidden',
  forbidden: 'forbidden',
  role_required: 'forbidden',
  insufficient_scope: 'insufficient_scope',
  tenant_context_missing: 'validation_failed',
  tenant_not_in_partner: 'forbidden',
  tenant_mismatch: 'forbidden',
  workspace_mismatch: 'workspace_mismatch',
  not_found: 'not_found',
  session_not_found: 'not_found',
  invalid_request: 'validation_failed',
  invalid_json: 'validation_failed',
  bad_request: 'validation_failed',
  body_too_large: 'payload_too_large',
  method_not_allowed: 'method_not_allowed',
  rate_limited: 'rate_limited',
  insufficient_balance: 'insufficient_balance',
  idempotency_conflict: 'idempotency_conflict',
  not_configured: 'not_configured',
};

/**
 * The refusal in the vendor's error envelope.
 * - Callaro: the flat `{error, error_code, details, errors, request_id}` (A5).
 * - Call2Me: a FastAPI service. 422 is FastAPI's `{"detail": [{loc, msg, type}]}` (C1); 429 is the bare
 *   `{"detail"}` (B5); every other refusal carries both `detail` (what the vendor's SDKs read, C1) and
 *   the errors page's nested `error: {code, message, field, request_id}` (B5).
 * - Control routes: the sandbox's own `{error: {code, message}}`.
 */
export function refusalBody(provider: SandboxProvider | 'control', refusal: SandboxRefusal): { status: number; body: unknown } {
  if (provider === 'callaro') {
    return {
      status: refusal.status,
      body: {
        error: refusal.message,
        error_code: CALLARO[refusal.reason],
        details: {},
        errors: refusal.field ? { [refusal.field]: [refusal.message] } : {},
        request_id: randomUUID(),
      },
    };
  }
  if (provider === 'control') return { status: refusal.status, body: { error: { code: refusal.reason, message: refusal.message } } };
  if (refusal.issues.length > 0) return { status: 422, body: { detail: refusal.issues } };
  if (refusal.reason === 'rate_limited') return { status: 429, body: { detail: refusal.message } };
  const requestId = `req_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  return {
    status: refusal.status,
    body: {
      detail: refusal.message,
      error: { code: CALL2ME[refusal.reason], message: refusal.message, ...(refusal.field ? { field: refusal.field } : {}), request_id: requestId },
    },
  };
}

export const refuse = {
  missing: (what: string) => new SandboxRefusal(401, 'missing_credentials', `No credential was sent: ${what}.`),
  invalidToken: (why: string) => new SandboxRefusal(401, 'invalid_token', why),
  revoked: () => new SandboxRefusal(401, 'key_revoked', 'This key was revoked.'),
  expired: (expiredAt: string) => new SandboxRefusal(401, 'token_expired', `The token expired at ${expiredAt}; use the refresh token to get a new one.`),
  scope: (required: string) => new SandboxRefusal(403, 'insufficient_scope', `This route needs the ${required} scope.`),
  jwtRequired: (what: string) => new SandboxRefusal(401, 'jwt_required', `${what} accepts a user JWT only.`),
  role: (role: string) => new SandboxRefusal(403, 'role_required', `Only the ${role} role may do this.`),
  kind: (kind: string, what: string) => new SandboxRefusal(403, 'forbidden', `${what} does not accept ${kind} credentials.`),
  notFound: (what: string, reason: RefusalReason = 'not_found') => new SandboxRefusal(404, reason, `${what} was not found.`),
  invalid: (message: string, field?: string) => new SandboxRefusal(422, 'invalid_request', message, field),
  validation: (issues: ValidationIssue[]) => new SandboxRefusal(422, 'invalid_request', issues[0]?.msg ?? 'Validation error', undefined, {}, issues),
  badRequest: (message: string, field?: string) => new SandboxRefusal(400, 'bad_request', message, field),
  conflict: () =>
    new SandboxRefusal(409, 'idempotency_conflict', 'This Idempotency-Key was already used with a different request; use a new key for a new request.'),
};
