import { z } from 'zod';

/**
 * A key rotation as a pure state machine: mint, deploy, verify traffic, revoke. A rotation is the fold
 * of its events; `decide` is the only way to get a new event, and it refuses anything out of order
 * with a reason a person can act on. The Node side persists each event in one transaction.
 */
export const RotationStep = z.enum(['mint', 'deploy', 'verify', 'revoke', 'completed', 'aborted']);
export type RotationStep = z.infer<typeof RotationStep>;

export const RotationPlan = z.object({
  name: z.string().min(1).max(80),
  kind: z.string().min(1),
  scopes: z.array(z.string().min(1)),
  boundId: z.string().nullable(),
  /** Old-key traffic within this many minutes counts as "still busy" and blocks revoking. */
  quietMinutes: z.number().int().min(0).max(10_080),
});
export type RotationPlan = z.infer<typeof RotationPlan>;

export const KeyTraffic = z.object({
  count: z.number().int().min(0),
  firstSeen: z.string().nullable(),
  lastSeen: z.string().nullable(),
  routes: z.array(z.string()),
  /** Where the counts come from: Keyhole's history (proxy and own requests), the provider's key audit. */
  sources: z.array(z.enum(['history', 'provider-audit'])),
});
export type KeyTraffic = z.infer<typeof KeyTraffic>;

export const TrafficEvidence = z.object({ newKey: KeyTraffic, oldKey: KeyTraffic, at: z.string() });
export type TrafficEvidence = z.infer<typeof TrafficEvidence>;

export const RotationEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('started'),
    at: z.string(),
    credentialId: z.string(),
    credentialName: z.string(),
    providerId: z.string(),
    environmentId: z.string(),
    plan: RotationPlan,
  }),
  /** Written before a provider API is asked to mint, so a crash in between is visible on resume. */
  z.object({ type: z.literal('mint-requested'), at: z.string(), newCredentialId: z.string() }),
  z.object({
    type: z.literal('minted'),
    at: z.string(),
    newCredentialId: z.string(),
    via: z.enum(['provider-api', 'pasted']),
    providerKeyId: z.string().nullable(),
  }),
  z.object({ type: z.literal('target-added'), at: z.string(), target: z.string(), note: z.string().default('') }),
  z.object({ type: z.literal('deployed'), at: z.string(), target: z.string(), note: z.string() }),
  z.object({ type: z.literal('verified'), at: z.string(), evidence: TrafficEvidence }),
  z.object({
    type: z.literal('revoked'),
    at: z.string(),
    via: z.enum(['provider-api', 'confirmed']),
    /** A request with the old key after revoking: its status (401 expected), or null when not checked. */
    oldKeyCheckStatus: z.number().int().nullable(),
    override: z.object({ reason: z.string() }).nullable(),
  }),
  z.object({ type: z.literal('aborted'), at: z.string(), reason: z.string(), newKeyRevoked: z.boolean() }),
]);
export type RotationEvent = z.infer<typeof RotationEvent>;

export const DeployTarget = z.object({ name: z.string(), deployedAt: z.string().nullable(), note: z.string() });
export type DeployTarget = z.infer<typeof DeployTarget>;

const Minted = z.object({ at: z.string(), via: z.enum(['provider-api', 'pasted']), providerKeyId: z.string().nullable() });
const Revoked = z.object({
  at: z.string(),
  via: z.enum(['provider-api', 'confirmed']),
  oldKeyCheckStatus: z.number().nullable(),
  override: z.object({ reason: z.string() }).nullable(),
});

const Base = {
  id: z.string(),
  credentialId: z.string(),
  credentialName: z.string(),
  providerId: z.string(),
  environmentId: z.string(),
  plan: RotationPlan,
  startedAt: z.string(),
  updatedAt: z.string(),
  targets: z.array(DeployTarget),
};
/** From the mint on, the new key exists: its vault id and how it was minted are never null. */
const WithNewKey = { ...Base, newCredentialId: z.string(), minted: Minted };

/**
 * A rotation, keyed by the step it waits for: each step carries exactly the facts that exist by then,
 * so no consumer has to assert that a field is set.
 */
export const Rotation = z.discriminatedUnion('step', [
  /** `pendingCredentialId`: announced before the provider is asked to mint (the keychain account it will use). */
  z.object({ ...Base, step: z.literal('mint'), pendingCredentialId: z.string().nullable() }),
  z.object({ ...WithNewKey, step: z.literal('deploy') }),
  z.object({ ...WithNewKey, step: z.literal('verify') }),
  z.object({ ...WithNewKey, step: z.literal('revoke'), evidence: TrafficEvidence }),
  z.object({ ...WithNewKey, step: z.literal('completed'), evidence: TrafficEvidence, revoked: Revoked }),
  z.object({
    ...Base,
    step: z.literal('aborted'),
    /** The step it was stopped at. */
    abortedAt: z.enum(['mint', 'deploy', 'verify', 'revoke']),
    newCredentialId: z.string().nullable(),
    minted: Minted.nullable(),
    evidence: TrafficEvidence.nullable(),
    aborted: z.object({ at: z.string(), reason: z.string(), newKeyRevoked: z.boolean() }),
  }),
]);
export type Rotation = z.infer<typeof Rotation>;
export type ActiveRotation = Exclude<Rotation, { step: 'completed' | 'aborted' }>;

/** The four steps in order, as the checklist (UI and CLI) shows them. */
export const ROTATION_STEPS = ['mint', 'deploy', 'verify', 'revoke'] as const;
export type ChecklistStep = (typeof ROTATION_STEPS)[number];

/** Whether the checklist step is done: every step before the rotation's current one. */
export function stepDone(rotation: Rotation, step: ChecklistStep): boolean {
  if (rotation.step === 'completed') return true;
  const current = rotation.step === 'aborted' ? rotation.abortedAt : rotation.step;
  return ROTATION_STEPS.indexOf(step) < ROTATION_STEPS.indexOf(current);
}

/** The new key's vault id once it exists or is announced; null before the mint. */
export function newKeyOf(rotation: Rotation): string | null {
  return rotation.step === 'mint' ? rotation.pendingCredentialId : rotation.newCredentialId;
}

/** Old-key traffic this recent blocks revoking unless the user overrides. */
export const DEFAULT_QUIET_MINUTES = 15;

/** Starting a rotation: the old key by name or id, and the new key's name, scopes and quiet period. */
export const StartRotation = z
  .object({
    credential: z.string().min(1),
    name: z.string().trim().min(1).max(80).optional(),
    scopes: z.array(z.string().min(1)).optional(),
    /** Old-key traffic this recent blocks revoking (minutes). */
    quietMinutes: z.number().int().min(0).max(10_080).default(DEFAULT_QUIET_MINUTES),
  })
  .strict();
/** Before defaults (the quiet period may be left out). */
export type StartRotation = z.input<typeof StartRotation>;

/** A key older than its environment's rotation age. */
export const DueRotation = z.object({
  credentialId: z.string(),
  credentialName: z.string(),
  environmentId: z.string(),
  ageDays: z.number(),
  maxAgeDays: z.number(),
});
export type DueRotation = z.infer<typeof DueRotation>;

export const RotationOverview = z.object({ rotations: z.array(Rotation), due: z.array(DueRotation) });
export type RotationOverview = z.infer<typeof RotationOverview>;

export type RotationCommand =
  | { type: 'request-mint'; newCredentialId: string }
  | { type: 'record-mint'; newCredentialId: string; via: 'provider-api' | 'pasted'; providerKeyId: string | null }
  | { type: 'add-target'; target: string; note?: string }
  | { type: 'deploy'; target: string; note: string }
  | { type: 'verify'; evidence: TrafficEvidence }
  | { type: 'revoke'; via: 'provider-api' | 'confirmed'; oldKeyCheckStatus: number | null; evidence: TrafficEvidence; override: { reason: string } | null }
  | { type: 'abort'; reason: string; newKeyRevoked: boolean };

export type Decision = { ok: true; event: RotationEvent } | { ok: false; reason: string };

/** The rotation an event stream describes. The first event must be `started`. */
export function foldRotation(id: string, events: readonly RotationEvent[]): Rotation {
  const [first, ...rest] = events;
  if (first?.type !== 'started') throw new Error(`rotation ${id}: the first event must be "started"`);
  const initial: Rotation = {
    id,
    credentialId: first.credentialId,
    credentialName: first.credentialName,
    providerId: first.providerId,
    environmentId: first.environmentId,
    plan: first.plan,
    step: 'mint',
    startedAt: first.at,
    updatedAt: first.at,
    targets: [],
    pendingCredentialId: null,
  };
  return rest.reduce(applyEvent, initial);
}

/** The next state. Events come from `decide` (or storage written by it); one that cannot apply is corrupt. */
export function applyEvent(rotation: Rotation, event: RotationEvent): Rotation {
  const at = event.at;
  const corrupt = () => new Error(`rotation ${rotation.id}: "${event.type}" cannot follow step "${rotation.step}"`);
  if (rotation.step === 'completed' || rotation.step === 'aborted') throw corrupt();
  switch (event.type) {
    case 'started':
      throw corrupt();
    case 'mint-requested':
      if (rotation.step !== 'mint') throw corrupt();
      return { ...rotation, updatedAt: at, pendingCredentialId: event.newCredentialId };
    case 'minted': {
      if (rotation.step !== 'mint') throw corrupt();
      const { pendingCredentialId: _pending, ...base } = rotation;
      return {
        ...base,
        step: 'deploy',
        updatedAt: at,
        newCredentialId: event.newCredentialId,
        minted: { at, via: event.via, providerKeyId: event.providerKeyId },
      };
    }
    case 'target-added':
      if (rotation.step !== 'deploy' && rotation.step !== 'verify') throw corrupt();
      // A target not yet deployed to means the deploy step is open again.
      return { ...rotation, step: 'deploy', updatedAt: at, targets: [...rotation.targets, { name: event.target, deployedAt: null, note: event.note }] };
    case 'deployed': {
      if (rotation.step !== 'deploy' && rotation.step !== 'verify') throw corrupt();
      const exists = rotation.targets.some((t) => t.name === event.target);
      const targets = exists
        ? rotation.targets.map((t) => (t.name === event.target ? { ...t, deployedAt: at, note: event.note || t.note } : t))
        : [...rotation.targets, { name: event.target, deployedAt: at, note: event.note }];
      return { ...rotation, updatedAt: at, targets, step: targets.every((t) => t.deployedAt !== null) ? 'verify' : 'deploy' };
    }
    case 'verified':
      if (rotation.step !== 'verify') throw corrupt();
      return { ...rotation, step: 'revoke', updatedAt: at, evidence: event.evidence };
    case 'revoked':
      if (rotation.step !== 'revoke') throw corrupt();
      return {
        ...rotation,
        step: 'completed',
        updatedAt: at,
        revoked: { at, via: event.via, oldKeyCheckStatus: event.oldKeyCheckStatus, override: event.override },
      };
    case 'aborted': {
      const aborted = { at, reason: event.reason, newKeyRevoked: event.newKeyRevoked };
      const base = {
        id: rotation.id,
        credentialId: rotation.credentialId,
        credentialName: rotation.credentialName,
        providerId: rotation.providerId,
        environmentId: rotation.environmentId,
        plan: rotation.plan,
        startedAt: rotation.startedAt,
        targets: rotation.targets,
      };
      return rotation.step === 'mint'
        ? { ...base, step: 'aborted', abortedAt: 'mint', updatedAt: at, newCredentialId: rotation.pendingCredentialId, minted: null, evidence: null, aborted }
        : {
            ...base,
            step: 'aborted',
            abortedAt: rotation.step,
            updatedAt: at,
            newCredentialId: rotation.newCredentialId,
            minted: rotation.minted,
            evidence: rotation.step === 'revoke' ? rotation.evidence : null,
            aborted,
          };
    }
  }
}

/** Whether the old key still carries traffic: seen within the plan's quiet period before `now`. */
export function oldKeyBusy(plan: RotationPlan, evidence: TrafficEvidence, now: Date): boolean {
  const last = evidence.oldKey.lastSeen;
  return last !== null && now.getTime() - Date.parse(last) < plan.quietMinutes * 60_000;
}

const STEP_NAMES: Record<RotationStep, string> = {
  mint: 'minting the new key',
  deploy: 'deploying the new key',
  verify: 'verifying traffic on the new key',
  revoke: 'revoking the old key',
  completed: 'completed',
  aborted: 'aborted',
};

/** The event a command produces, or why it cannot happen now. */
export function decide(rotation: Rotation, command: RotationCommand, now: Date): Decision {
  const at = now.toISOString();
  const refuse = (reason: string): Decision => ({ ok: false, reason });
  const wrongStep = (action: string) => refuse(`Cannot ${action}: this rotation is at "${STEP_NAMES[rotation.step]}".`);
  if (rotation.step === 'completed' || rotation.step === 'aborted') {
    return refuse(`This rotation is ${rotation.step}; start a new one to rotate ${rotation.credentialName} again.`);
  }
  switch (command.type) {
    case 'request-mint':
      if (rotation.step !== 'mint') return wrongStep('mint');
      return { ok: true, event: { type: 'mint-requested', at, newCredentialId: command.newCredentialId } };
    case 'record-mint':
      if (rotation.step !== 'mint') return wrongStep('record a minted key');
      if (rotation.pendingCredentialId !== null && rotation.pendingCredentialId !== command.newCredentialId) {
        return refuse(`The mint in progress is for ${rotation.pendingCredentialId}, not ${command.newCredentialId}.`);
      }
      return { ok: true, event: { type: 'minted', at, newCredentialId: command.newCredentialId, via: command.via, providerKeyId: command.providerKeyId } };
    case 'add-target': {
      if (rotation.step !== 'deploy' && rotation.step !== 'verify') return wrongStep('add a deployment target');
      const target = command.target.trim();
      if (target === '') return refuse('A deployment target needs a name (a service, a CI secret, an environment).');
      if (rotation.targets.some((t) => t.name === target)) return refuse(`"${target}" is already on the checklist.`);
      return { ok: true, event: { type: 'target-added', at, target, note: (command.note ?? '').trim() } };
    }
    case 'deploy': {
      if (rotation.step !== 'deploy' && rotation.step !== 'verify') return wrongStep('tick off a deployment');
      const target = command.target.trim();
      if (target === '') return refuse('Say which target the new key was deployed to.');
      if (rotation.targets.find((t) => t.name === target)?.deployedAt) return refuse(`"${target}" was already ticked off.`);
      return { ok: true, event: { type: 'deployed', at, target, note: command.note.trim() } };
    }
    case 'verify': {
      if (rotation.step === 'mint' || rotation.step === 'deploy') {
        const pending = rotation.targets.filter((t) => !t.deployedAt).map((t) => t.name);
        return refuse(
          rotation.step === 'mint'
            ? 'Cannot verify: the new key has not been minted yet.'
            : pending.length > 0
              ? `Cannot verify: not yet deployed to ${pending.join(', ')}.`
              : 'Cannot verify: tick off at least one deployment target first.',
        );
      }
      if (command.evidence.newKey.count === 0) {
        return refuse(
          'No traffic authenticated with the new key has been seen yet. Send requests with it (through the recording proxy, or from Keyhole) and verify again.',
        );
      }
      return { ok: true, event: { type: 'verified', at, evidence: command.evidence } };
    }
    case 'revoke': {
      if (rotation.step !== 'revoke')
        return rotation.step === 'verify' ? refuse('Cannot revoke: traffic on the new key has not been verified yet.') : wrongStep('revoke the old key');
      const busy = oldKeyBusy(rotation.plan, command.evidence, now);
      if (busy && !command.override) {
        return refuse(
          `The old key is still carrying traffic (last seen ${command.evidence.oldKey.lastSeen}, within the ${rotation.plan.quietMinutes}-minute quiet period). ` +
            'Wait until it is quiet, or revoke anyway with an override and a reason.',
        );
      }
      if (command.override && command.override.reason.trim().length < 3) return refuse('An override needs a reason (a few words on why revoking now is safe).');
      return {
        ok: true,
        event: {
          type: 'revoked',
          at,
          via: command.via,
          oldKeyCheckStatus: command.oldKeyCheckStatus,
          override: busy && command.override ? { reason: command.override.reason.trim() } : null,
        },
      };
    }
    case 'abort':
      if (command.reason.trim() === '') return refuse('Say why the rotation is aborted; it goes in the audit log.');
      return { ok: true, event: { type: 'aborted', at, reason: command.reason.trim(), newKeyRevoked: command.newKeyRevoked } };
  }
}

/** `prod-2026-q2`: the environment and the quarter the key is minted in. */
export function proposeName(environmentId: string, now: Date, taken: (name: string) => boolean): string {
  const base = `${environmentId.slice(0, 4)}-${now.getUTCFullYear()}-q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}
