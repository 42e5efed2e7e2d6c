import type { EnvironmentProfile, ProviderProfile } from '../providers/provider-profile';
import { matchRoute, scopeSatisfied } from '../providers/route-match';
import { parseErrorEnvelope, type ErrorFacts } from './error-envelope';
import type { Finding, FindingCode } from './finding';
import { decodeJwtParts } from './jwt-claims';
import { misplacedCredential } from './misplaced-credential';
import { presentedCredential, secretLooksLive } from './presented-credential';
import { suggestPath } from './suggest-path';

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
  const preflight = predict(input).map((f) => ({ ...f, source: 'preflight' as const, retryable: false }));
  if (!input.response) return preflight;
  // Successful answers have no error envelope: their bodies (often large) are not parsed here.
  const facts = input.response.status >= 400 ? parseErrorEnvelope(input.profile, input.response.body, input.response.headers) : {};
  const retryable = retryGuidance(input.profile, input.response.status);
  const observed = fromResponse(input, input.response, facts).map((f) => ({
    ...f,
    source: 'response' as const,
    retryable,
    ...(facts.requestId ? { requestId: facts.requestId } : {}),
  }));
  // What the server said wins; predictions it did not confirm stay as warnings.
  const seen = new Set(observed.map((f) => f.code));
  return [
    ...observed,
    ...preflight.filter((f) => !seen.has(f.code)).map((f) => ({ ...f, severity: f.severity === 'error' ? ('warning' as const) : f.severity })),
  ];
}

/** Whether the same request may succeed later: the profile's guidance for the status, then its class. */
export function retryGuidance(profile: ProviderProfile, status: number): boolean {
  const rule = profile.retry.find((r) => r.status === String(status)) ?? profile.retry.find((r) => r.status === `${String(status)[0]}xx`);
  return rule?.retryable ?? (status === 429 || status >= 500);
}

/** What the request alone shows, worked out once for every preflight rule. */
interface RequestContext {
  input: DiagnoseInput;
  presented: ReturnType<typeof presentedCredential>;
  misplaced: ReturnType<typeof misplacedCredential>;
  /** The credential's kind: the vault's record, else what the header or its misplacement says. */
  kind: ProviderProfile['credentialKinds'][number] | undefined;
  path: string;
  match: ReturnType<typeof matchRoute>;
}

/** A request presented well enough to be checked further (not missing, malformed or misplaced). */
const wellPresented = (c: RequestContext) => (c.presented && !c.presented.malformed && c.kind && !c.misplaced ? c.presented : null);
const jwtClaims = (c: RequestContext) => {
  const presented = wellPresented(c);
  return presented && c.kind?.id === 'jwt' ? decodeJwtParts(presented.value) : null;
};
const expiryOf = (claims: ReturnType<typeof decodeJwtParts>) => (typeof claims?.payload.exp === 'number' ? claims.payload.exp : null);

/** The preflight rules, in the order their findings are listed; each is tested on its own. */
export const PREFLIGHT_RULES: readonly { name: string; check: (c: RequestContext) => Draft[] }[] = [
  {
    name: 'credential presented',
    check: ({ input: { profile }, presented, misplaced }) => {
      if (misplaced) return [wrongHeader(misplaced.kind, misplaced.foundIn)];
      if (!presented) {
        return [
          {
            code: 'AUTH_MISSING',
            severity: 'error',
            title: 'No credential is sent',
            detail: `${profile.name} expects ${profile.credentialKinds.map((k) => `${k.header.name}: ${k.header.format.replace('{secret}', '<secret>')}`).join(' or ')}.`,
            fix: 'Pick a credential so Keyhole signs the request, or add the header.',
          },
        ];
      }
      if (!presented.malformed) return [];
      const kind = presented.kind ?? profile.credentialKinds.find((k) => k.header.name.toLowerCase() === presented.header.toLowerCase());
      return [
        {
          code: 'AUTH_MALFORMED',
          severity: 'error',
          title: `The ${presented.header} header is malformed`,
          detail: `It should read "${presented.header}: ${kind?.header.format.replace('{secret}', '<secret>') ?? '<secret>'}".`,
          fix: 'Send exactly one space after the scheme and no spaces or quotes in the secret.',
        },
      ];
    },
  },
  {
    name: 'JWT not expired',
    check: (c) => {
      const exp = expiryOf(jwtClaims(c));
      if (exp === null || exp * 1000 > c.input.now.getTime()) return [];
      const expiredAt = new Date(exp * 1000).toISOString();
      const fix = c.input.profile.errors.find((e) => e.finding === 'TOKEN_EXPIRED')?.fix ?? 'Refresh or log in again for a new token.';
      return [{ code: 'TOKEN_EXPIRED', severity: 'error', title: 'The JWT has expired', detail: `Its exp was ${expiredAt}.`, fix, expiredAt }];
    },
  },
  {
    name: 'JWT signed and expiring',
    check: (c) => {
      const claims = jwtClaims(c);
      const unsigned = String(claims?.header.alg).toLowerCase() === 'none';
      if (!claims || (!unsigned && expiryOf(claims) !== null)) return [];
      return [
        {
          code: 'TOKEN_INSECURE',
          severity: 'warning',
          title: unsigned ? 'The JWT is unsigned (alg: none)' : 'The JWT has no exp',
          detail: 'A token like this is either rejected, or accepted forever if it leaks.',
          fix: 'Use tokens that are signed and expire.',
        },
      ];
    },
  },
  {
    name: 'key made for this environment',
    check: (c) => {
      const presented = wellPresented(c);
      const environment = c.input.environment ?? c.input.credential?.environment;
      const live = presented && c.kind ? secretLooksLive(c.kind, presented.value) : null;
      if (!environment || live === null || live === environment.live) return [];
      return [
        {
          code: 'ENVIRONMENT_MISMATCH',
          severity: 'error',
          title: live ? 'A live key is aimed at a test environment' : 'A test key is aimed at a live environment',
          detail: `The key looks ${live ? 'live' : 'like a test key'}, and ${environment.label} is ${environment.live ? 'live' : 'not live'}.`,
          fix: 'Keep sandbox and production keys apart: use the key made for this environment.',
        },
      ];
    },
  },
  {
    name: 'key not revoked',
    check: ({ input }) =>
      input.credential?.status === 'revoked'
        ? [{ code: 'KEY_REVOKED', severity: 'error', title: 'This key was revoked', detail: 'Keyhole recorded its revocation.', fix: 'Use its replacement.' }]
        : [],
  },
  {
    name: 'known route',
    check: ({ input, match, path }) => (match ? [] : [unknownPath(input.profile, input.request.method, path, 'info')]),
  },
  {
    name: 'kind accepted by the route',
    check: ({ input: { profile }, match, kind }) => {
      if (!match || !kind || match.family.kinds.includes(kind.id)) return [];
      const accepted = match.family.kinds.map((k) => profile.credentialKinds.find((c) => c.id === k)?.label ?? k);
      return [
        {
          code: 'WRONG_CREDENTIAL_KIND',
          severity: 'error',
          title: `${match.family.label} routes do not accept a ${kind.label}`,
          detail: `They accept: ${accepted.join(', ')}.`,
          fix: `Use a ${accepted.join(' or ')}; see the decision table for which fits this workload.`,
          credentialKind: kind.id,
          acceptedKinds: match.family.kinds,
          routeFamily: match.family.id,
        },
      ];
    },
  },
  {
    name: 'partner names its tenant',
    check: ({ input: { profile, request }, match, kind }) => {
      const tenantHeader = profile.tenantHeader;
      if (!match || !tenantHeader || kind?.boundTo !== 'partner' || match.family.tenantHeader !== 'required-for-partner') return [];
      if (Object.keys(request.headers).some((h) => h.toLowerCase() === tenantHeader.toLowerCase())) return [];
      return [
        {
          code: 'TENANT_CONTEXT_MISSING',
          severity: 'error',
          title: `Partner keys must send ${tenantHeader} here`,
          detail: `${match.family.label} routes act for one tenant; a partner key has to say which.`,
          fix: `Add "${tenantHeader}: <tenant id>" with a tenant of this partner.`,
          routeFamily: match.family.id,
        },
      ];
    },
  },
  {
    name: 'scope held',
    check: ({ input: { profile, credential }, match, kind }) => {
      const required = match?.rule?.scope;
      if (!match || !credential || !kind?.scoped || !required) return [];
      if (credential.scopes.length === 0) {
        return [
          {
            code: 'SCOPES_EMPTY',
            severity: 'error',
            title: 'The key has no scopes',
            detail: 'Empty scopes mean no permissions, never "allow all".',
            fix: `Mint a key with ${required}.`,
            requiredScope: required,
            grantedScopes: [],
          },
        ];
      }
      return scopeSatisfied(profile, credential.scopes, required) ? [] : [scopeFinding(profile, required, [...credential.scopes], match.family.label)];
    },
  },
];

function predict(input: DiagnoseInput): Draft[] {
  const { profile, request, credential } = input;
  const path = input.path ?? new URL(request.url).pathname;
  const match = matchRoute(profile, request.method, path);
  if (match && isLoginRoute(profile, match.template)) return [];
  const presented = presentedCredential(profile, request.headers);
  const misplaced = misplacedCredential(profile, request);
  const kindId = credential?.kind ?? misplaced?.kind.id ?? presented?.kind?.id;
  const context: RequestContext = { input, presented, misplaced, kind: profile.credentialKinds.find((k) => k.id === kindId), path, match };
  return PREFLIGHT_RULES.flatMap((rule) => rule.check(context));
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
      : (profile.errors.find((e) => e.status === 403 && e.finding === 'SCOPE_MISSING')?.fix ?? `Mint a key with ${required}.`),
    requiredScope: required,
    ...(granted ? { grantedScopes: granted } : {}),
  };
}

/** Not an auth problem: say so plainly, so nobody rotates a key over a typo in a payload. */
const CREDENTIAL_FINE = 'The credential was accepted; this is not an auth problem.';

/**
 * What the server said, read through the profile: its error envelope, then the error table row for
 * the status and code, whose `finding` names the outcome; each outcome has one rule below.
 */
function fromResponse(input: DiagnoseInput, response: ExchangeResponse, facts: ErrorFacts): Draft[] {
  if (response.status < 400) return [];
  const { profile, request } = input;
  const challenge = parseChallenge(Object.entries(response.headers).find(([k]) => k.toLowerCase() === 'www-authenticate')?.[1]);
  const code = facts.code ?? challenge.error;
  const row =
    profile.errors.find((e) => e.status === response.status && e.code === (code ?? null)) ??
    profile.errors.find((e) => e.status === response.status && e.code === null);
  const outcome = row?.finding ?? byStatus(response.status);
  const path = input.path ?? new URL(request.url).pathname;
  const context: ResponseContext = {
    input,
    response,
    facts,
    challenge,
    code,
    path,
    match: matchRoute(profile, request.method, path),
    detail: facts.message ?? row?.meaning ?? `The server answered ${response.status}.`,
    fix: (fallback) => row?.fix ?? fallback,
  };
  const misplaced = misplacedCredential(profile, request);
  if (misplaced && (response.status === 401 || response.status === 403)) return [wrongHeader(misplaced.kind, misplaced.foundIn)];
  if (/expired/i.test(challenge.error_description ?? '') && outcome === 'KEY_INVALID') return RESPONSE_RULES.TOKEN_EXPIRED!(context);
  const rule = outcome ? RESPONSE_RULES[outcome] : undefined;
  return rule ? rule(context) : [];
}

interface ResponseContext {
  input: DiagnoseInput;
  response: ExchangeResponse;
  facts: ErrorFacts;
  challenge: ReturnType<typeof parseChallenge>;
  code: string | undefined;
  path: string;
  match: ReturnType<typeof matchRoute>;
  detail: string;
  fix: (fallback: string) => string;
}

function byStatus(status: number): FindingCode | undefined {
  if (status === 401) return 'KEY_INVALID';
  if (status === 402) return 'WALLET_EMPTY';
  if (status === 403) return 'SCOPE_MISSING';
  if (status === 404) return 'RESOURCE_NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 400 || status === 422 || status === 431) return 'VALIDATION_FAILED';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER_ERROR';
  return undefined;
}

const presentedKind = (c: ResponseContext) => c.input.credential?.kind ?? presentedCredential(c.input.profile, c.input.request.headers)?.kind?.id;

/** One rule per outcome of a refused answer; each is tested on its own. */
export const RESPONSE_RULES: Partial<Record<FindingCode, (c: ResponseContext) => Draft[]>> = {
  RATE_LIMITED: (c) => {
    const retry = c.facts.retryAfterSeconds;
    const reset = c.input.profile.rateLimitHeaders.reset;
    const resetAt = reset ? Number(Object.entries(c.response.headers).find(([k]) => k.toLowerCase() === reset.toLowerCase())?.[1]) : NaN;
    const wait = retry ?? (Number.isFinite(resetAt) ? Math.max(0, Math.ceil(resetAt - c.input.now.getTime() / 1000)) : undefined);
    return [
      {
        code: 'RATE_LIMITED',
        severity: 'warning',
        title: 'Rate limit hit',
        detail: c.detail,
        fix: `${c.fix('Back off').replace(/\.$/, '')}${wait !== undefined ? `: retry after ${wait} s` : ''}.`,
        ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
      },
    ];
  },
  TOKEN_EXPIRED: (c) => {
    // Only a JWT expires by its exp; an API key said to be "expired" was revoked or timed out by the provider.
    if (presentedKind(c) !== 'jwt') {
      return [
        {
          code: 'KEY_INVALID',
          severity: 'error',
          title: 'The provider says this key has expired',
          detail: c.detail,
          fix: 'API keys have no exp: check whether it was revoked or given an expiry, and use its replacement.',
        },
      ];
    }
    return [
      { code: 'TOKEN_EXPIRED', severity: 'error', title: 'The token has expired', detail: c.detail, fix: c.fix('Use the refresh token to mint a new one.') },
    ];
  },
  KEY_REVOKED: (c) => [
    { code: 'KEY_REVOKED', severity: 'error', title: 'The key was revoked', detail: c.detail, fix: c.fix('Use the key that replaced it, or mint a new one.') },
  ],
  KEY_INVALID: (c) => {
    const { profile, request } = c.input;
    const presented = presentedCredential(profile, request.headers);
    if (!presented) {
      const expected = profile.credentialKinds
        .filter((k) => k.customerIssued)
        .map((k) => `${k.header.name}: ${k.header.format.replace('{secret}', '<secret>')}`);
      return [
        { code: 'AUTH_MISSING', severity: 'error', title: 'The server saw no credential', detail: c.detail, fix: `Send one of: ${expected.join(', ')}.` },
      ];
    }
    if (presented.malformed || c.code === 'invalid_authorization_header' || c.challenge.error === 'invalid_request') {
      const kind = presented.kind ?? profile.credentialKinds.find((k) => k.header.name.toLowerCase() === presented.header.toLowerCase());
      return [
        {
          code: 'AUTH_MALFORMED',
          severity: 'error',
          title: `The ${presented.header} header is malformed`,
          detail: c.detail,
          fix: `Send exactly "${presented.header}: ${kind?.header.format.replace('{secret}', '<secret>') ?? '<secret>'}".`,
        },
      ];
    }
    if (presented.kind?.id === 'jwt' && /expired/i.test(c.detail)) return RESPONSE_RULES.TOKEN_EXPIRED!(c);
    return [
      {
        code: 'KEY_INVALID',
        severity: 'error',
        title: `The ${presented.kind?.label ?? 'credential'} in ${presented.header} was not accepted`,
        detail: c.detail,
        fix: c.fix('Check the key is current, belongs to this environment, and was not revoked.'),
      },
    ];
  },
  WRONG_CREDENTIAL_KIND: (c) => {
    const accepted = c.facts.acceptedKinds ?? c.match?.family.kinds ?? [];
    const labels = accepted.map((k) => c.input.profile.credentialKinds.find((kind) => kind.id === k)?.label ?? k);
    const kind = c.facts.credentialKind ?? presentedKind(c);
    return [
      {
        code: 'WRONG_CREDENTIAL_KIND',
        severity: 'error',
        title: `${c.match?.family.label ?? 'This route'} does not accept this kind of credential`,
        detail: c.detail,
        fix: labels.length
          ? `${c.match?.family.label ?? 'This route'} takes a ${labels.join(' or ')}: send the request with one of those.`
          : c.fix('Use the credential kind this route accepts.'),
        ...(accepted.length ? { acceptedKinds: accepted } : {}),
        ...(kind ? { credentialKind: kind } : {}),
        ...(c.match ? { routeFamily: c.match.family.id } : {}),
      },
    ];
  },
  SCOPE_MISSING: (c) => {
    const { profile } = c.input;
    const kind = presentedKind(c);
    // A forbidden route that does not take this kind at all is a kind problem, not a scope one.
    if (kind && c.match && !c.match.family.kinds.includes(kind)) return RESPONSE_RULES.WRONG_CREDENTIAL_KIND!(c);
    // The server may not say which scope (Callaro's bare FORBIDDEN): the route family does.
    const required = c.facts.requiredScope ?? c.challenge.scope ?? c.match?.rule?.scope ?? undefined;
    const granted = c.facts.grantedScopes ?? (c.input.credential ? [...c.input.credential.scopes] : undefined);
    if (required) return [scopeFinding(profile, required, granted, c.match?.family.label)];
    return [
      {
        code: 'SCOPE_MISSING',
        severity: 'error',
        title: 'The credential is not allowed to do this',
        detail: c.detail,
        fix: c.fix('Use a key with the scope this route needs.'),
      },
    ];
  },
  TENANT_CONTEXT_MISSING: (c) => [
    {
      code: 'TENANT_CONTEXT_MISSING',
      severity: 'error',
      title: `${c.input.profile.tenantHeader ?? 'Tenant header'} is missing`,
      detail: c.detail,
      fix: c.fix('Send the tenant to act for.'),
    },
  ],
  TENANT_NOT_IN_PARTNER: (c) => [
    {
      code: 'TENANT_NOT_IN_PARTNER',
      severity: 'error',
      title: 'The tenant is outside this partner',
      detail: c.detail,
      fix: c.fix('Use a tenant of this partner.'),
      ...(c.facts.tenant ? { tenant: c.facts.tenant } : {}),
    },
  ],
  TENANT_MISMATCH: (c) => [
    {
      code: 'TENANT_MISMATCH',
      severity: 'error',
      title: 'The credential belongs to another tenant',
      detail: c.detail,
      fix: c.fix('Use a credential of the tenant you act on.'),
    },
  ],
  WORKSPACE_MISMATCH: (c) => [
    {
      code: 'WORKSPACE_MISMATCH',
      severity: 'error',
      title: 'The key belongs to another workspace',
      detail: c.detail,
      fix: c.fix('Keys are workspace-scoped: use a key minted in the workspace you act on.'),
    },
  ],
  RESOURCE_NOT_FOUND: (c) => {
    if (!c.match) return [unknownPath(c.input.profile, c.input.request.method, c.path, 'warning', c.detail)];
    const partner = presentedKind(c) === 'partner_api_key' && c.input.profile.tenantHeader;
    return [
      {
        code: 'RESOURCE_NOT_FOUND',
        severity: 'warning',
        title: `Not found: ${c.path}`,
        detail: `${c.detail} ${CREDENTIAL_FINE}${partner ? ` As a partner, check ${c.input.profile.tenantHeader} names the tenant that owns it.` : ''}`,
        fix: c.fix('Check the id exists in this environment and belongs to the tenant or workspace you act in.'),
      },
    ];
  },
  VALIDATION_FAILED: (c) => [
    // 431: the server (often Node's own parser, before any app code) refused the headers' size.
    c.response.status === 431
      ? {
          code: 'VALIDATION_FAILED',
          severity: 'warning',
          title: 'The request headers are too large',
          detail: `${!c.facts.message ? 'The server refused the request headers as too large (431) before reading the request.' : c.detail} ${CREDENTIAL_FINE}`,
          fix: 'Send fewer or shorter headers: a cookie jar or a token pasted twice is the usual cause.',
        }
      : {
          code: 'VALIDATION_FAILED',
          severity: 'warning',
          title: c.facts.field ? `The request was refused: ${c.facts.field} is not valid` : 'The request was refused as invalid',
          detail: `${c.detail} ${CREDENTIAL_FINE}`,
          fix: c.fix('Fix the request body and send again.'),
          ...(c.facts.field ? { field: c.facts.field } : {}),
        },
  ],
  CONFLICT: (c) => [
    {
      code: 'CONFLICT',
      severity: 'warning',
      title: 'The request conflicts with the current state',
      detail: `${c.detail} ${CREDENTIAL_FINE}`,
      fix: c.fix('Read the current state before trying again.'),
    },
  ],
  WALLET_EMPTY: (c) => [
    {
      code: 'WALLET_EMPTY',
      severity: 'warning',
      title: 'The wallet is too low for this',
      detail: `${c.detail} ${CREDENTIAL_FINE}`,
      fix: c.fix('Top up the wallet, then retry.'),
    },
  ],
  SERVER_ERROR: (c) => [
    {
      code: 'SERVER_ERROR',
      severity: 'warning',
      title: `${c.input.profile.name} failed (${c.response.status})`,
      detail: `${c.detail} ${CREDENTIAL_FINE}`,
      fix: `${c.fix('Retry with backoff.')}${c.facts.requestId ? ` Quote request id ${c.facts.requestId} to ${c.input.profile.name} support.` : ''}`,
    },
  ],
};

function wrongHeader(kind: { id: string; label: string; header: { name: string; format: string } }, foundIn: string): Draft {
  const expected = `${kind.header.name}: ${kind.header.format.replace('{secret}', '<secret>')}`;
  return {
    code: 'WRONG_HEADER',
    severity: 'error',
    title: `A ${kind.label} is sent in the ${foundIn}`,
    detail: `It looks like a ${kind.label}, which goes in "${expected}"${foundIn.startsWith('query') ? '; in a URL it also ends up in every proxy and server log' : ''}.`,
    fix: `Send it as "${expected}" instead.`,
    credentialKind: kind.id,
    expectedHeader: kind.header.name,
    foundIn,
  };
}

function unknownPath(profile: ProviderProfile, method: string, path: string, severity: Draft['severity'], detail?: string): Draft {
  const suggested = suggestPath(profile, method, path);
  if (suggested) {
    return {
      code: 'WRONG_PATH',
      severity: severity === 'info' ? 'warning' : severity,
      title: `${path} is not a ${profile.name} route; ${suggested} is`,
      detail: `${detail ? `${detail} ` : ''}${profile.name}'s routes are under ${profile.pathPrefix || '/'} and spelled as its docs spell them.`,
      fix: `Use ${suggested}.`,
      suggestedPath: suggested,
    };
  }
  return {
    code: 'UNKNOWN_ROUTE',
    severity,
    title: `${method} ${path} is not a known ${profile.name} route`,
    detail: detail ?? 'No route family in the profile covers it, so scopes and kinds cannot be checked.',
    fix: `Check the path against ${profile.name}'s API reference${profile.pathPrefix ? ` (routes start with ${profile.pathPrefix})` : ''}.`,
  };
}

/** The profile's login and refresh routes need no credential. */
function isLoginRoute(profile: ProviderProfile, template: string): boolean {
  return profile.login !== null && (template === profile.login.path || template === profile.login.refreshPath);
}

/** RFC 6750 `WWW-Authenticate: Bearer realm="x", error="...", scope="..."`. */
export function parseChallenge(value: string | undefined): { error?: string; scope?: string; error_description?: string } {
  if (!value || !/^Bearer\b/i.test(value)) return {};
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of value.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) params[key!] = quoted ?? bare ?? '';
  return { error: params.error, scope: params.scope, error_description: params.error_description };
}
