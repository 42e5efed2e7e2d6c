import { z } from 'zod';
import { FindingCode } from '../diagnosis/finding';
import { linearPatternProblem } from '../security/linear-pattern';
import { plainLine, plainProse } from '../security/plain-text';

/**
 * A provider profile: one API's auth model, as data. Built-ins live beside this file; users import
 * more as JSON files validated by this schema (errors name the field).
 */
const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" or "_"');
const HttpMethod = z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** An HTTP header name: an RFC 9110 token, so nothing can smuggle CR/LF into a request. */
const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "not a valid header name (letters, digits and !#$%&'*+.^_`|~- only)");
/** Where a value sits in a JSON body: `error.code`, `request_id`, `data.key`. */
const JsonPath = z.string().regex(/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*){0,7}$/, 'a dotted path like error.code');
/** What a person reads from a profile: a label on one line, or a sentence or two. */
const Label = plainLine(200).min(1);
const Prose = plainProse(2000);
const ApiPath = z.string().regex(/^\/[A-Za-z0-9._~{}/-]*$/, 'a path like /v1/agents');

export const EnvironmentProfile = z.object({
  id: Id,
  label: Label,
  /** null: not documented; the user sets it (`keyhole env set-url`, or "Try it" for the sandbox environments). */
  baseUrl: z
    .url({ protocol: /^https?$/ })
    // A user name or password in a URL would sit in the clear in the database, the audit log and every log line.
    .refine(
      (url) => !/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url),
      "a base URL cannot hold a user name or password; put the gateway's credential in a vault key instead",
    )
    .nullable(),
  /** Live environments carry real traffic and money; keys for them must look live. */
  live: z.boolean(),
  /** Set by Keyhole on environments the user added (they can be removed); ignored in imported profiles. */
  added: z.boolean().optional(),
});
export type EnvironmentProfile = z.infer<typeof EnvironmentProfile>;

export const CredentialKindProfile = z.object({
  id: Id,
  label: Label,
  /** How the secret travels: header name and a template with `{secret}`. */
  header: z.object({ name: HeaderName, format: z.string().max(200).includes('{secret}') }),
  /** Regular expressions a secret of this kind matches, for live and for test environments. */
  secretPattern: z.object({ live: z.string().max(500), test: z.string().max(500) }),
  /** The expected shape in words, with an example, for people (never the regex). */
  secretHint: Label.optional(),
  /** What the credential is bound to: decides whether a tenant or workspace id is asked for. */
  boundTo: z.enum(['none', 'tenant', 'partner', 'workspace']),
  /** Whether scopes apply to this kind (JWT sessions take their rights from the user's role). */
  scoped: z.boolean(),
  /** Issued to customers? Runtime server keys are not. */
  customerIssued: z.boolean(),
  usage: Prose,
  /** "Test key": one cheap read-only request that shows the key authenticates (null: none named). */
  testRequest: z
    .object({ method: z.literal('GET'), path: z.string().startsWith('/').max(300) })
    .nullable()
    .default(null),
});
export type CredentialKindProfile = z.infer<typeof CredentialKindProfile>;

/** The header names a profile's credentials travel in, lower-cased: what a replayed or drafted request leaves out. */
export const credentialHeaderNames = (profile: { credentialKinds: readonly Pick<CredentialKindProfile, 'header'>[] }): Set<string> =>
  new Set(profile.credentialKinds.map((kind) => kind.header.name.toLowerCase()));

export const ScopeProfile = z.object({
  id: plainLine(100).min(1),
  description: Prose,
  access: z.enum(['read', 'write', 'admin']),
  /** Never part of defaults; must be asked for explicitly. */
  optIn: z.boolean().default(false),
  /** Scopes this one includes (Call2Me's write includes read). */
  implies: z.array(z.string()).default([]),
  /** Blast-radius group, for the "split this key" warning (campaigns, billing, contacts...). */
  group: z.string().optional(),
});
export type ScopeProfile = z.infer<typeof ScopeProfile>;

export const RouteFamilyProfile = z.object({
  id: Id,
  label: Label,
  /** Path templates, `{name}` for a segment; a family matches a template or anything below it. */
  paths: z.array(ApiPath).min(1).max(100),
  /** Which scope each method needs; a method not listed is not supported on the family. */
  scopes: z.array(z.object({ methods: z.array(HttpMethod).min(1), scope: z.string().nullable() })).min(1),
  kinds: z.array(z.string()).min(1),
  /** Partner keys acting for a tenant must select it with the tenant header. */
  tenantHeader: z.enum(['none', 'required-for-partner']).default('none'),
});
export type RouteFamilyProfile = z.infer<typeof RouteFamilyProfile>;

/**
 * One documented operation: a method on an exact path template (a trailing slash is part of it, as
 * in the vendor's reference). Generated from an OpenAPI document or typed from the vendor's pages.
 */
export const OperationProfile = z.object({
  method: HttpMethod,
  path: ApiPath,
  /** `credential`: a key or token in its header; `none`: public (sign-up, widget embeds); `body`: the token travels in the body (refresh, login). */
  auth: z.enum(['credential', 'none', 'body']).default('credential'),
  /** Top-level body fields the contract marks required. */
  requiredBody: z.array(z.string().max(100)).max(100).default([]),
  /** Roles that alone may call it, whatever a key's scopes (Callaro's super_admin grant). */
  roles: z.array(plainLine(100)).max(20).default([]),
  /** The vendor documents `Idempotency-Key` here: a retry with the same key is safe. */
  idempotent: z.boolean().default(false),
});
export type OperationProfile = z.infer<typeof OperationProfile>;

export const ErrorRowProfile = z.object({
  status: z.number().int().min(400).max(599),
  /** The error code the envelope carries; null for "any code, or none" at this status. */
  code: plainLine(100).nullable(),
  meaning: Prose,
  fix: Prose,
  /** What the diagnosis reports for this row; without it the status decides. */
  finding: FindingCode.optional(),
});

/** Where a provider's error body keeps its facts; a profile lists every shape its API is known to use. */
export const ErrorEnvelopeProfile = z.object({
  code: JsonPath.optional(),
  message: JsonPath.optional(),
  /** The field a validation error names; an object here means its first key. */
  field: JsonPath.optional(),
  requestId: JsonPath.optional(),
});
export type ErrorEnvelopeProfile = z.infer<typeof ErrorEnvelopeProfile>;

/** Retry guidance for a status (`429`) or a class (`5xx`). */
export const RetryRuleProfile = z.object({
  status: z.string().regex(/^[1-5](?:\d\d|xx)$/, 'a status like 429 or a class like 5xx'),
  retryable: z.boolean(),
  advice: z.string().max(500),
});

export const RateLimitHeadersProfile = z.object({
  limit: HeaderName.nullable().default(null),
  remaining: HeaderName.nullable().default(null),
  reset: HeaderName.nullable().default(null),
  retryAfter: HeaderName.nullable().default('Retry-After'),
});

/**
 * The key-management API, as data, so rotation can mint (and, where the provider documents it, list,
 * revoke and audit) keys of an imported profile too. Body values are templates: `{name}`, `{scopes}`
 * (the planned list), `{scope}` (the widest planned scope, for one-scope keys), `{read_only}` (whether
 * the plan is read-only), `{tenant}`.
 */
export const KeyManagementProfile = z.object({
  mint: z.object({
    method: HttpMethod,
    path: ApiPath,
    kinds: z.array(z.string()).min(1),
    body: z.record(z.string().max(100), z.enum(['{name}', '{scopes}', '{scope}', '{read_only}', '{tenant}'])),
    secretPath: JsonPath,
    idPath: JsonPath,
    emptyScopesRejected: z.boolean().default(false),
  }),
  /** null where the provider documents no such route: rotation then asks the user to confirm. */
  /**
   * The keys the provider lists: `itemsPath` null when the answer is the list itself; a key is told
   * apart by its last four characters or by the prefix the provider shows; revoked when `revoked` is
   * true or `active` is false.
   */
  list: z
    .object({
      path: ApiPath,
      itemsPath: JsonPath.nullable().default(null),
      id: JsonPath,
      name: JsonPath,
      last4: JsonPath.nullable().default(null),
      prefix: JsonPath.nullable().default(null),
      revoked: JsonPath.nullable().default(null),
      active: JsonPath.nullable().default(null),
    })
    .nullable()
    .default(null),
  revoke: z.object({ method: HttpMethod, path: ApiPath }).nullable().default(null),
  audit: z.object({ path: ApiPath, entriesPath: JsonPath }).nullable().default(null),
});
export type KeyManagementProfile = z.infer<typeof KeyManagementProfile>;

export const LoginProfile = z.object({ path: ApiPath, refreshPath: ApiPath });

export const DecisionRowProfile = z.object({ scenario: Prose, kind: z.string().max(100), why: Prose });

/** A compact JWT (three base64url parts): the same shape live or test, so both patterns are this. */
export const JWT_SECRET_PATTERN = '^eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*$';

export const ProviderProfile = z
  .object({
    id: Id,
    name: Label,
    /** Defaults chosen where the source documents were silent, said out loud. */
    notes: z.array(Prose).max(50).default([]),
    tenantHeader: HeaderName.nullable().default(null),
    /** What every documented path starts with (`/api/v1`); a 404 elsewhere suggests the path under it. */
    pathPrefix: z
      .string()
      .regex(/^(?:\/[A-Za-z0-9._~-]+)*$/, 'a prefix like /api/v1')
      .default(''),
    errorEnvelopes: z.array(ErrorEnvelopeProfile).default([]),
    requestIdHeader: HeaderName.nullable().default('X-Request-Id'),
    rateLimitHeaders: RateLimitHeadersProfile.default({ limit: null, remaining: null, reset: null, retryAfter: 'Retry-After' }),
    retry: z.array(RetryRuleProfile).default([]),
    keyManagement: KeyManagementProfile.nullable().default(null),
    login: LoginProfile.nullable().default(null),
    environments: z.array(EnvironmentProfile).min(1),
    credentialKinds: z.array(CredentialKindProfile).min(1),
    scopes: z.array(ScopeProfile),
    routeFamilies: z.array(RouteFamilyProfile),
    /** Every documented operation; what diagnosis calls a known route and suggests in place of a wrong one. */
    operations: z.array(OperationProfile).max(5000).default([]),
    /**
     * `complete`: a path no operation matches is not a route of this API (a generated profile).
     * `partial`: the docs list only some routes, so a path under a route family counts as known too.
     */
    routeCoverage: z.enum(['complete', 'partial']).default('partial'),
    errors: z.array(ErrorRowProfile),
    decisionTable: z.array(DecisionRowProfile).default([]),
  })
  .superRefine((profile, ctx) => {
    const scopeIds = new Set(profile.scopes.map((s) => s.id));
    const kindIds = new Set(profile.credentialKinds.map((k) => k.id));
    const unique = (values: string[], path: string) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [path, index, 'id'], message: `duplicate id "${value}"` });
        seen.add(value);
      });
    };
    unique(
      profile.environments.map((e) => e.id),
      'environments',
    );
    unique(
      profile.credentialKinds.map((k) => k.id),
      'credentialKinds',
    );
    unique(
      profile.scopes.map((s) => s.id),
      'scopes',
    );
    profile.credentialKinds.forEach((kind, index) => {
      for (const which of ['live', 'test'] as const) {
        try {
          new RegExp(kind.secretPattern[which]);
        } catch (error) {
          ctx.addIssue({
            code: 'custom',
            path: ['credentialKinds', index, 'secretPattern', which],
            message: `not a valid regular expression: ${(error as Error).message}`,
          });
          continue;
        }
        const problem = linearPatternProblem(kind.secretPattern[which]);
        if (problem)
          ctx.addIssue({ code: 'custom', path: ['credentialKinds', index, 'secretPattern', which], message: `could take too long to match: ${problem}` });
      }
    });
    profile.scopes.forEach((scope, index) =>
      scope.implies.forEach((implied, j) => {
        if (!scopeIds.has(implied)) {
          ctx.addIssue({ code: 'custom', path: ['scopes', index, 'implies', j], message: `unknown scope "${implied}"` });
        }
      }),
    );
    profile.routeFamilies.forEach((family, index) => {
      family.kinds.forEach((kind, j) => {
        if (!kindIds.has(kind)) {
          ctx.addIssue({ code: 'custom', path: ['routeFamilies', index, 'kinds', j], message: `unknown credential kind "${kind}"` });
        }
      });
      family.scopes.forEach((rule, j) => {
        if (rule.scope !== null && !scopeIds.has(rule.scope)) {
          ctx.addIssue({ code: 'custom', path: ['routeFamilies', index, 'scopes', j, 'scope'], message: `unknown scope "${rule.scope}"` });
        }
      });
    });
    profile.decisionTable.forEach((row, index) => {
      if (!kindIds.has(row.kind)) {
        ctx.addIssue({ code: 'custom', path: ['decisionTable', index, 'kind'], message: `unknown credential kind "${row.kind}"` });
      }
    });
  });
export type ProviderProfile = z.infer<typeof ProviderProfile>;
export type ProviderProfileInput = z.input<typeof ProviderProfile>;
