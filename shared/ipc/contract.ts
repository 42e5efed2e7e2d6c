import { z } from 'zod';
import { KeychainStatus, SecretsMode } from '../vault/keychain-status';
import { HistoryRetention, Settings } from '../settings/settings';
import { EnvironmentProfile, ProviderProfile } from '../providers/provider-profile';
import { AuditEntry, AuditFilter } from '../vault/audit';
import { Finding } from '../diagnosis/finding';
import { ExchangeResponse, RedactedRequest, SendRequest, SentExchange, Timings, TrafficFilter } from '../exchange/exchange';
import { SavedRequest, SavedRequestInput } from '../exchange/saved-request';
import { Credential, CredentialEdit, NewCredential } from '../vault/credential';
import { CredentialWarning } from '../vault/credential-warnings';
import { Rotation, TrafficEvidence } from '../rotation/rotation';

/**
 * The one list of IPC channels. The preload, the web shell's client and the handler registry are all
 * derived from it, so a channel cannot exist on one side only. Names are `area:verb`.
 */
const NoInput = z.object({}).strict();

export const AppStatus = z.object({
  version: z.string(),
  shell: z.enum(['electron', 'web', 'cli']),
  dataDir: z.string(),
  databaseFile: z.string(),
  schemaVersion: z.number().int(),
  keychain: KeychainStatus,
  secretsMode: SecretsMode,
});
export type AppStatus = z.infer<typeof AppStatus>;

const Saved = z.object({ credential: Credential, warnings: z.array(CredentialWarning) });
const Ref = z.object({ id: z.string().min(1) }).strict();
const EnvImport = z
  .object({
    text: z.string().min(1).max(1_000_000),
    providerId: z.string(),
    environmentId: z.string(),
    kind: z.string(),
    /** Accept unquoted values cut short at "#" (shown in the preview with how much was kept). */
    allowInlineComments: z.boolean().default(false),
  })
  .strict();

export const ImportPreviewEntry = z.object({
  name: z.string(),
  line: z.number().int(),
  fingerprint: z.string(),
  last4: z.string(),
  /** The value read is shorter than the line (an unquoted "#"): characters kept of those written. */
  cut: z.object({ kept: z.number().int(), written: z.number().int() }).nullable(),
  warnings: z.array(CredentialWarning),
});

export const Reconciliation = z.object({ orphanAccounts: z.array(z.string()), missingSecrets: z.array(z.string()) });

export const contract = {
  'app:status': { input: NoInput, output: AppStatus },
  'secrets:use-memory': { input: NoInput, output: AppStatus },
  'settings:get': { input: NoInput, output: Settings },
  'settings:update': { input: Settings.partial().strict(), output: Settings },

  'providers:list': { input: NoInput, output: z.array(ProviderProfile) },
  'providers:import': { input: z.object({ text: z.string().max(1_000_000), source: z.string().max(300).optional() }).strict(), output: ProviderProfile },
  'environments:add': { input: z.object({ providerId: z.string(), environment: EnvironmentProfile }).strict(), output: ProviderProfile },
  'environments:set-url': {
    input: z.object({ providerId: z.string(), environmentId: z.string(), baseUrl: z.string().nullable() }).strict(),
    output: ProviderProfile,
  },

  'vault:list': {
    input: z.object({ providerId: z.string().optional(), environmentId: z.string().optional(), query: z.string().max(200).optional() }).strict(),
    output: z.array(Credential),
  },
  'vault:show': { input: Ref, output: Saved },
  'vault:check': { input: NewCredential, output: z.array(CredentialWarning) },
  'vault:add': { input: NewCredential.strict(), output: Saved },
  'vault:update': { input: z.object({ id: z.string().min(1), edit: CredentialEdit.strict() }).strict(), output: Saved },
  'vault:remove': { input: Ref, output: Credential },
  'vault:copy': { input: Ref, output: z.object({ clearsInSeconds: z.number() }) },
  'vault:health': { input: NoInput, output: Reconciliation },
  'vault:remove-orphans': { input: z.object({ accounts: z.array(z.string()).max(10_000) }).strict(), output: z.object({ removed: z.number() }) },
  'vault:import-preview': { input: EnvImport, output: z.array(ImportPreviewEntry) },
  'vault:import': { input: EnvImport, output: z.array(Saved) },

  /** The second step of a first send to a new origin, in the web shell: the code printed in its terminal. */
  'origins:confirm': {
    input: z.object({ credential: z.string().min(1), origin: z.string().min(1).max(300), code: z.string().regex(/^\d{6}$/, 'the 6-digit code from the terminal') }).strict(),
    output: z.object({ origins: z.array(z.string()) }),
  },

  'send:preflight': { input: SendRequest.strict(), output: z.object({ request: RedactedRequest, findings: z.array(Finding) }) },
  'send:execute': { input: SendRequest.strict(), output: SentExchange },

  'requests:list': { input: z.object({ providerId: z.string().optional() }).strict(), output: z.array(SavedRequest) },
  'requests:save': { input: SavedRequestInput, output: SavedRequest },
  'requests:remove': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ removed: z.boolean() }) },

  'traffic:list': {
    input: TrafficFilter.strict(),
    output: z.array(
      z.object({
        id: z.number(),
        at: z.string(),
        source: z.string(),
        method: z.string(),
        path: z.string(),
        status: z.number().nullable(),
        fingerprint: z.string().nullable(),
        credentialName: z.string().nullable(),
        findingCodes: z.array(z.string()),
      }),
    ),
  },
  'traffic:export': { input: TrafficFilter.strict(), output: z.object({ filename: z.string(), mediaType: z.string(), content: z.string() }) },
  /** Saves the retention setting and prunes history to it now. */
  'traffic:prune': { input: HistoryRetention.strict(), output: z.object({ retention: HistoryRetention, removed: z.number(), remaining: z.number() }) },
  /** Least privilege: the scopes a credential's recorded traffic used, against the ones it holds. */
  'traffic:advise': {
    input: Ref,
    output: z.object({
      held: z.array(z.string()),
      used: z.array(z.object({ scope: z.string(), requests: z.number() })),
      minimal: z.array(z.string()),
      unused: z.array(z.string()),
      flagged: z.array(z.object({ scope: z.string(), why: z.string() })),
      requestsConsidered: z.number(),
      unserved: z.number(),
      narrower: z.boolean(),
    }),
  },
  'proxy:start': {
    input: z.object({ providerId: z.string(), environmentId: z.string(), port: z.number().int().min(0).max(65535).optional() }).strict(),
    output: z.object({ providerId: z.string(), environmentId: z.string(), listen: z.string(), upstream: z.string() }),
  },
  'proxy:stop': { input: z.object({ providerId: z.string(), environmentId: z.string() }).strict(), output: z.object({ stopped: z.boolean() }) },
  'proxy:list': {
    input: NoInput,
    output: z.object({
      running: z.array(z.object({ providerId: z.string(), environmentId: z.string(), listen: z.string(), upstream: z.string() })),
      recorder: z.object({ queued: z.number(), written: z.number(), dropped: z.number() }),
    }),
  },

  'rotation:list': {
    input: NoInput,
    output: z.object({
      rotations: z.array(Rotation),
      due: z.array(z.object({ credentialId: z.string(), credentialName: z.string(), environmentId: z.string(), ageDays: z.number(), maxAgeDays: z.number() })),
    }),
  },
  'rotation:start': {
    input: z.object({ credential: z.string().min(1), name: z.string().max(80).optional(), scopes: z.array(z.string().min(1)).optional(), quietMinutes: z.number().int().min(0).max(10_080).optional() }).strict(),
    output: Rotation,
  },
  /** No secret: mint through the provider's API. A pasted secret goes to the keychain and never comes back. */
  'rotation:mint': { input: z.object({ id: z.string().min(1), secret: z.string().min(1).max(16_384).optional() }).strict(), output: Rotation },
  'rotation:add-target': { input: z.object({ id: z.string().min(1), target: z.string().min(1).max(120) }).strict(), output: Rotation },
  'rotation:deploy': { input: z.object({ id: z.string().min(1), target: z.string().min(1).max(120), note: z.string().max(500).default('') }).strict(), output: Rotation },
  /** `checkProvider` asks the provider's audit log now; otherwise at most once a minute. */
  'rotation:evidence': { input: z.object({ id: z.string().min(1), checkProvider: z.boolean().default(false) }).strict(), output: TrafficEvidence },
  'rotation:verify': { input: Ref, output: Rotation },
  'rotation:revoke': { input: z.object({ id: z.string().min(1), override: z.string().max(500).optional(), confirmed: z.boolean().optional() }).strict(), output: Rotation },
  'rotation:abort': { input: z.object({ id: z.string().min(1), reason: z.string().min(1).max(500) }).strict(), output: Rotation },

  'history:recent': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(),
    output: z.array(
      z.object({ id: z.number(), at: z.string(), source: z.string(), method: z.string(), url: z.string(), status: z.number().nullable(), findingCodes: z.array(z.string()) }),
    ),
  },
  'history:get': {
    input: z.object({ id: z.number().int() }).strict(),
    output: z.object({
      id: z.number(),
      at: z.string(),
      source: z.string(),
      providerId: z.string().nullable(),
      environmentId: z.string().nullable(),
      credentialId: z.string().nullable(),
      path: z.string(),
      request: RedactedRequest,
      response: ExchangeResponse.nullable(),
      timings: Timings.nullable(),
      findings: z.array(Finding),
      error: z.string().nullable(),
    }),
  },
  /** Resends a recorded exchange signed by any vault credential of the same provider. */
  'history:replay': { input: z.object({ id: z.number().int(), credential: z.string().min(1) }).strict(), output: SentExchange },
  'history:bundle': {
    input: z.object({ ids: z.array(z.number().int()).min(1).max(1000) }).strict(),
    output: z.object({ filename: z.string(), mediaType: z.string(), content: z.string() }),
  },

  'diagnose:paste': {
    input: z
      .object({
        format: z.enum(['curl', 'raw', 'har']),
        text: z.string().min(1).max(5_000_000),
        status: z.number().int().min(100).max(599).optional(),
        responseBody: z.string().max(1_000_000).optional(),
      })
      .strict(),
    output: z.array(
      z.object({
        provider: z.string().nullable(),
        environment: z.string().nullable(),
        placedBy: z.enum(['host', 'path', 'credential']).nullable(),
        request: RedactedRequest,
        response: ExchangeResponse.nullable(),
        status: z.number().nullable(),
        findings: z.array(Finding),
      }),
    ),
  },
  'jwt:inspect': {
    input: z
      .object({
        token: z.string().min(1).max(100_000),
        key: z.discriminatedUnion('type', [
          z.object({ type: z.literal('none') }),
          z.object({ type: z.literal('secret'), value: z.string().min(1) }),
          z.object({ type: z.literal('pem-or-jwk'), value: z.string().min(1) }),
          z.object({ type: z.literal('jwks-url'), value: z.url() }),
        ]),
      })
      .strict(),
    output: z.object({
      header: z.record(z.string(), z.unknown()),
      payload: z.record(z.string(), z.unknown()),
      times: z.record(z.string(), z.object({ at: z.string(), relative: z.string() }).nullable()),
      signature: z.object({ verified: z.boolean().nullable(), reason: z.string().nullable() }),
      expired: z.boolean().nullable(),
      findings: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
    }),
  },

  'jwt:mint': {
    input: z
      .object({
        signingCredential: z.string().min(1),
        claims: z.string().min(2).max(100_000),
        alg: z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']),
        expiresInSeconds: z.number().int().positive().nullable(),
        name: z.string().trim().min(1).max(80),
      })
      .strict(),
    output: Saved,
  },
  'session:login': {
    input: z.object({ providerId: z.string(), environmentId: z.string(), name: z.string(), email: z.string(), password: z.string() }).strict(),
    output: Credential,
  },

  'sandbox:status': { input: NoInput, output: z.object({ running: z.boolean(), baseUrls: z.record(z.string(), z.string()).nullable() }) },
  'sandbox:seed-demo': { input: NoInput, output: z.array(Credential) },

  'audit:list': { input: AuditFilter.strict(), output: z.array(AuditEntry) },
  'audit:export': {
    input: z.object({ format: z.enum(['csv', 'json']), filter: AuditFilter.strict().default({ limit: 10_000 }) }).strict(),
    output: z.object({ filename: z.string(), mediaType: z.string(), content: z.string() }),
  },
} as const satisfies Record<`${string}:${string}`, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** What a caller passes (before defaults) and what a handler receives (after parsing). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
