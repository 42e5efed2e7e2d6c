import { count } from '../../shared/text/words';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors/app-error';
import {
  applyEvent,
  DEFAULT_QUIET_MINUTES,
  decide,
  foldRotation,
  newKeyOf,
  proposeName,
  type KeyTraffic,
  type Rotation,
  type RotationCommand,
  type RotationEvent,
  type StartRotation,
  type TrafficEvidence,
} from '../../shared/rotation/rotation';
import type { Credential, CredentialFields } from '../../shared/vault/credential';
import type { AuditRepository } from '../store/audit-repository';
import type { HistoryRepository } from '../store/history-repository';
import type { Transact } from '../store/transact';
import type { RotationRepository } from '../store/rotation-repository';
import type { SavedRequestRepository } from '../store/saved-request-repository';
import type { VaultService } from '../vault/vault-service';
import type { KeyAuditEntry, KeyManagement } from './key-management';

export interface DueKey {
  credential: Credential;
  ageDays: number;
  maxAgeDays: number;
}

/**
 * Guided rotation on the Node side: every step goes through the pure `decide`, and each event is
 * committed in one transaction with its audit row. Crash safety: the new credential's id is
 * announced (mint-requested) before the provider is asked to mint; its secret goes to the keychain
 * before success is reported; `recover` finishes a mint that stopped after the keychain write.
 */
/** How often a watched rotation asks the provider's per-key audit log, at most. */
const PROVIDER_AUDIT_INTERVAL_MS = 60_000;

export class RotationService {
  private readonly now: () => Date;
  private readonly auditCache = new Map<string, { at: number; traffic: KeyTraffic | null }>();

  constructor(
    private readonly deps: {
      transact: Transact;
      rotations: RotationRepository;
      audit: AuditRepository;
      history: HistoryRepository;
      vault: VaultService;
      keys: KeyManagement;
      savedRequests: SavedRequestRepository;
      now?: () => Date;
    },
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  list(): Rotation[] {
    return this.deps.rotations.ids().map((id) => this.get(id));
  }

  get(id: string): Rotation {
    const events = this.deps.rotations.events(id);
    if (events.length === 0) throw new AppError('NOT_FOUND', `No rotation with id "${id}".`);
    return foldRotation(id, events);
  }

  start(input: StartRotation): Rotation {
    const credential = this.deps.vault.get(input.credential);
    if (credential.status !== 'active') throw new AppError('CONFLICT', `${credential.name} is ${credential.status}; only an active key can be rotated.`);
    const running = this.deps.rotations.activeFor(credential.id);
    if (running) throw new AppError('CONFLICT', `${credential.name} already has a rotation in progress (${running}); finish or abort it first.`);
    const now = this.now();
    const taken = (name: string) => this.deps.vault.find(name) !== undefined;
    const name = input.name ?? proposeName(credential.environmentId, now, taken);
    if (taken(name)) throw new AppError('CONFLICT', `A credential named "${name}" already exists; choose another name for the new key.`);
    const event: RotationEvent = {
      type: 'started',
      at: now.toISOString(),
      credentialId: credential.id,
      credentialName: credential.name,
      providerId: credential.providerId,
      environmentId: credential.environmentId,
      plan: {
        name,
        kind: credential.kind,
        scopes: input.scopes ?? credential.scopes,
        boundId: credential.boundId,
        quietMinutes: input.quietMinutes ?? DEFAULT_QUIET_MINUTES,
      },
    };
    const rotation = foldRotation(`rot_${randomBytes(6).toString('hex')}`, [event]);
    this.deps.transact(() => {
      this.deps.rotations.append(rotation, event);
      this.deps.audit.append({
        action: 'rotation',
        credentialId: credential.id,
        credentialName: credential.name,
        fingerprint: credential.fingerprint,
        detail: `${rotation.id}: started, new key "${name}"`,
      });
    });
    return rotation;
  }

  /** Mints through the provider's API, or stores a pasted secret; either way it is in the keychain before this returns. */
  async mint(id: string, options: { secret?: string } = {}): Promise<Rotation> {
    let rotation = this.get(id);
    const newCredentialId = this.deps.vault.newId();
    if (options.secret === undefined) {
      const old = this.deps.vault.get(rotation.credentialId);
      const manager = this.deps.keys.supported(rotation.providerId) ? this.deps.keys.manager(old, 'mint') : null;
      if (!manager) {
        throw new AppError(
          'CONFLICT',
          `No vault key for ${rotation.providerId}/${rotation.environmentId} may mint keys through the provider's API. Paste a key minted in the provider's console (keyhole rotate mint --secret-stdin), or add a key with key-management rights.`,
        );
      }
      if (rotation.step === 'mint' && rotation.pendingCredentialId !== null) await this.revokeLostMints(manager, rotation);
      rotation = this.commit(rotation, { type: 'request-mint', newCredentialId });
      const { secret, providerKeyId } = await this.deps.keys.mint(manager, rotation.providerId, rotation.plan);
      await this.deps.vault.add({ ...this.planFields(rotation), secret }, newCredentialId);
      return this.commit(rotation, { type: 'record-mint', newCredentialId, via: 'provider-api', providerKeyId });
    }
    this.assertCanCommit(rotation, { type: 'record-mint', newCredentialId, via: 'pasted', providerKeyId: null });
    // The Add dialog's checks, with no dialog to show a warning in: a pasted secret that is not shaped
    // like the old key's kind (or is a live key for a test environment) replaces nothing.
    const fields = this.planFields(rotation);
    const wrong = this.deps.vault
      .warningsFor(fields, options.secret, undefined)
      .filter((w) => w.severity === 'error' || w.code === 'SECRET_SHAPE_MISMATCH' || w.code === 'LIVE_KEY_IN_TEST_ENVIRONMENT');
    if (wrong.length > 0) throw new AppError('INVALID_INPUT', `${wrong.map((w) => `${w.message} ${w.fix}`).join(' ')} Nothing was stored.`);
    await this.deps.vault.add({ ...fields, secret: options.secret }, newCredentialId);
    return this.commit(rotation, { type: 'record-mint', newCredentialId, via: 'pasted', providerKeyId: null });
  }

  /**
   * A mint was asked for before and no key came of it here: if its answer was lost, the key lives at
   * the provider under the rotation's name with no secret anyone holds. Revoked before minting again,
   * and audited; where the provider lists no keys, the user is told to look in its console.
   */
  private async revokeLostMints(manager: Credential, rotation: Rotation): Promise<void> {
    const orphans = await this.deps.keys.liveKeysNamed(manager, rotation.providerId, rotation.plan.name);
    for (const providerKeyId of orphans ?? []) {
      await this.deps.keys.revoke(manager, providerKeyId);
      this.deps.audit.append({
        action: 'revoke',
        credentialName: rotation.plan.name,
        detail: `rotation ${rotation.id}: revoked provider key ${providerKeyId}, minted by an earlier attempt whose answer was lost`,
      });
    }
    if (orphans === null) {
      this.deps.audit.append({
        action: 'rotation',
        credentialName: rotation.plan.name,
        detail: `rotation ${rotation.id}: minting again after an attempt whose answer may have been lost; ${rotation.providerId} lists no keys, so check its console for a key named ${rotation.plan.name}`,
      });
    }
  }

  addTarget(id: string, target: string, note = ''): Rotation {
    return this.commit(this.get(id), { type: 'add-target', target, note });
  }

  deploy(id: string, target: string, note = ''): Rotation {
    return this.commit(this.get(id), { type: 'deploy', target, note });
  }

  /**
   * Traffic on the new key since it was minted (history, and the provider's audit log when it has
   * one), and on the old key over all recorded history: when it was last seen is what matters.
   */
  async evidence(id: string, options: { checkProvider?: boolean } = {}): Promise<TrafficEvidence> {
    return this.evidenceFor(this.get(id), Boolean(options.checkProvider));
  }

  private async evidenceFor(rotation: Rotation, checkProvider: boolean): Promise<TrafficEvidence> {
    const oldKey = this.deps.history.keyTraffic(rotation.credentialId, '');
    const at = this.now().toISOString();
    if (rotation.step === 'mint' || rotation.step === 'aborted' || rotation.minted === null) return { newKey: emptyTraffic(), oldKey, at };
    const newKey = this.deps.history.keyTraffic(rotation.newCredentialId ?? '', rotation.minted.at);
    const providerKeyId = rotation.minted.providerKeyId;
    const providerAudit =
      providerKeyId && rotation.newCredentialId ? await this.cachedProviderAudit(rotation, rotation.newCredentialId, providerKeyId, checkProvider) : null;
    return { newKey: providerAudit ? merge(newKey, providerAudit) : newKey, oldKey, at };
  }

  /**
   * The provider's audit log costs a request (a history row, the manager key's rate limit): a screen
   * that watches evidence asks it at most once a minute per rotation; verify and revoke ask afresh.
   */
  private async cachedProviderAudit(rotation: Rotation, newCredentialId: string, providerKeyId: string, fresh: boolean): Promise<KeyTraffic | null> {
    const cached = this.auditCache.get(rotation.id);
    if (!fresh && cached && this.now().getTime() - cached.at < PROVIDER_AUDIT_INTERVAL_MS) return cached.traffic;
    const traffic = await this.providerAudit(rotation, newCredentialId, providerKeyId);
    this.auditCache.set(rotation.id, { at: this.now().getTime(), traffic });
    return traffic;
  }

  async verify(id: string): Promise<Rotation> {
    const rotation = this.get(id);
    return this.commit(rotation, { type: 'verify', evidence: await this.evidenceFor(rotation, true) });
  }

  /**
   * Revokes the old key: through the provider's API when Keyhole can (then checks a request with it
   * now gets 401), else only when the user confirms they revoked it. The old secret leaves the
   * keychain, and saved requests move to the new key, in the commit that records the step.
   */
  async revoke(id: string, options: { override?: string; confirmed?: boolean } = {}): Promise<Rotation> {
    const rotation = this.get(id);
    const evidence = await this.evidenceFor(rotation, true);
    const override = options.override ? { reason: options.override } : null;
    // Check the guard rails before touching the provider.
    this.assertCanCommit(rotation, { type: 'revoke', via: 'confirmed', oldKeyCheckStatus: null, evidence, override });
    if (rotation.step !== 'revoke') throw new AppError('CONFLICT', `Rotation ${id} is not waiting to revoke.`);
    const old = this.deps.vault.get(rotation.credentialId);
    const manager = this.deps.keys.canRevoke(rotation.providerId) ? this.deps.keys.manager({ ...old, id: rotation.newCredentialId }, 'revoke') : null;
    const providerKeyId = manager ? await this.deps.keys.providerKeyId(manager, old) : null;
    let checked: number | null = null;
    if (manager && providerKeyId) {
      await this.deps.keys.revoke(manager, providerKeyId);
      checked = await this.deps.keys.probe(old);
      if (checked !== 401)
        throw new AppError(
          'CONFLICT',
          `The provider accepted the revocation, but a request with ${old.name} still got HTTP ${checked ?? 'no answer'} instead of 401. Nothing was changed in the vault; check the provider.`,
        );
    } else if (!options.confirmed) {
      throw new AppError(
        'CONFLICT',
        `Keyhole cannot revoke ${old.name} through ${rotation.providerId}'s API here. Revoke it in the provider's console, then confirm (keyhole rotate revoke --confirmed).`,
      );
    }
    const via = checked === null ? 'confirmed' : 'provider-api';
    let next: Rotation = rotation;
    await this.deps.vault.revoke(old.id, `${rotation.id}: replaced by ${rotation.plan.name}`, () => {
      next = this.append(rotation, { type: 'revoke', via, oldKeyCheckStatus: checked, evidence, override });
      this.deps.savedRequests.reassign(old.id, rotation.newCredentialId);
    });
    return next;
  }

  /**
   * Stops before revoking: the new key is revoked again (through the API when minted there; a 404
   * means it is already gone) and dropped. Abort always ends the rotation: when the provider cannot
   * revoke the new key, it refuses with the reason unless `revokeMyself`, which ends it anyway and
   * says, in the rotation and the audit log, which key the user must revoke in the console.
   */
  async abort(id: string, reason: string, options: { revokeMyself?: boolean } = {}): Promise<Rotation> {
    const rotation = this.get(id);
    this.assertCanCommit(rotation, { type: 'abort', reason, newKeyRevoked: false });
    const newKey = newKeyOf(rotation);
    const fresh = newKey ? this.deps.vault.find(newKey) : undefined;
    let newKeyRevoked = false;
    let leftToUser: string | null = null;
    if (fresh && rotation.step !== 'mint' && rotation.step !== 'aborted' && rotation.minted.via === 'provider-api') {
      let providerKeyId = rotation.minted.providerKeyId;
      try {
        const manager = this.deps.keys.canRevoke(rotation.providerId) ? this.deps.keys.manager({ ...fresh, id: rotation.credentialId }, 'revoke') : null;
        providerKeyId ??= manager ? await this.deps.keys.providerKeyId(manager, fresh) : null;
        if (manager && providerKeyId) {
          await this.deps.keys.revoke(manager, providerKeyId);
          newKeyRevoked = true;
        }
      } catch (error) {
        const why = (error as Error).message.replace(/\.$/, '');
        if (!options.revokeMyself) {
          throw new AppError(
            'CONFLICT',
            `The new key ${fresh.name} could not be revoked through the provider's API (${why}). To end the rotation anyway, abort here and revoke ${fresh.name} yourself in the provider's console (keyhole rotate abort --revoke-myself).`,
          );
        }
        leftToUser = `${fresh.name}${providerKeyId ? ` (provider key ${providerKeyId})` : ''} could not be revoked through the API (${why}): revoke it in the provider's console`;
      }
    }
    let next = rotation;
    const recorded = leftToUser ? `${reason.trim()}; ${leftToUser}` : reason;
    const record = () => {
      next = this.append(rotation, { type: 'abort', reason: recorded, newKeyRevoked });
    };
    if (fresh) await this.deps.vault.revoke(fresh.id, `${rotation.id}: rotation aborted${leftToUser ? `; ${leftToUser}` : ''}`, record);
    else this.deps.transact(record);
    return next;
  }

  /**
   * Start-up: a mint that stopped after its secret reached the keychain is finished (metadata, then
   * the event). One that stopped before stays at "mint" and says so; minting again is safe.
   */
  async recover(): Promise<string[]> {
    const recovered: string[] = [];
    for (const id of this.deps.rotations.ids({ activeOnly: true })) {
      const rotation = this.get(id);
      if (rotation.step !== 'mint' || rotation.pendingCredentialId === null) continue;
      const pendingId = rotation.pendingCredentialId;
      const existing = this.deps.vault.find(pendingId) ?? (await this.deps.vault.adopt(pendingId, this.planFields(rotation)));
      if (!existing) continue;
      this.commit(rotation, { type: 'record-mint', newCredentialId: existing.id, via: 'provider-api', providerKeyId: null });
      recovered.push(id);
    }
    return recovered;
  }

  /** Active keys older than their environment's rotation age (keys do not expire by themselves). */
  due(): DueKey[] {
    const policy = this.deps.rotations.policy();
    const now = this.now().getTime();
    return this.deps.vault
      .list()
      .filter((c) => c.status === 'active')
      .flatMap((credential) => {
        const maxAgeDays = policy.get(credential.environmentId);
        const ageDays = Math.floor((now - Date.parse(credential.createdAt)) / 86_400_000);
        return maxAgeDays && ageDays >= maxAgeDays ? [{ credential, ageDays, maxAgeDays }] : [];
      });
  }

  policy(): Map<string, number | null> {
    return this.deps.rotations.policy();
  }

  /** `maxAgeDays` null: no reminders for that environment. */
  setPolicy(environmentId: string, maxAgeDays: number | null): void {
    this.deps.transact(() => {
      this.deps.rotations.setPolicy(environmentId, maxAgeDays);
      this.deps.audit.append({
        action: 'rotation',
        detail: `rotation age for ${environmentId}: ${maxAgeDays === null ? 'no reminder' : `${maxAgeDays} days`}`,
      });
    });
  }

  /** The new key's metadata, from the plan. */
  private planFields(rotation: Rotation): CredentialFields {
    return {
      name: rotation.plan.name,
      providerId: rotation.providerId,
      environmentId: rotation.environmentId,
      kind: rotation.plan.kind,
      scopes: rotation.plan.scopes,
      boundId: rotation.plan.boundId,
      notes: `Minted by rotation ${rotation.id} to replace ${rotation.credentialName}.`,
      expiresAt: null,
    };
  }

  private async providerAudit(rotation: Rotation, newCredentialId: string, providerKeyId: string): Promise<KeyTraffic | null> {
    const fresh = this.deps.vault.find(newCredentialId);
    const manager = fresh ? this.deps.keys.manager({ ...fresh, id: rotation.credentialId }, 'audit') : null;
    const entries = manager ? await this.deps.keys.audit(manager, providerKeyId).catch(() => null) : null;
    const management = this.deps.keys.path(rotation.providerId);
    return entries && fromAudit(entries.filter((e) => e.status !== 401 && !(management && e.path.startsWith(management))));
  }

  private assertCanCommit(rotation: Rotation, command: RotationCommand): void {
    const decision = decide(rotation, command, this.now());
    if (!decision.ok) throw new AppError('CONFLICT', decision.reason);
  }

  private commit(rotation: Rotation, command: RotationCommand): Rotation {
    let next = rotation;
    this.deps.transact(() => {
      next = this.append(rotation, command);
    });
    return next;
  }

  /** Decides and appends inside the caller's transaction. */
  private append(rotation: Rotation, command: RotationCommand): Rotation {
    const decision = decide(rotation, command, this.now());
    if (!decision.ok) throw new AppError('CONFLICT', decision.reason);
    const next = applyEvent(rotation, decision.event);
    this.deps.rotations.append(next, decision.event);
    this.deps.audit.append({
      action: 'rotation',
      credentialId: rotation.credentialId,
      credentialName: rotation.credentialName,
      detail: `${rotation.id}: ${describeEvent(decision.event)}`,
    });
    return next;
  }
}

function emptyTraffic(): KeyTraffic {
  return { count: 0, firstSeen: null, lastSeen: null, routes: [], sources: [] };
}

function fromAudit(entries: KeyAuditEntry[]): KeyTraffic {
  const times = entries.map((e) => e.time).sort();
  return {
    count: entries.length,
    firstSeen: times[0] ?? null,
    lastSeen: times.at(-1) ?? null,
    routes: [...new Set(entries.map((e) => e.path))].sort().slice(0, 20),
    sources: entries.length > 0 ? ['provider-audit'] : [],
  };
}

/** History and the provider's log see the same requests from two sides: the larger count wins, times and routes are combined. */
function merge(a: KeyTraffic, b: KeyTraffic): KeyTraffic {
  const earliest = [a.firstSeen, b.firstSeen].filter((t): t is string => t !== null).sort()[0] ?? null;
  const latest =
    [a.lastSeen, b.lastSeen]
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? null;
  return {
    count: Math.max(a.count, b.count),
    firstSeen: earliest,
    lastSeen: latest,
    routes: [...new Set([...a.routes, ...b.routes])].sort().slice(0, 20),
    sources: [...new Set([...a.sources, ...b.sources])],
  };
}

function describeEvent(event: RotationEvent): string {
  switch (event.type) {
    case 'started':
      return `started, new key "${event.plan.name}"`;
    case 'mint-requested':
      return 'asked the provider to mint the new key';
    case 'minted':
      return `new key minted (${event.via === 'pasted' ? 'pasted' : "provider's API"}) and stored in the keychain`;
    case 'target-added':
      return `deployment target "${event.target}" added`;
    case 'deployed':
      return `deployed to "${event.target}"${event.note ? ` (${event.note})` : ''}`;
    case 'verified':
      return `traffic verified: ${count(event.evidence.newKey.count, 'request')} on the new key, ${event.evidence.oldKey.count} on the old since the start`;
    case 'revoked':
      return `old key revoked (${event.via === 'provider-api' ? `provider's API, check got HTTP ${event.oldKeyCheckStatus}` : 'confirmed by the user'})${event.override ? `, override: ${event.override.reason}` : ''}`;
    case 'aborted':
      return `aborted: ${event.reason}${event.newKeyRevoked ? ' (new key revoked)' : ''}`;
  }
}
