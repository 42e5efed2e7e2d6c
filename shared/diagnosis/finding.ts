import { z } from 'zod';

export const FindingCode = z.enum([
  'AUTH_MISSING',
  'AUTH_MALFORMED',
  'KEY_INVALID',
  'KEY_REVOKED',
  'TOKEN_EXPIRED',
  'TOKEN_INSECURE',
  'SCOPE_MISSING',
  'SCOPE_OPT_IN_REQUIRED',
  'SCOPES_EMPTY',
  'ROLE_REQUIRED',
  'TENANT_CONTEXT_MISSING',
  'TENANT_NOT_IN_PARTNER',
  'TENANT_MISMATCH',
  'WORKSPACE_MISMATCH',
  'WRONG_CREDENTIAL_KIND',
  'ENVIRONMENT_MISMATCH',
  'RATE_LIMITED',
  'UNKNOWN_ROUTE',
  'UPSTREAM_UNREACHABLE',
  'WRONG_HEADER',
  'WRONG_PATH',
  'WRONG_PROVIDER',
  'WALLET_EMPTY',
  'RESOURCE_NOT_FOUND',
  'VALIDATION_FAILED',
  'CONFLICT',
  'SERVER_ERROR',
]);
export type FindingCode = z.infer<typeof FindingCode>;

/** One diagnosis: what is wrong, why, how to fix it, and the facts it rests on. */
export const Finding = z.object({
  code: FindingCode,
  severity: z.enum(['error', 'warning', 'info']),
  /** `preflight`: predicted from the request alone; `response`: read from what the server said. */
  source: z.enum(['preflight', 'response']),
  title: z.string(),
  detail: z.string(),
  fix: z.string(),
  requiredScope: z.string().optional(),
  grantedScopes: z.array(z.string()).optional(),
  retryAfterSeconds: z.number().optional(),
  credentialKind: z.string().optional(),
  acceptedKinds: z.array(z.string()).optional(),
  routeFamily: z.string().optional(),
  expiredAt: z.string().optional(),
  tenant: z.string().optional(),
  /** Where a credential of a known kind was found instead of its header (`Authorization header`, `query parameter api_key`). */
  foundIn: z.string().optional(),
  expectedHeader: z.string().optional(),
  suggestedPath: z.string().optional(),
  /** The role a role-only route needs (Callaro's super_admin). */
  requiredRole: z.string().optional(),
  /** The provider whose key was sent to another provider's API. */
  keyProvider: z.string().optional(),
  /** The request field a validation error names. */
  field: z.string().optional(),
  /** Whether sending the same request again can succeed (the provider's retry guidance for the status). */
  retryable: z.boolean().optional(),
  /** The provider's id for the failed request: quote it to their support. */
  requestId: z.string().optional(),
  /** A vault key of the same provider and environment that holds what was missing. */
  alternativeCredential: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;
