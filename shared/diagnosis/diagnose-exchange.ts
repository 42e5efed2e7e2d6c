import type { EnvironmentProfile, ProviderProfile } from '../providers/provider-profile';
import { matchRoute, scopeSatisfied } from '../providers/route-match';
import type { Finding } from './finding';
import { decodeJwtParts } from './jwt-claims';
import { presentedCredential, secretLooksLive } from './presented-credential';

export interface ExchangeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** What Keyhole knows about the credential, when it is one of the vault's. */
export interface KnownCredential {
  kind: string;
  scopes: readonly string[];
  environment: EnvironmentProfile;
  boundId: string | null;
  status: 'active' | 'secret_missing' | 'revoked';
}

export interface DiagnoseInput {
  profile: ProviderProfile;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  credential?: KnownCredential;
  /** The environment the URL points at, when known (by base URL). */
  environment?: EnvironmentProfile;
  /** The path relative to the API's base URL (`/v1/agents`); defaults to the URL's path. */
  path?: string;
  now: Date;
}

type Draft = Omit<Finding, 'source'>;

/**
 * The diagnosis engine: pure and table-driven from the provider profile. Works from the request alone
 * (preflight), from the response alone (a customer's pasted exchange, credential unknown), or both.
 */
export function diagnoseExchange(input: DiagnoseInput): Finding[] {
  const preflight = predict(input).map((f) => ({ ...f, source: 'preflight' as const }));
  if (!input.response) return preflight;
  const observed = fromResponse(input, input.response).map((f) => ({ ...f, source: 'response' as const }));
  // What the server said wins; predictions it did not confirm stay as warnings.
  const seen = new Set(observed.map((f) => f.code));
  return [...observed, ...preflight.filter((f) => !seen.has(f.code)).map((f) => ({ ...f, severity: f.severity === 'error' ? ('warning' as const) : f.severity }))];
}

function predict(input: DiagnoseInput): Draft[] {
  const { profile, request, credential } = input;
  const findings: Draft[] = [];
  const presented = presentedCredential(profile, request.headers);
  const path = input.path ?? new URL(request.url).pathname;
  const match = matchRoute(profile, request.method, path);
  if (match?.family.id === 'auth') return findings;

  if (!presented) {
    findings.push({
      code: 'AUTH_MISSING',
      severity: 'error',
      title: 'No credential is sent',
      detail: `${profile.name} expects ${profile.credentialKinds.map((k) => `${k.header.name}: ${k.header.format.replace('{secret}', '<secret>')}`).join(' or ')}.`,
      fix: 'Pick a credential so Keyhole signs the request, or add the header.',
    });
  } else if (presented.malformed) {
    const kind = presented.kind ?? profile.credentialKinds.find((k) => k.header.name.toLowerCase() === presented.header.toLowerCase());
    findings.push({
      code: 'AUTH_MALFORMED',
      severity: 'error',
      title: `The ${presented.header} header is malformed`,
      detail: `It should read "${presented.header}: ${kind?.header.format.replace('{secret}', '<secret>') ?? '<secret>'}".`,
      fix: 'Send exactly one space after the scheme and no spaces or quotes in the secret.',
    });
  }

  const kindId = credential?.kind ?? presented?.kind?.id;
  const kind = profile.credentialKinds.find((k) => k.id === kindId);
  if (presented && !presented.malformed && kind) {
    const claims = kind.id === 'jwt' ? decodeJwtParts(presented.value) : null;
    const exp = typeof claims?.payload.exp === 'number' ? claims.payload.exp : null;
    if (exp !== null && exp * 1000 <= input.now.getTime()) {
      findings.push({
        code: 'TOKEN_EXPIRED',
        severity: 'error',
        title: 'The JWT has expired',
        detail: `Its exp was ${new Date(exp * 1000).toISOString()}.`,
        fix: profile.errors.find((e) => e.code === 'token_expired')?.fix ?? 'Refresh or log in again for a new token.',
        expiredAt: new Date(exp * 1000).toISOString(),
      });
    }
    if (claims && (String(claims.header.alg).toLowerCase() === 'none' || exp === null)) {
      findings.push({
        code: 'TOKEN_INSECURE',
        severity: 'warning',
        title: String(claims.header.alg).toLowerCase() === 'none' ? 'The JWT is unsigned (alg: none)' : 'The JWT has no exp',
        detail: 'A token like this is either rejected, or accepted forever if it leaks.',
        fix: 'Use tokens that are signed and expire.',
      });
    }
    const environment = input.environment ?? credential?.environment;
    const live = secretLooksLive(kind, presented.value);
    if (environment && live !== null && live !== environment.live) {
      findings.push({
        code: 'ENVIRONMENT_MISMATCH',
        severity: 'error',
        title: live ? 'A live key is aimed at a test environment' : 'A test key is aimed at a live environment',
        detail: `The key looks ${live ? 'live' : 'like a test key'}, and ${environment.label} is ${environment.live ? 'live' : 'not live'}.`,
        fix: 'Keep sandbox and production keys apart: use the key made for this environment.',
      });
    }
  }

  if (credential?.status === 'revoked') {
    findings.push({ code: 'KEY_REVOKED', severity: 'error', title: 'This key was revoked', detail: 'Keyhole recorded its revocation.', fix: 'Use its replacement.' });
  }

  if (!match) {
    findings.push({
      code: 'UNKNOWN_ROUTE',
      severity: 'info',
      title: `${request.method} ${path} is not a known ${profile.name} route`,
      detail: 'No route family in the profile covers it, so scopes and kinds cannot be checked.',
      fix: 'Check the path (and that the base URL has no extra prefix).',
    });
    return findings;
  }
  if (kind && !match.family.kinds.includes(kind.id)) {
    const accepted = match.family.kinds.map((k) => profile.credentialKinds.find((c) => c.id === k)?.label ?? k);
    findings.push({
      code: 'WRONG_CREDENTIAL_KIND',
      severity: 'error',
      title: `${match.family.label} routes do not accept a ${kind.label}`,
      detail: `They accept: ${accepted.join(', ')}.`,
      fix: `Use a ${accepted.join(' or ')}; see the decision table for which fits this workload.`,
      credentialKind: kind.id,
      acceptedKinds: match.family.kinds,
      routeFamily: match.family.id,
    });
  }
  const tenantHeader = profile.tenantHeader;
  if (kind?.boundTo === 'partner' && match.family.tenantHeader === 'required-for-partner' && tenantHeader) {
    const sent = Object.keys(request.headers).some((h) => h.toLowerCase() === tenantHeader.toLowerCase());
    if (!sent) {
      findings.push({
        code: 'TENANT_CONTEXT_MISSING',
        severity: 'error',
        title: `Partner keys must send ${tenantHeader} here`,
        detail: `${match.family.label} routes act for one tenant; a partner key has to say which.`,
        fix: `Add "${tenantHeader}: <tenant id>" with a tenant of this partner.`,
        routeFamily: match.family.id,
      });
    }
  }
  const required = match.rule?.scope;
  if (credential && kind?.scoped && required) {
    if (credential.scopes.length === 0) {
      findings.push({
        code: 'SCOPES_EMPTY',
        severity: 'error',
        title: 'The key has no scopes',
        detail: 'Empty scopes mean no permissions, never "allow all".',
        fix: `Mint a key with ${required}.`,
        requiredScope: required,
        grantedScopes: [],
      });
    } else if (!scopeSatisfied(profile, credential.scopes, required)) {
      findings.push(scopeFinding(profile, required, [...credential.scopes], match.family.label));
    }
  }
  return findings;
}

function scopeFinding(profile: ProviderProfile, required: string, granted: string[] | undefined, family: string | undefined): Draft {
  const optIn = profile.scopes.find((s) => s.id === required)?.optIn ?? false;
  return {
    code: optIn ? 'SCOPE_OPT_IN_REQUIRED' : 'SCOPE_MISSING',
    severity: 'error',
    title: optIn ? `${required} is an opt-in scope the key does not have` : `The key lacks ${required}`,
    detail: `${family ? `${family} routes need` : 'This route needs'} ${required}${granted ? `; the key has ${granted.length ? granted.join(', ') : 'no scopes'}` : ''}.${optIn ? ' Opt-in scopes are never part of defaults.' : ''}`,
    fix: optIn
      ? `Request ${required} explicitly, on a key of its own for this workload.`
      : (profile.errors.find((e) => e.status === 403 && (e.code === null || e.code === 'insufficient_scope'))?.fix ?? `Mint a key with ${required}.`),
    requiredScope: required,
    ...(granted ? { grantedScopes: granted } : {}),
  };
}

interface ErrorBody {
  code?: string;
  message?: string;
  required_scope?: string;
  granted_scopes?: string[];
  retry_after_seconds?: number;
  accepted_kinds?: string[];
  credential_kind?: string;
  tenant?: string;
}

function fromResponse(input: DiagnoseInput, response: ExchangeResponse): Draft[] {
  if (response.status < 400) return [];
  const { profile } = input;
  const header = (name: string) => Object.entries(response.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const challenge = parseChallenge(header('www-authenticate'));
  const error = parseErrorBody(response.body);
  const code = error.code ?? challenge.error;
  const row = profile.errors.find((e) => e.status === response.status && e.code === (code ?? null)) ?? profile.errors.find((e) => e.status === response.status && e.code === null);
  const detail = error.message ?? row?.meaning ?? `The server answered ${response.status}.`;
  const fix = (fallback: string) => row?.fix ?? fallback;

  if (response.status === 429) {
    const retry = Number(header('retry-after') ?? error.retry_after_seconds);
    return [
      {
        code: 'RATE_LIMITED',
        severity: 'warning',
        title: 'Rate limit hit',
        detail,
        fix: `${fix('Back off')}${Number.isFinite(retry) ? `: retry after ${retry} s` : ''}.`,
        ...(Number.isFinite(retry) ? { retryAfterSeconds: retry } : {}),
      },
    ];
  }
  if (code === 'token_expired' || /expired/i.test(challenge.error_description ?? '')) {
    return [{ code: 'TOKEN_EXPIRED', severity: 'error', title: 'The token has expired', detail, fix: fix('Use the refresh token to mint a new one.') }];
  }
  if (code === 'key_revoked') return [{ code: 'KEY_REVOKED', severity: 'error', title: 'The key was revoked', detail, fix: 'Use the key that replaced it, or mint a new one.' }];
  if (code === 'insufficient_scope' || (response.status === 403 && challenge.scope)) {
    const required = error.required_scope ?? challenge.scope;
    if (required) return [scopeFinding(profile, required, error.granted_scopes, undefined)];
  }
  if (code === 'wrong_credential_kind') {
    return [
      {
        code: 'WRONG_CREDENTIAL_KIND',
        severity: 'error',
        title: 'The route does not accept this kind of credential',
        detail,
        fix: fix('Use the credential kind this route family accepts.'),
        ...(error.accepted_kinds ? { acceptedKinds: error.accepted_kinds } : {}),
        ...(error.credential_kind ? { credentialKind: error.credential_kind } : {}),
      },
    ];
  }
  if (code === 'tenant_context_missing') return [{ code: 'TENANT_CONTEXT_MISSING', severity: 'error', title: `${profile.tenantHeader ?? 'Tenant header'} is missing`, detail, fix: fix('Send the tenant to act for.') }];
  if (code === 'tenant_not_in_partner') {
    return [{ code: 'TENANT_NOT_IN_PARTNER', severity: 'error', title: 'The tenant is outside this partner', detail, fix: fix('Use a tenant of this partner.'), ...(error.tenant ? { tenant: error.tenant } : {}) }];
  }
  if (code === 'tenant_mismatch') return [{ code: 'TENANT_MISMATCH', severity: 'error', title: 'The credential belongs to another tenant', detail, fix: 'Use a credential of the tenant you act on.' }];
  if (code === 'workspace_mismatch') {
    return [{ code: 'WORKSPACE_MISMATCH', severity: 'error', title: 'The key belongs to another workspace', detail, fix: 'Keys are workspace-scoped: use a key minted in the workspace you act on.' }];
  }
  if (response.status === 401) {
    const sentNothing = presentedCredential(profile, input.request.headers) === null;
    if (code === 'missing_credentials' || sentNothing || (!challenge.error && !code)) {
      return [{ code: 'AUTH_MISSING', severity: 'error', title: 'The server saw no credential', detail, fix: fix('Check the Authorization header is set.') }];
    }
    if (code === 'invalid_authorization_header' || challenge.error === 'invalid_request') {
      return [{ code: 'AUTH_MALFORMED', severity: 'error', title: 'The credential header is malformed', detail, fix: fix('Send "Bearer <token>" exactly.') }];
    }
    return [{ code: 'KEY_INVALID', severity: 'error', title: 'The credential was not accepted', detail, fix: fix('Check the key is current and sent in the right header.') }];
  }
  if (response.status === 403 && row && row.code === null) {
    // Call2Me's plain 403 means a missing scope; name it from the route when we can.
    const match = matchRoute(profile, input.request.method, input.path ?? new URL(input.request.url).pathname);
    if (match?.rule?.scope) return [scopeFinding(profile, match.rule.scope, input.credential ? [...input.credential.scopes] : undefined, match.family.label)];
  }
  if (response.status === 404 && !matchRoute(profile, input.request.method, input.path ?? new URL(input.request.url).pathname)) {
    return [{ code: 'UNKNOWN_ROUTE', severity: 'warning', title: 'No such route', detail, fix: 'Check the path against the API reference.' }];
  }
  return [];
}

function parseErrorBody(body: string | undefined): ErrorBody {
  if (!body) return {};
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) return parsed.error as ErrorBody;
    if (parsed && typeof parsed.error === 'string') return { code: parsed.error };
  } catch {
    // Not JSON: the status and headers still say enough.
  }
  return {};
}

/** RFC 6750 `WWW-Authenticate: Bearer realm="x", error="...", scope="..."`. */
export function parseChallenge(value: string | undefined): { error?: string; scope?: string; error_description?: string } {
  if (!value || !/^Bearer\b/i.test(value)) return {};
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of value.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) params[key!] = quoted ?? bare ?? '';
  return { error: params.error, scope: params.scope, error_description: params.error_description };
}
