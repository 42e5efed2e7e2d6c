import { AOrAn } from '../text/words';
import type { ExchangeResponseShape, RedactedRequest } from '../exchange/exchange';
import { headerValue, requestTarget, trimHeaderValues } from '../exchange/http-message';
import { builtinProviders } from '../providers/builtin-providers';
import { JWT_SECRET_PATTERN, type EnvironmentProfile, type OperationProfile, type ProviderProfile } from '../providers/provider-profile';
import { isKnownPath, matchOperation, matchRoute, operationsFor, scopeSatisfied } from '../providers/route-match';
import { secretShape } from '../vault/secret-shape';
import { parseErrorEnvelope, type ErrorFacts } from './error-envelope';
import type { Finding, FindingCode } from './finding';
import { decodeJwtParts } from './jwt-claims';
import { misplacedCredential } from './misplaced-credential';
import { isPlaceholder } from './placeholder';
import { presentedCredential, secretLooksLive } from './presented-credential';
import { suggestPath } from './suggest-path';

/** What diagnosis reads of a request: the exchange's shape, without the body. */
export type DiagnosedRequest = Omit<RedactedRequest, 'body'>;
/** What diagnosis reads of an answer: the exchange's shape; a pasted curl may come without a body. */
export type DiagnosedResponse = Omit<ExchangeResponseShape, 'body' | 'truncated'> & { body?: string };

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
  request: DiagnosedRequest;
  response?: DiagnosedResponse;
  credential?: KnownCredential;
  /** The environment the URL points at, when known (by base URL). */
  environment?: EnvironmentProfile;
  /** The request target relative to the API's base URL (`/v1/agents?limit=5`); defaults to the URL's, as sent. */
  path?: string;
  /** Every provider Keyhole knows, to name a key sent to the wrong vendor; defaults to the built-in ones. */
  providers?: readonly ProviderProfile[];
  now: Date;
}

type Draft = Omit<Finding, 'source'>;

/**
 * The diagnosis engine: pure and table-driven from the provider profile. Works from the request alone
 * (preflight), from the response alone (a customer's pasted exchange, credential unknown), or both.
 */
export function diagnoseExchange(given: DiagnoseInput): Finding[] {
  const input = atEntry(given);
  // What the request shows is worked out once, for the predictions and for reading the answer.
  const request = requestContext(input);
  const predicted = predict(request).map((f) => ({ ...f, source: 'preflight' as const, retryable: false }));
  if (!input.response) return predicted;
  // A success answers every prediction that the credential would be refused: only advice stays.
  const preflight = input.response.status < 300 ? predicted.filter((f) => !REFUSAL_PREDICTIONS.has(f.code) || isQueryPlacement(f)) : predicted;
  // Successful answers have no error envelope: their bodies (often large) are not parsed here.
  const facts = input.response.status >= 400 ? parseErrorEnvelope(input.profile, input.response.body, input.response.headers) : {};
  const retryable = retryGuidance(input.profile, input.response.status) && (input.response.status < 500 || safeToResend(input));
  const observed = fromResponse(request, input.response, facts).map((f) => ({
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

/** HTTP's rules once, at the entry: header values without optional whitespace, the target as sent. */
function atEntry(input: DiagnoseInput): DiagnoseInput & { path: string } {
  return { ...input, request: { ...input.request, headers: trimHeaderValues(input.request.headers) }, path: input.path ?? requestTarget(input.request.url) };
}

/** Predictions that a 2xx answer proves wrong. */
const REFUSAL_PREDICTIONS = new Set<FindingCode>([
  'AUTH_MISSING',
  'AUTH_MALFORMED',
  'KEY_INVALID',
  'KEY_REVOKED',
  'TOKEN_EXPIRED',
  'WRONG_HEADER',
  'WRONG_PROVIDER',
  'WRONG_CREDENTIAL_KIND',
  'SCOPE_MISSING',
  'SCOPE_OPT_IN_REQUIRED',
  'SCOPES_EMPTY',
  'ROLE_REQUIRED',
  'TENANT_CONTEXT_MISSING',
]);
/** A key in the query string still leaks into every log when the server accepts it. */
const isQueryPlacement = (f: Draft) => f.code === 'WRONG_HEADER' && (f.foundIn ?? '').startsWith('query');

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * After a 5xx the first attempt may have taken effect: a side-effecting call (POST, PATCH) is safe to
 * send again only with an `Idempotency-Key`, which makes the provider answer a repeat without repeating it.
 */
function safeToResend(input: DiagnoseInput): boolean {
  return SAFE_METHODS.has(input.request.method.toUpperCase()) || headerValue(input.request.headers, 'Idempotency-Key') !== undefined;
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
  /** A key of another provider's, sent here. */
  foreign: ForeignKey | null;
  /** The credential's kind: the vault's record, else what the header or its misplacement says. */
  kind: ProviderProfile['credentialKinds'][number] | undefined;
  path: string;
  match: ReturnType<typeof matchRoute>;
  operation: OperationProfile | null;
  /** The route takes no credential in a header: it is public, or its token travels in the body. */
  credentialOptional: boolean;
}

/** A request presented well enough to be checked further (not missing, malformed, misplaced or a placeholder). */
const wellPresented = (c: RequestContext) =>
  c.presented && !c.presented.malformed && c.kind && !c.misplaced && !c.foreign && !isPlaceholder(c.presented.value) ? c.presented : null;
const jwtClaims = (c: RequestContext) => {
  const presented = wellPresented(c);
  return presented && c.kind?.id === 'jwt' ? decodeJwtParts(presented.value) : null;
};
const expiryOf = (claims: ReturnType<typeof decodeJwtParts>) => (typeof claims?.payload.exp === 'number' ? claims.payload.exp : null);

/** The preflight rules, in the order their findings are listed; each is tested on its own. */
export const PREFLIGHT_RULES: readonly { name: string; check: (c: RequestContext) => Draft[] }[] = [
  {
    name: 'credential presented',
    check: ({ input: { profile }, presented, misplaced, foreign, credentialOptional }) => {
      if (foreign) return [wrongProvider(profile, foreign)];
      if (misplaced) return [wrongHeader(misplaced.kind, misplaced.foundIn)];
      if (presented && (presented.value === '' || isPlaceholder(presented.value))) return [placeholder(presented)];
      if (!presented) {
        if (credentialOptional) return [];
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
    check: ({ input, path }) => {
      const problem = routeProblem(input.profile, input.request.method, path, 'info');
      return problem ? [problem] : [];
    },
  },
  {
    name: 'kind accepted by the route',
    check: ({ input: { profile }, match, kind, credentialOptional }) => {
      if (!match || !kind || credentialOptional || match.family.kinds.includes(kind.id)) return [];
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
    check: ({ input: { profile, credential }, match, kind, operation }) => {
      const required = match?.rule?.scope;
      // A role-only route is decided by the caller's role, whatever a key's scopes.
      if (!match || !credential || !kind?.scoped || !required || (operation?.roles.length ?? 0) > 0) return [];
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

function predict(context: RequestContext): Draft[] {
  // Logging in and refreshing send their secrets in the body: nothing to predict from headers.
  if (authRoute(context.input.profile, context.path) && !context.presented) return [];
  return PREFLIGHT_RULES.flatMap((rule) => rule.check(context));
}

function requestContext(input: DiagnoseInput & { path: string }): RequestContext {
  const { profile, request, credential, path } = input;
  const match = matchRoute(profile, request.method, path);
  const operation = matchOperation(profile, request.method, path);
  const presented = presentedCredential(profile, request.headers);
  const foreign = foreignKey(input);
  const misplaced = foreign ? null : misplacedCredential(profile, request);
  const kindId = credential?.kind ?? misplaced?.kind.id ?? presented?.kind?.id;
  const credentialOptional = (operation !== null && operation.auth !== 'credential') || authRoute(profile, path) !== null;
  return { input, presented, misplaced, foreign, kind: profile.credentialKinds.find((k) => k.id === kindId), path, match, operation, credentialOptional };
}

/** Which of the profile's login routes a path is (`login` or `refresh`), if any. */
function authRoute(profile: ProviderProfile, path: string): 'login' | 'refresh' | null {
  const bare = path.split('?')[0];
  if (!profile.login) return null;
  return bare === profile.login.path ? 'login' : bare === profile.login.refreshPath ? 'refresh' : null;
}

interface ForeignKey {
  provider: ProviderProfile;
  kind: ProviderProfile['credentialKinds'][number];
  foundIn: string;
}

/**
 * A key shaped like another provider's kind and like none of this one's (a Callaro sk_ key sent to
 * Call2Me), in any header or query parameter. JWTs look alike everywhere, so they never count.
 */
function foreignKey(input: DiagnoseInput): ForeignKey | null {
  const { profile, request } = input;
  const others = (input.providers ?? builtinProviders).filter((p) => p.id !== profile.id);
  if (others.length === 0) return null;
  const shaped = (kind: ProviderProfile['credentialKinds'][number], value: string) => {
    const { live, test } = secretShape(kind, value);
    return live || test;
  };
  const values: [string, string][] = Object.entries(request.headers).map(([name, raw]) => [`${name} header`, raw.replace(/^[A-Za-z][\w.+-]* +/, '')]);
  const at = request.url.indexOf('?');
  if (at !== -1) for (const [name, value] of new URLSearchParams(request.url.slice(at + 1).split('#')[0])) values.push([`query parameter ${name}`, value]);
  for (const [foundIn, value] of values) {
    if (value.startsWith('eyJ') || profile.credentialKinds.some((k) => shaped(k, value))) continue;
    for (const provider of others) {
      const kind = provider.credentialKinds.find((k) => k.secretPattern.live !== JWT_SECRET_PATTERN && shaped(k, value));
      if (kind) return { provider, kind, foundIn };
    }
  }
  return null;
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

/**
 * Not an auth problem: say so plainly, so nobody rotates a key over a typo in a payload. Only a
 * request that carried a credential had it accepted.
 */
const credentialFine = (c: ResponseContext) => {
  if (c.request.credentialOptional) return ' This route takes no credential; this is not an auth problem.';
  // Without a credential there is nothing to vouch for: AUTH_MISSING (a warning beside this) says so.
  return c.request.presented ? ' The credential was accepted; this is not an auth problem.' : '';
};

/**
 * What the server said, read through the profile: its error envelope, then the error table row for
 * the status and code, whose `finding` names the outcome; each outcome has one rule below.
 */
function fromResponse(requestFacts: RequestContext, response: DiagnosedResponse, facts: ErrorFacts): Draft[] {
  if (response.status < 400) return [];
  const input = requestFacts.input;
  const { profile } = input;
  const challenge = parseChallenge(Object.entries(response.headers).find(([k]) => k.toLowerCase() === 'www-authenticate')?.[1]);
  const code = facts.code ?? challenge.error;
  const row =
    profile.errors.find((e) => e.status === response.status && e.code === (code ?? null)) ??
    profile.errors.find((e) => e.status === response.status && e.code === null);
  const outcome = row?.finding ?? byStatus(response.status);
  const path = requestFacts.path;
  const context: ResponseContext = {
    input,
    request: requestFacts,
    response,
    facts,
    challenge,
    code,
    path,
    match: requestFacts.match,
    detail: facts.message ?? row?.meaning ?? `The server answered ${response.status}.`,
    fix: (fallback) => row?.fix ?? fallback,
  };
  const refused = response.status === 401 || response.status === 403;
  if (refused && requestFacts.foreign) return [wrongProvider(profile, requestFacts.foreign)];
  // A key also sent in its own header was read from there: a copy elsewhere (the query) is a leak, not the cause.
  const presented = requestFacts.presented;
  const presentedWell = presented?.kind && !presented.malformed && Object.values(secretShape(presented.kind, presented.value)).some(Boolean);
  if (refused && requestFacts.misplaced && !presentedWell) return [wrongHeader(requestFacts.misplaced.kind, requestFacts.misplaced.foundIn)];
  const auth = authRoute(profile, path) ?? (requestFacts.operation?.auth === 'body' ? 'refresh' : null);
  if (response.status === 401 && auth) return [authRouteRefused(context, auth)];
  const roles = requestFacts.operation?.roles ?? [];
  if (response.status === 403 && roles.length > 0) return [roleRequired(context, roles)];
  if (response.status === 405) return [methodNotAllowed(context)];
  if (/expired/i.test(challenge.error_description ?? '') && outcome === 'KEY_INVALID') return RESPONSE_RULES.TOKEN_EXPIRED!(context);
  const rule = outcome ? RESPONSE_RULES[outcome] : undefined;
  return rule ? rule(context) : [];
}

interface ResponseContext {
  input: DiagnoseInput;
  /** What the request alone shows. */
  request: RequestContext;
  response: DiagnosedResponse;
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
  if (status === 400 || status === 413 || status === 422 || status === 431) return 'VALIDATION_FAILED';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'SERVER_ERROR';
  return undefined;
}

const presentedKind = (c: ResponseContext) => c.input.credential?.kind ?? c.request.presented?.kind?.id;

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
    // Only a JWT is refreshed; an API key said to be "expired" reached its expiry date or was revoked.
    if (presentedKind(c) !== 'jwt') {
      return [
        {
          code: 'KEY_INVALID',
          severity: 'error',
          title: 'The provider says this key has expired',
          detail: c.detail,
          fix: 'The key passed the expiry it was minted with, or was revoked: use its replacement, or mint a new key.',
        },
      ];
    }
    return [{ code: 'TOKEN_EXPIRED', severity: 'error', title: 'The token has expired', detail: c.detail, fix: refreshFix(c.input.profile) }];
  },
  KEY_REVOKED: (c) => [
    { code: 'KEY_REVOKED', severity: 'error', title: 'The key was revoked', detail: c.detail, fix: c.fix('Use the key that replaced it, or mint a new one.') },
  ],
  KEY_INVALID: (c) => {
    const { profile } = c.input;
    const presented = c.request.presented;
    if (presented && (presented.value === '' || isPlaceholder(presented.value))) return [placeholder(presented)];
    if (!presented && c.request.credentialOptional) {
      return [
        {
          code: 'KEY_INVALID',
          severity: 'error',
          title: 'Refused, although this route takes no credential',
          detail: c.detail,
          fix: 'The route is public: check what the request body carries (a code, a token or a password) and that it is still valid.',
        },
      ];
    }
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
    if (presented.kind?.id === 'jwt') {
      const exp = expiryOf(decodeJwtParts(presented.value));
      if (/expired/i.test(c.detail) || (exp !== null && exp * 1000 <= c.input.now.getTime())) return RESPONSE_RULES.TOKEN_EXPIRED!(c);
    }
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
    // A user session (a JWT) carries its user's role, not scopes: "grant a scope on the key" would mislead.
    const session = profile.credentialKinds.find((k) => k.id === kind);
    if (session && !session.scoped && kind !== undefined) {
      return [
        {
          code: 'SCOPE_MISSING',
          severity: 'error',
          title: `The user's role does not allow this`,
          detail: `${c.detail} ${AOrAn(session.label)} acts with its user's role in ${profile.name}, not with scopes${required ? `; an API key would need ${required}` : ''}.`,
          fix: `Ask an admin for a role that may do this, or call it with an API key${required ? ` that holds ${required}` : ''}.`,
          ...(required ? { requiredScope: required } : {}),
        },
      ];
    }
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
    const problem = routeProblem(c.input.profile, c.input.request.method, c.path, 'warning', c.detail);
    if (problem) return [problem];
    const partner = presentedKind(c) === 'partner_api_key' && c.input.profile.tenantHeader;
    return [
      {
        code: 'RESOURCE_NOT_FOUND',
        severity: 'warning',
        title: `Not found: ${withoutQuery(c.path)}`,
        detail: `${c.detail}${credentialFine(c)}${partner ? ` As a partner, check ${c.input.profile.tenantHeader} names the tenant that owns it.` : ''}`,
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
          detail: `${!c.facts.message ? 'The server refused the request headers as too large (431) before reading the request.' : c.detail}${credentialFine(c)}`,
          fix: 'Send fewer or shorter headers: a cookie jar or a token pasted twice is the usual cause.',
        }
      : {
          code: 'VALIDATION_FAILED',
          severity: 'warning',
          title:
            c.response.status === 413
              ? 'The request body is too large'
              : c.facts.field
                ? `The request was refused: ${c.facts.field} is not valid`
                : 'The request was refused as invalid',
          detail: `${c.detail}${credentialFine(c)}`,
          fix: c.fix('Fix the request body and send again.'),
          ...(c.facts.field ? { field: c.facts.field } : {}),
        },
  ],
  CONFLICT: (c) => [
    {
      code: 'CONFLICT',
      severity: 'warning',
      title: 'The request conflicts with the current state',
      detail: `${c.detail}${credentialFine(c)}`,
      fix: c.fix('Read the current state before trying again.'),
    },
  ],
  WALLET_EMPTY: (c) => [
    {
      code: 'WALLET_EMPTY',
      severity: 'warning',
      title: 'The wallet is too low for this',
      detail: `${c.detail}${credentialFine(c)}`,
      fix: c.fix('Top up the wallet, then retry.'),
    },
  ],
  SERVER_ERROR: (c) => [
    {
      code: 'SERVER_ERROR',
      severity: 'warning',
      title: `${c.input.profile.name} failed (${c.response.status})`,
      detail: `${c.detail}${credentialFine(c)}`,
      fix: `${resendAdvice(c)}${c.facts.requestId ? ` Quote request id ${c.facts.requestId} to ${c.input.profile.name} support.` : ''}`,
    },
  ],
};

function wrongHeader(kind: { id: string; label: string; header: { name: string; format: string } }, foundIn: string): Draft {
  const expected = `${kind.header.name}: ${kind.header.format.replace('{secret}', '<secret>')}`;
  return {
    code: 'WRONG_HEADER',
    severity: 'error',
    title: `${AOrAn(kind.label)} is sent in the ${foundIn}`,
    detail: `It looks like a ${kind.label}, which goes in "${expected}"${foundIn.startsWith('query') ? '; in a URL it also ends up in every proxy and server log' : ''}.`,
    fix: `Send it as "${expected}" instead.`,
    credentialKind: kind.id,
    expectedHeader: kind.header.name,
    foundIn,
  };
}

/** Findings name paths, never queries: a query may carry a secret, and it is not what a finding is about. */
const withoutQuery = (path: string) => path.split('?')[0]!;

/**
 * What is wrong with the path itself, if anything: a documented operation is right; a path one
 * rewrite away from one (separator, number, prefix, version, trailing slash) is WRONG_PATH; a path
 * under a route family of a partial profile is taken as known; anything else is UNKNOWN_ROUTE.
 */
function routeProblem(profile: ProviderProfile, method: string, path: string, severity: Draft['severity'], detail?: string): Draft | null {
  if (matchOperation(profile, method, path) || (isKnownPath(profile, method, path) && profile.operations.length === 0)) return null;
  const suggested = suggestPath(profile, method, path);
  if (!suggested && isKnownPath(profile, method, path)) return null;
  if (suggested) {
    return {
      code: 'WRONG_PATH',
      severity: severity === 'info' ? 'warning' : severity,
      title: `${withoutQuery(path)} is not a ${profile.name} route; ${suggested} is`,
      detail: `${detail ? `${detail} ` : ''}${profile.name}'s routes are under ${profile.pathPrefix || '/'} and spelled as its docs spell them.`,
      fix: `Use ${suggested}${path.includes('?') ? ', with the same query' : ''}.`,
      suggestedPath: suggested,
    };
  }
  return {
    code: 'UNKNOWN_ROUTE',
    severity,
    title: `${method} ${withoutQuery(path)} is not a known ${profile.name} route`,
    detail: detail ?? 'No route family in the profile covers it, so scopes and kinds cannot be checked.',
    fix: `Check the path against ${profile.name}'s API reference${profile.pathPrefix ? ` (routes start with ${profile.pathPrefix})` : ''}.`,
  };
}

/** How to get a fresh JWT, naming the profile's routes. */
function refreshFix(profile: ProviderProfile): string {
  if (!profile.login) return 'Refresh the token, or log in again for a new one.';
  return `Refresh it: POST ${profile.login.refreshPath} with the refresh token (or log in again with POST ${profile.login.path}).`;
}

/** A 401 from the login or refresh route: the secret in the body was refused, not a header. */
function authRouteRefused(c: ResponseContext, route: 'login' | 'refresh'): Draft {
  const login = c.input.profile.login?.path ?? 'the login route';
  return route === 'refresh'
    ? {
        code: 'TOKEN_EXPIRED',
        severity: 'error',
        title: 'The refresh token was not accepted',
        detail: `${c.detail} The refresh token is expired, revoked or already used.`,
        fix: `Log in again: POST ${login} with the email and password, and keep the new refresh token.`,
      }
    : {
        code: 'KEY_INVALID',
        severity: 'error',
        title: 'The login was refused',
        detail: c.detail,
        fix: `Check the email and password sent to POST ${login}; this route takes no key or token.`,
      };
}

/** A 405: the path is documented, the method is not (or the path is not known at all). */
function methodNotAllowed(c: ResponseContext): Draft {
  const method = c.input.request.method.toUpperCase();
  const methods = [...new Set(operationsFor(c.input.profile, c.path).map((o) => o.method))];
  return {
    code: 'UNKNOWN_ROUTE',
    severity: 'warning',
    title: `${method} is not allowed on ${withoutQuery(c.path)}`,
    detail: `${c.detail}${methods.length ? ` ${c.input.profile.name} documents ${methods.join(', ')} there.` : ''}${credentialFine(c)}`,
    fix: methods.length ? `Use ${methods.join(' or ')}, or check the path.` : `Check the method and path against ${c.input.profile.name}'s API reference.`,
  };
}

function roleRequired(c: ResponseContext, roles: readonly string[]): Draft {
  const role = roles.join(' or ');
  return {
    code: 'ROLE_REQUIRED',
    severity: 'error',
    title: `Only ${role} may call this route`,
    detail: `${c.detail} ${withoutQuery(c.path)} is decided by the caller's role; no scope on a key grants it.`,
    fix: `Call it with the JWT of a ${role} user, or ask one to do it.`,
    requiredRole: role,
  };
}

function placeholder(presented: NonNullable<ReturnType<typeof presentedCredential>>): Draft {
  const empty = presented.value === '';
  return {
    code: 'AUTH_MISSING',
    severity: 'error',
    title: empty ? `The ${presented.header} header is empty` : `The ${presented.header} header holds a placeholder, not a key`,
    detail: empty
      ? 'The header is there with no secret in it: usually a shell variable that was not set.'
      : `"${presented.value}" is text from an example, sent as it stands.`,
    fix:
      /^\$|^%/.test(presented.value) || empty
        ? 'Set the variable in this shell (export it), and quote the header with double quotes so the shell expands it; or use `keyhole run`.'
        : 'Replace the placeholder with the real key or token.',
  };
}

function wrongProvider(profile: ProviderProfile, foreign: ForeignKey): Draft {
  return {
    code: 'WRONG_PROVIDER',
    severity: 'error',
    title: `${AOrAn(`${foreign.provider.name} ${foreign.kind.label}`)} is sent to ${profile.name}`,
    detail: `The ${foreign.foundIn} holds a key shaped like ${foreign.provider.name}'s (${foreign.kind.secretHint ?? foreign.kind.label}); ${profile.name} does not know it.`,
    fix: `Use a ${profile.name} credential (${profile.credentialKinds
      .filter((k) => k.customerIssued)
      .map((k) => `${k.header.name}: ${k.header.format.replace('{secret}', '<secret>')}`)
      .join(' or ')}), or send this key to ${foreign.provider.name}.`,
    keyProvider: foreign.provider.id,
    credentialKind: foreign.kind.id,
    foundIn: foreign.foundIn,
  };
}

/** Retry advice after a 5xx, by whether a repeat could repeat the side effect. */
function resendAdvice(c: ResponseContext): string {
  const method = c.input.request.method.toUpperCase();
  if (SAFE_METHODS.has(method) || !retryGuidance(c.input.profile, c.response.status)) return c.fix('Retry with backoff.');
  if (headerValue(c.input.request.headers, 'Idempotency-Key') !== undefined)
    return 'Retry with backoff and the same Idempotency-Key: the provider answers a repeat without repeating it.';
  const supported = c.request.operation?.idempotent ? ' (this route supports one)' : '';
  return `Not safe to retry without an Idempotency-Key${supported}: the first ${method} may have taken effect. Check its result (list or get the resource) before sending it again, and send an Idempotency-Key from now on.`;
}

/** RFC 6750 `WWW-Authenticate: Bearer realm="x", error="...", scope="..."`. */
export function parseChallenge(value: string | undefined): { error?: string; scope?: string; error_description?: string } {
  if (!value || !/^Bearer\b/i.test(value)) return {};
  const params: Record<string, string> = {};
  for (const [, key, quoted, bare] of value.matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)) params[key!] = quoted ?? bare ?? '';
  return { error: params.error, scope: params.scope, error_description: params.error_description };
}
