import { Reconciliation } from '../vault/reconciliation';
import { z } from 'zod';
import { KeychainStatus, SecretsMode } from '../vault/keychain-status';
import { LeastPrivilegeAdvice } from '../advisor/least-privilege';
import { JwtInspection, JwtKeyInput } from '../diagnosis/jwt-inspection';
import { PastedDiagnosis } from '../diagnosis/pasted-diagnosis';
import { Download } from '../export/download';
import { InterceptCa, InterceptStatus } from '../intercept/intercept';
import { LoginRequest } from '../vault/login';
import { HistoryRetention, Settings } from '../settings/settings';
import { EnvironmentProfile, ProviderProfile } from '../providers/provider-profile';
import { AuditEntry, AuditFilter } from '../vault/audit';
import { Finding } from '../diagnosis/finding';
import { DraftSource, HistoryEntry, RedactedRequest, RequestDraft, SendRequest, SentExchange, TrafficFilter, TrafficRow } from '../exchange/exchange';
import { SavedRequest, SavedRequestInput } from '../exchange/saved-request';
import { Credential, CredentialEdit, NewCredential } from '../vault/credential';
import { CredentialWarning } from '../vault/credential-warnings';
import { Rotation, RotationOverview, StartRotation, TrafficEvidence } from '../rotation/rotation';

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

const RotationPolicy = z.record(z.string(), z.number().nullable());
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

/** What any channel's input may weigh on the wire, as JSON, unless the channel says more. */
export const DEFAULT_INPUT_BYTES = 1024 * 1024;
/**
 * The JSON size of a channel whose input carries up to `chars` characters of text: any text that
 * length fits (three UTF-8 bytes a character, or an escape of two), plus room for the other fields.
 */
const textInput = (chars: number) => chars * 3 + 64 * 1024;

export const contract = {
  'app:status': { input: NoInput, output: AppStatus },
  'secrets:use-memory': { input: NoInput, output: AppStatus },
  'settings:get': { input: NoInput, output: Settings },
  'settings:update': { input: Settings.partial().strict(), output: Settings },

  'providers:list': { input: NoInput, output: z.array(ProviderProfile) },
  'providers:import': {
    maxInputBytes: textInput(1_000_000),
    input: z
      .object({
        text: z.string().max(1_000_000),
        source: z.string().max(300).optional(),
        /** `openapi`: an OpenAPI 3.0/3.1 document read into a profile; without it, a document with an `openapi` field is one. */
        format: z.enum(['profile', 'openapi']).optional(),
        /** The imported profile's id (an OpenAPI document's default is its title). */
        id: z
          .string()
          .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" or "_"')
          .max(60)
          .optional(),
      })
      .strict(),
    output: ProviderProfile,
  },
  'environments:add': { input: z.object({ providerId: z.string(), environment: EnvironmentProfile }).strict(), output: ProviderProfile },
  'environments:remove': { input: z.object({ providerId: z.string(), environmentId: z.string() }).strict(), output: ProviderProfile },
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
  /** "Test key": the kind's read-only test request, sent with the key, diagnosed and audited. */
  'vault:test': { input: Ref, output: SentExchange },
  'vault:health': { input: NoInput, output: Reconciliation },
  'vault:remove-orphans': { input: z.object({ accounts: z.array(z.string()).max(10_000) }).strict(), output: z.object({ removed: z.number() }) },
  'vault:import-preview': { input: EnvImport, output: z.array(ImportPreviewEntry), maxInputBytes: textInput(1_000_000) },
  'vault:import': { input: EnvImport, output: z.array(Saved), maxInputBytes: textInput(1_000_000) },

  /** The second step of a first send to a new origin, in the web shell: the code printed in its terminal. */
  'origins:confirm': {
    input: z
      .object({ credential: z.string().min(1), origin: z.string().min(1).max(300), code: z.string().regex(/^\d{10}$/, 'the 10-digit code from the terminal') })
      .strict(),
    output: z.object({ origins: z.array(z.string()) }),
  },

  /** A pasted URL or curl, or a recorded exchange, as an editable request (the URL bar, "Open in composer"). */
  'send:draft': { input: DraftSource, output: RequestDraft, maxInputBytes: textInput(5_000_000) },
  'send:preflight': { input: SendRequest.strict(), output: z.object({ request: RedactedRequest, findings: z.array(Finding) }) },
  'send:execute': { input: SendRequest.strict(), output: SentExchange, maxInputBytes: textInput(5_000_000) },

  'requests:list': { input: z.object({ providerId: z.string().optional() }).strict(), output: z.array(SavedRequest) },
  'requests:save': { input: SavedRequestInput, output: SavedRequest, maxInputBytes: textInput(1_000_000) },
  'requests:remove': { input: z.object({ id: z.number().int() }).strict(), output: z.object({ removed: z.boolean() }) },

  'traffic:list': { input: TrafficFilter.strict(), output: z.array(TrafficRow) },
  'traffic:export': { input: TrafficFilter.strict(), output: Download },
  /** A HAR file from a browser or another tool into history, every entry diagnosed and redacted. */
  'traffic:import-har': {
    maxInputBytes: textInput(50_000_000),
    input: z.object({ text: z.string().min(1).max(50_000_000), source: z.string().min(1).max(300).default('the HAR file') }).strict(),
    output: z.object({ imported: z.number(), withFindings: z.number() }),
  },
  /** Saves the retention setting and prunes history to it now. */
  'traffic:prune': { input: HistoryRetention.strict(), output: z.object({ retention: HistoryRetention, removed: z.number(), remaining: z.number() }) },
  /** Least privilege: the scopes a credential's served traffic used, against the ones it holds. */
  'traffic:advise': { input: Ref, output: LeastPrivilegeAdvice },
  'proxy:start': {
    input: z.object({ providerId: z.string(), environmentId: z.string(), port: z.number().int().min(0).max(65535).optional() }).strict(),
    output: z.object({ providerId: z.string(), environmentId: z.string(), listen: z.string(), upstream: z.string() }),
  },
  'proxy:stop': { input: z.object({ providerId: z.string(), environmentId: z.string() }).strict(), output: z.object({ stopped: z.boolean() }) },
  'proxy:list': {
    input: NoInput,
    output: z.object({
      running: z.array(z.object({ providerId: z.string(), environmentId: z.string(), listen: z.string(), upstream: z.string() })),
      /** `holding`: recording is behind, so proxies hold new requests until it catches up. */
      recorder: z.object({ queued: z.number(), written: z.number(), dropped: z.number(), trimmed: z.number(), trimming: z.boolean(), holding: z.boolean() }),
    }),
  },

  /**
   * The intercepting proxy: apps pointed at it (the environment lines) have their HTTPS calls to the
   * vendors' hosts decrypted and recorded. The lines carry this run's proxy password, a local one-off,
   * not a vendor secret.
   */
  'intercept:start': {
    input: z.object({ connectTo: z.array(z.string().min(1).max(600)).max(20).default([]) }).strict(),
    output: InterceptStatus,
  },
  'intercept:stop': { input: NoInput, output: z.object({ stopped: z.boolean() }) },
  'intercept:status': { input: NoInput, output: InterceptStatus },
  /** Keyhole's interception CA: its public certificate and fingerprint (created on first use; its key stays in the keychain). */
  'intercept:ca': { input: NoInput, output: InterceptCa },

  'rotation:list': { input: NoInput, output: RotationOverview },
  /** Rotation age per environment, in days (null: no reminder). */
  'rotation:policy': { input: NoInput, output: RotationPolicy },
  'rotation:set-policy': {
    input: z.object({ environmentId: z.string().min(1).max(64), maxAgeDays: z.number().int().min(1).max(3650).nullable() }).strict(),
    output: RotationPolicy,
  },
  'rotation:start': { input: StartRotation, output: Rotation },
  /** No secret: mint through the provider's API. A pasted secret goes to the keychain and never comes back. */
  'rotation:mint': { input: z.object({ id: z.string().min(1), secret: z.string().min(1).max(16_384).optional() }).strict(), output: Rotation },
  'rotation:add-target': {
    input: z.object({ id: z.string().min(1), target: z.string().min(1).max(120), note: z.string().max(500).default('') }).strict(),
    output: Rotation,
  },
  'rotation:deploy': {
    input: z.object({ id: z.string().min(1), target: z.string().min(1).max(120), note: z.string().max(500).default('') }).strict(),
    output: Rotation,
  },
  /** `checkProvider` asks the provider's audit log now; otherwise at most once a minute. */
  'rotation:evidence': { input: z.object({ id: z.string().min(1), checkProvider: z.boolean().default(false) }).strict(), output: TrafficEvidence },
  'rotation:verify': { input: Ref, output: Rotation },
  'rotation:revoke': {
    input: z.object({ id: z.string().min(1), override: z.string().max(500).optional(), confirmed: z.boolean().optional() }).strict(),
    output: Rotation,
  },
  'rotation:abort': {
    input: z
      .object({
        id: z.string().min(1),
        reason: z.string().min(1).max(500),
        /** The new key could not be revoked through the API: end the rotation anyway; the user revokes it in the console. */
        revokeMyself: z.boolean().optional(),
      })
      .strict(),
    output: Rotation,
  },

  'history:recent': { input: z.object({ limit: z.number().int().min(1).max(500).default(50) }).strict(), output: z.array(TrafficRow) },
  'history:get': { input: z.object({ id: z.number().int() }).strict(), output: HistoryEntry },
  /** Resends a recorded exchange signed by any vault credential of the same provider. */
  'history:replay': { input: z.object({ id: z.number().int(), credential: z.string().min(1) }).strict(), output: SentExchange },
  'history:bundle': {
    input: z.object({ ids: z.array(z.number().int()).min(1).max(1000) }).strict(),
    output: Download,
  },

  'diagnose:paste': {
    maxInputBytes: textInput(6_000_000),
    input: z
      .object({
        format: z.enum(['curl', 'raw', 'har']),
        text: z.string().min(1).max(5_000_000),
        /** For curl, which carries no answer: the status, headers and body the user saw. */
        status: z.number().int().min(100).max(599).optional(),
        responseHeaders: z.record(z.string(), z.string()).default({}),
        responseBody: z.string().max(1_000_000).optional(),
      })
      .strict(),
    output: z.array(PastedDiagnosis),
  },
  'jwt:inspect': { input: z.object({ token: z.string().min(1).max(100_000), key: JwtKeyInput }).strict(), output: JwtInspection },

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
  'session:login': { input: LoginRequest, output: Credential },

  'sandbox:status': { input: NoInput, output: z.object({ running: z.boolean(), baseUrls: z.record(z.string(), z.string()).nullable() }) },
  'sandbox:seed-demo': { input: NoInput, output: z.array(Credential) },

  'audit:list': { input: AuditFilter.strict(), output: z.array(AuditEntry) },
  'audit:export': {
    input: z.object({ format: z.enum(['csv', 'json']), filter: AuditFilter.strict().default({ limit: 10_000 }) }).strict(),
    output: Download,
  },
} as const satisfies Record<`${string}:${string}`, { input: z.ZodType; output: z.ZodType; maxInputBytes?: number }>;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const channels = Object.keys(contract) as Channel[];

export function isChannel(name: string): name is Channel {
  return Object.hasOwn(contract, name);
}

/** The most a channel's input may weigh as JSON, enforced by both shells before it is parsed. */
export function inputLimit(channel: string): number {
  const entry = isChannel(channel) ? contract[channel] : undefined;
  return (entry && 'maxInputBytes' in entry ? entry.maxInputBytes : undefined) ?? DEFAULT_INPUT_BYTES;
}

/** The refusal for an input over its channel's limit, in the user's words. */
export const inputTooLarge = (channel: string) =>
  `That is more than ${channel} takes at once (${(inputLimit(channel) / 1024 / 1024).toFixed(1)} MB as sent); send less, or split it.`;

/** What a caller passes (before defaults) and what a handler receives (after parsing). */
export type ChannelInput<C extends Channel> = z.input<Contract[C]['input']>;
export type ParsedInput<C extends Channel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends Channel> = z.output<Contract[C]['output']>;
