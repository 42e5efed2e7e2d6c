import { z } from 'zod';
import type { CredentialKindProfile, EnvironmentProfile, ProviderProfile, ScopeProfile } from '../providers/provider-profile';
import { secretShape } from './secret-shape';

export const CredentialWarningCode = z.enum([
  'UNKNOWN_SCOPE',
  'DUPLICATE_SECRET',
  'DUPLICATE_NAME',
  'LIVE_KEY_IN_TEST_ENVIRONMENT',
  'TEST_KEY_IN_LIVE_ENVIRONMENT',
  'SECRET_SHAPE_MISMATCH',
  'SCOPES_EMPTY',
  'SCOPES_NOT_USED_BY_KIND',
  'OPT_IN_SCOPE',
  'ADMIN_SCOPE',
  'SPLIT_BLAST_RADIUS',
  'WRITE_WITHOUT_READ',
  'SAME_SECRET_OTHER_ENVIRONMENT',
  'BOUND_ID_MISSING',
  'ALREADY_EXPIRED',
  /** An entry that does not read as a credential (a name too long, say): an import plan's refusal. */
  'INVALID_FIELD',
]);
export type CredentialWarningCode = z.infer<typeof CredentialWarningCode>;

/** `error` blocks saving; `warning` is shown with its fix and the user may go on. */
export const CredentialWarning = z.object({
  code: CredentialWarningCode,
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  fix: z.string(),
});
export type CredentialWarning = z.infer<typeof CredentialWarning>;

export interface WarningInput {
  profile: ProviderProfile;
  environment: EnvironmentProfile;
  kind: CredentialKindProfile;
  scopes: readonly string[];
  boundId: string | null;
  expiresAt: string | null;
  /** Omitted when editing metadata: the secret is not re-read for that. */
  secret?: string;
  /** Other credentials holding the same secret (same fingerprint). */
  sameSecret: readonly { name: string; providerId: string; environmentId: string }[];
  now: Date;
}

const BOUND_LABEL = { tenant: 'tenant id', partner: 'partner id', workspace: 'workspace id', none: '' } as const;

/** Every check run when a credential is added or edited; pure and table-driven from the profile. */
export function credentialWarnings(input: WarningInput): CredentialWarning[] {
  const { profile, environment, kind } = input;
  const warnings: CredentialWarning[] = [];
  const add = (code: CredentialWarningCode, severity: CredentialWarning['severity'], message: string, fix: string) =>
    warnings.push({ code, severity, message, fix });
  const known = new Map(profile.scopes.map((s) => [s.id, s]));
  const granted = input.scopes.map((id) => known.get(id)).filter((s): s is ScopeProfile => s !== undefined);

  for (const id of input.scopes.filter((id) => !known.has(id))) {
    add('UNKNOWN_SCOPE', 'error', `"${id}" is not a ${profile.name} scope.`, `Use one of: ${[...known.keys()].join(', ')}.`);
  }

  for (const other of input.sameSecret) {
    if (other.providerId === profile.id && other.environmentId === environment.id) {
      add('DUPLICATE_SECRET', 'error', `This secret is already stored as "${other.name}".`, 'Edit that credential instead of adding it twice.');
    } else {
      add(
        'SAME_SECRET_OTHER_ENVIRONMENT',
        'warning',
        `The same secret is stored as "${other.name}" for ${other.providerId}/${other.environmentId}.`,
        'Use separate keys per environment and workload, so one leak or rotation touches one place.',
      );
    }
  }

  if (input.secret !== undefined) {
    const shape = secretShape(kind, input.secret);
    if (!shape.live && !shape.test) {
      add(
        'SECRET_SHAPE_MISMATCH',
        'warning',
        `The secret does not look like a ${profile.name} ${kind.label}.`,
        `Check you pasted the right value and picked the right kind: a ${kind.label} is ${kind.secretHint ?? `in the format the ${profile.name} profile describes`}.`,
      );
    } else if (!environment.live && shape.live && !shape.test) {
      add(
        'LIVE_KEY_IN_TEST_ENVIRONMENT',
        'warning',
        `This looks like a live key, but ${environment.label} is not a live environment.`,
        'Keep sandbox and production keys isolated: use a test key here, or pick the production environment.',
      );
    } else if (environment.live && shape.test && !shape.live) {
      add(
        'TEST_KEY_IN_LIVE_ENVIRONMENT',
        'warning',
        `This looks like a test key, but ${environment.label} is live.`,
        'Use a live key for production, or pick a test environment.',
      );
    }
  }

  if (kind.scoped && input.scopes.length === 0) {
    add(
      'SCOPES_EMPTY',
      'warning',
      'No scopes: this credential will be treated as having no permissions (empty is never "allow all").',
      'Add the scopes it was issued with, checked against the permissions matrix.',
    );
  }
  if (!kind.scoped && input.scopes.length > 0) {
    add('SCOPES_NOT_USED_BY_KIND', 'warning', `${kind.label} credentials do not carry scopes.`, 'Remove the scopes, or pick the kind that has them.');
  }

  for (const scope of granted.filter((s) => s.optIn)) {
    add('OPT_IN_SCOPE', 'warning', `${scope.id} is opt-in and never part of defaults.`, 'Keep it only if this workload needs it; put it on a key of its own.');
  }
  for (const scope of granted.filter((s) => s.access === 'admin' && !s.optIn)) {
    add('ADMIN_SCOPE', 'warning', `${scope.id} grants admin rights (${scope.description}).`, 'Use sparingly: most integrations need write at most.');
  }

  const campaignWrite = granted.some((s) => s.group === 'campaigns' && s.access === 'write');
  const sensitive = granted.filter((s) => s.group === 'billing' || s.group === 'contacts');
  if (campaignWrite && sensitive.length > 0) {
    add(
      'SPLIT_BLAST_RADIUS',
      'warning',
      `Campaign write is combined with ${sensitive.map((s) => s.id).join(', ')}.`,
      'Split campaign write operations from billing or contact-compliance scopes into separate keys.',
    );
  }

  const implied = new Set(granted.flatMap((s) => [s.id, ...s.implies]));
  for (const write of granted.filter((s) => s.access === 'write' && s.group)) {
    const reads = profile.scopes.filter((s) => s.group === write.group && s.access === 'read' && !s.optIn);
    if (reads.length > 0 && !reads.some((r) => implied.has(r.id))) {
      add(
        'WRITE_WITHOUT_READ',
        'warning',
        `${write.id} is granted without ${reads.map((r) => r.id).join(' or ')}.`,
        'Add the read scope, or check the write scope is really needed.',
      );
    }
  }

  if (kind.boundTo !== 'none' && !input.boundId) {
    add(
      'BOUND_ID_MISSING',
      'warning',
      `No ${BOUND_LABEL[kind.boundTo]} is set.`,
      `Add the ${BOUND_LABEL[kind.boundTo]} so Keyhole can spot requests aimed at the wrong one.`,
    );
  }

  if (input.expiresAt && new Date(input.expiresAt).getTime() <= input.now.getTime()) {
    add('ALREADY_EXPIRED', 'warning', `The expiry date ${input.expiresAt} has passed.`, 'Correct the date, or rotate the key.');
  }
  return warnings;
}

/** For scope chips: opt-in and admin scopes, and writes on compliance-sensitive groups, are marked. */
export function scopeRisk(scope: ScopeProfile): 'opt-in' | 'risky' | null {
  if (scope.optIn) return 'opt-in';
  if (scope.access === 'admin' || (scope.access === 'write' && (scope.group === 'billing' || scope.group === 'contacts'))) return 'risky';
  return null;
}
