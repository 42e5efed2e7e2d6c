import type { Reconciliation } from '../../shared/vault/reconciliation';
import { randomBytes } from 'node:crypto';
import type { KeychainStatus, SecretsMode } from '../../shared/vault/keychain-status';
import { AppError, describeZodError } from '../../shared/errors/app-error';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import { CredentialEdit, CredentialFields, NewCredential, type Credential } from '../../shared/vault/credential';
import { credentialWarnings, type CredentialWarning } from '../../shared/vault/credential-warnings';
import type { SecretStore } from '../keychain/secret-store';
import type { AuditRepository } from '../store/audit-repository';
import type { CredentialFilter, CredentialRepository } from '../store/credential-repository';
import type { OriginRepository } from '../store/origin-repository';
import type { Transact } from '../store/transact';
import type { Clipboard } from './clipboard';
import { lastFour, type Fingerprint } from './fingerprint';
import type { ProviderCatalog } from './provider-catalog';

/**
 * The vault: credentials with their secret in the keychain and everything else in SQLite.
 * Threat model: the database, logs and exports are readable by anyone who gets the user's files, so
 * they hold a fingerprint and the last four characters, never the secret. Writes go keychain first,
 * then metadata in one transaction: a crash in between leaves only a keychain entry with no metadata,
 * which `reconcile` finds and offers to clean up. Nothing is ever half-added in the UI.
 */
export interface VaultDependencies {
  credentials: CredentialRepository;
  origins: OriginRepository;
  transact: Transact;
  catalog: ProviderCatalog;
  audit: AuditRepository;
  secrets: () => SecretStore;
  keychain: () => { status: KeychainStatus; mode: SecretsMode };
  clipboard: () => Promise<Clipboard | null>;
  /** The install's keyed fingerprint. */
  fingerprint: Fingerprint;
  now?: () => Date;
  /** How long a copied secret stays on the clipboard. */
  clipboardClearMs?: number;
}

export interface AddResult {
  credential: Credential;
  warnings: CredentialWarning[];
}

export interface ImportPlanEntry {
  /** The entry as it would be stored; null when it does not read (the reason is in `warnings`). */
  entry: NewCredential | null;
  warnings: CredentialWarning[];
  /** The vault already holds this secret (then, and only then, may its fingerprint be shown). */
  stored: boolean;
}

export type { Reconciliation };

const ACCOUNT_PREFIX = 'cred_';
/** Extra keychain entries a credential owns, as `${id}:${purpose}` (a JWT session's refresh token). */
export type CompanionPurpose = 'refresh';
const ownerOf = (account: string) => account.split(':')[0]!;

const SECRET_CHECKS_PER_MINUTE = 100;

export class VaultService {
  /** Fingerprints of secrets checked in the last minute, with when. */
  private readonly secretChecks = new Map<string, number>();
  private readonly credentials: CredentialRepository;
  private readonly origins: OriginRepository;
  private readonly now: () => Date;

  constructor(private readonly deps: VaultDependencies) {
    this.credentials = deps.credentials;
    this.origins = deps.origins;
    this.now = deps.now ?? (() => new Date());
  }

  list(filter: CredentialFilter = {}): Credential[] {
    return this.credentials.list(filter);
  }

  /** The credential, or undefined: for callers where "not there" is an expected answer. */
  find(idOrName: string): Credential | undefined {
    return this.credentials.find(idOrName);
  }

  get(idOrName: string): Credential {
    const credential = this.credentials.find(idOrName);
    if (!credential) throw new AppError('NOT_FOUND', `No credential named or with id "${idOrName}".`);
    return credential;
  }

  /** The add dialog's live validation: the same checks `add` runs, nothing stored. */
  check(input: unknown): CredentialWarning[] {
    const parsed = this.parseNew(input);
    this.countSecretChecks([parsed.secret]);
    return this.warningsFor(parsed, parsed.secret, undefined);
  }

  /**
   * Checking a secret against the vault (the Add dialog's warnings, an import preview) tells whether
   * it is stored: an oracle for guesses. Distinct secrets count (the dialog re-checks the one being
   * typed as the rest of the form changes); past SECRET_CHECKS_PER_MINUTE a minute, checks are
   * refused, and every match is audited (warningsFor).
   */
  countSecretChecks(secrets: readonly string[]): void {
    const now = this.now().getTime();
    for (const [print, at] of this.secretChecks) if (at <= now - 60_000) this.secretChecks.delete(print);
    const fresh = new Set(secrets.map((s) => this.deps.fingerprint(s)).filter((print) => !this.secretChecks.has(print)));
    if (this.secretChecks.size + fresh.size > SECRET_CHECKS_PER_MINUTE) {
      throw new AppError('FORBIDDEN', `Too many different secrets checked in a minute (over ${SECRET_CHECKS_PER_MINUTE}); wait a minute and try again.`);
    }
    for (const print of fresh) this.secretChecks.set(print, now);
  }

  /** A fresh credential id (also its keychain account), for flows that must name it before adding. */
  newId(): string {
    return `${ACCOUNT_PREFIX}${randomBytes(12).toString('hex')}`;
  }

  /**
   * `id`: one chosen earlier with newId() (a rotation announces it before minting). `derivedFrom`: the
   * credential this one was made with (a JWT signed by a vault key); it may go only where that one
   * was allowed, never to whatever its environment's base URL says now (which a page may have changed).
   */
  async add(input: unknown, id: string = this.newId(), derivedFrom?: Credential): Promise<AddResult> {
    const parsed = this.parseNew(input);
    this.assertSecretsWritable();
    const warnings = this.warningsFor(parsed, parsed.secret, undefined);
    this.assertNoErrors(warnings);
    if (this.credentials.find(parsed.name)) throw new AppError('CONFLICT', `A credential named "${parsed.name}" already exists.`);

    const credential = { ...this.newCredential(parsed, parsed.secret), id };
    await this.deps.secrets().set(credential.id, parsed.secret);
    try {
      this.deps.transact(() => {
        this.credentials.insert(credential, { inMemory: this.deps.keychain().mode === 'memory' });
        if (derivedFrom) for (const origin of this.origins.list(derivedFrom.id)) this.origins.pin(credential.id, origin, this.now().toISOString());
        else this.pinToEnvironment(credential);
        this.deps.audit.append({ action: 'create', credentialId: credential.id, credentialName: credential.name, fingerprint: credential.fingerprint });
      });
    } catch (error) {
      await this.deps
        .secrets()
        .delete(credential.id)
        .catch(() => false);
      throw error;
    }
    return { credential, warnings };
  }

  update(idOrName: string, input: unknown): AddResult {
    const current = this.get(idOrName);
    const edit = CredentialEdit.safeParse(input);
    if (!edit.success) throw new AppError('INVALID_INPUT', describeZodError(edit.error, 'Invalid credential edit'));
    const next: Credential = { ...current, ...edit.data, updatedAt: this.now().toISOString() };
    const warnings = this.warningsFor(next, undefined, current.id);
    this.assertNoErrors(warnings);
    const clash = this.credentials.find(next.name);
    if (clash && clash.id !== current.id) throw new AppError('CONFLICT', `A credential named "${next.name}" already exists.`);
    const changed = Object.keys(edit.data).join(', ') || 'nothing';
    this.deps.transact(() => {
      this.credentials.update(next);
      this.deps.audit.append({ action: 'edit', credentialId: next.id, credentialName: next.name, fingerprint: next.fingerprint, detail: `changed ${changed}` });
    });
    return { credential: next, warnings };
  }

  /**
   * Metadata for a secret already in the keychain under `id` (a crash after the keychain write and
   * before the metadata commit). Null when there is no such secret.
   */
  async adopt(id: string, fields: CredentialFields): Promise<Credential | null> {
    const secret = await this.deps.secrets().get(id);
    if (secret === null) return null;
    const credential = { ...this.newCredential(fields, secret), id };
    this.deps.transact(() => {
      this.credentials.insert(credential, { inMemory: this.deps.keychain().mode === 'memory' });
      this.pinToEnvironment(credential);
      this.deps.audit.append({
        action: 'create',
        credentialId: id,
        credentialName: credential.name,
        fingerprint: credential.fingerprint,
        detail: 'recovered from the keychain at start-up',
      });
    });
    return credential;
  }

  /**
   * Marks a credential revoked and deletes its secret. `inTransaction` runs in the same commit (the
   * rotation's event). Metadata first: a crash before the keychain delete leaves a revoked
   * credential's secret behind, which reconcile deletes at the next start.
   */
  async revoke(idOrName: string, detail: string, inTransaction: () => void = () => undefined): Promise<Credential> {
    const credential = this.get(idOrName);
    this.deps.transact(() => {
      this.credentials.setStatus(credential.id, 'revoked', this.now().toISOString());
      this.deps.audit.append({ action: 'revoke', credentialId: credential.id, credentialName: credential.name, fingerprint: credential.fingerprint, detail });
      inTransaction();
    });
    await this.deps.secrets().delete(credential.id);
    await this.deps.secrets().delete(`${credential.id}:refresh`);
    return { ...credential, status: 'revoked' };
  }

  async remove(idOrName: string): Promise<Credential> {
    const credential = this.get(idOrName);
    this.deps.transact(() => {
      this.credentials.delete(credential.id);
      this.deps.audit.append({ action: 'delete', credentialId: credential.id, credentialName: credential.name, fingerprint: credential.fingerprint });
    });
    this.credentials.checkpoint();
    // Metadata first here: a crash now leaves an orphan keychain entry, which reconcile cleans up.
    await this.deps.secrets().delete(credential.id);
    await this.deps.secrets().delete(`${credential.id}:refresh`);
    return credential;
  }

  async companion(id: string, purpose: CompanionPurpose): Promise<string | null> {
    return this.deps.secrets().get(`${id}:${purpose}`);
  }

  async setCompanion(id: string, purpose: CompanionPurpose, secret: string): Promise<void> {
    await this.deps.secrets().set(`${id}:${purpose}`, secret);
  }

  /** A new secret for the same credential (a refreshed access token): keychain, then metadata. */
  async replaceSecret(id: string, secret: string, expiresAt: string | null, detail: string): Promise<Credential> {
    const current = this.get(id);
    await this.deps.secrets().set(id, secret);
    const next: Credential = {
      ...current,
      fingerprint: this.deps.fingerprint(secret),
      last4: lastFour(secret),
      expiresAt,
      status: 'active',
      updatedAt: this.now().toISOString(),
    };
    this.deps.transact(() => {
      this.credentials.update(next);
      this.credentials.setFingerprint(id, next.fingerprint, next.last4);
      this.deps.audit.append({ action: 'session-refresh', credentialId: id, credentialName: next.name, fingerprint: next.fingerprint, detail });
    });
    return next;
  }

  /** Reads a secret for use on the Node side (signing, copy, CLI reveal). Audited by the caller's action. */
  async secretOf(credential: Credential): Promise<string> {
    const held = this.credentials.secretHeldIn(credential.id);
    if (held === 'earlier-session-memory') {
      throw new AppError(
        'NOT_FOUND',
        `The secret of "${credential.name}" was kept in memory by an earlier session (no keychain then), and went with it; add it again.`,
      );
    }
    const { status, mode } = this.deps.keychain();
    if (held === 'keychain' && mode === 'memory') {
      throw new AppError(
        'KEYCHAIN_UNAVAILABLE',
        `The secret of "${credential.name}" is in the OS keychain, which this session does not use (in-memory secrets). Restart Keyhole with the keychain.`,
      );
    }
    if (held === 'keychain' && status.state === 'unavailable') {
      throw new AppError(
        'KEYCHAIN_UNAVAILABLE',
        `The OS keychain is unavailable (${status.reason}), so the secret of "${credential.name}" cannot be read. Fix the keychain and restart Keyhole.`,
      );
    }
    const secret = await this.deps.secrets().get(credential.id);
    if (secret === null) {
      this.credentials.setStatus(credential.id, 'secret_missing', this.now().toISOString());
      throw new AppError(
        'NOT_FOUND',
        `The secret of "${credential.name}" is no longer in the ${this.deps.secrets().backend === 'memory' ? 'in-memory store' : 'OS keychain'}; add it again.`,
      );
    }
    return secret;
  }

  /** Prints the secret in the CLI only: it is never sent to the renderer. */
  async reveal(idOrName: string): Promise<string> {
    const credential = this.get(idOrName);
    const secret = await this.secretOf(credential);
    this.deps.audit.append({ action: 'reveal', credentialId: credential.id, credentialName: credential.name, fingerprint: credential.fingerprint });
    return secret;
  }

  /** Puts the secret on the clipboard on the Node side and clears it after 30 s if still there. */
  async copy(idOrName: string): Promise<{ clearsInSeconds: number }> {
    const credential = this.get(idOrName);
    const clipboard = await this.deps.clipboard();
    if (!clipboard) {
      throw new AppError(
        'CONFLICT',
        'No clipboard is available here (on Linux install wl-clipboard, xclip or xsel); `keyhole vault reveal NAME` prints the secret instead.',
      );
    }
    const secret = await this.secretOf(credential);
    await clipboard.write(secret);
    this.deps.audit.append({ action: 'copy', credentialId: credential.id, credentialName: credential.name, fingerprint: credential.fingerprint });
    const clearMs = this.deps.clipboardClearMs ?? 30_000;
    setTimeout(() => {
      void clipboard
        .read()
        .then((current) => (current === secret ? clipboard.write('') : undefined))
        .catch(() => undefined);
    }, clearMs).unref();
    return { clearsInSeconds: Math.round(clearMs / 1000) };
  }

  /** Start-up check between the keychain and SQLite; see the class comment. */
  async reconcile(): Promise<Reconciliation> {
    const { status, mode } = this.deps.keychain();
    // In memory, this session's own secrets are there by construction, and the keychain's cannot be
    // checked: nothing to find, and nothing may be marked missing for not being in memory.
    if (mode === 'memory') return { orphanAccounts: [], missingSecrets: [] };
    if (status.state === 'unavailable') {
      throw new AppError('KEYCHAIN_UNAVAILABLE', `The OS keychain is unavailable (${status.reason}), so Keyhole cannot check which secrets it holds.`);
    }
    const store = this.deps.secrets();
    const accounts = new Set((await store.accounts()).filter((a) => a.startsWith(ACCOUNT_PREFIX)));
    const known = this.credentials.ids();
    const missingSecrets: string[] = [];
    const at = this.now().toISOString();
    for (const credential of this.credentials.list()) {
      if (credential.status === 'revoked') {
        // A revoke that stopped between its commit and the keychain delete: finish it.
        if (accounts.has(credential.id)) await store.delete(credential.id);
        continue;
      }
      if (!accounts.has(credential.id) && credential.status === 'active') {
        this.credentials.setStatus(credential.id, 'secret_missing', at);
        missingSecrets.push(credential.id);
      } else if (accounts.has(credential.id) && credential.status === 'secret_missing') {
        this.credentials.setStatus(credential.id, 'active', at);
      }
    }
    return { orphanAccounts: [...accounts].filter((a) => !known.has(ownerOf(a))), missingSecrets };
  }

  /** Deletes keychain entries that have no metadata; refuses anything that is a live credential. */
  /**
   * A credential may go where its environment points when it is added (the user chose both); any
   * other origin later needs a confirmation (OriginGuard).
   */
  private pinToEnvironment(credential: Credential): void {
    const environment = this.deps.catalog.environment(credential.providerId, credential.environmentId);
    if (environment.baseUrl) this.origins.pin(credential.id, new URL(environment.baseUrl).origin, this.now().toISOString());
  }

  /** Credentials from before origin pinning: pinned to their environment's origin as it is now. */
  pinUnpinned(): number {
    const ids = this.origins.unpinned();
    for (const id of ids) {
      const credential = this.credentials.get(id);
      if (credential) this.pinToEnvironment(credential);
    }
    return ids.length;
  }

  /**
   * Moves credentials from the plain-hash fingerprint of older versions to the keyed one, with their
   * history rows. Needs the secrets, so it runs at start-up when the keychain is readable; a
   * credential whose secret is gone keeps waiting (and is not matched in new traffic until then).
   */
  async rekeyFingerprints(): Promise<number> {
    let done = 0;
    for (const id of this.credentials.awaitingRekey()) {
      const credential = this.credentials.get(id);
      const secret = credential && (await this.deps.secrets().get(id));
      if (!credential || !secret) continue;
      this.credentials.rekey(id, credential.fingerprint, this.deps.fingerprint(secret), lastFour(secret));
      done += 1;
    }
    return done;
  }

  async removeOrphans(accounts: readonly string[]): Promise<number> {
    const known = this.credentials.ids();
    let removed = 0;
    for (const account of accounts) {
      if (!account.startsWith(ACCOUNT_PREFIX) || known.has(ownerOf(account))) continue;
      if (await this.deps.secrets().delete(account)) removed++;
    }
    if (removed > 0) this.deps.audit.append({ action: 'cleanup', detail: `removed ${removed} orphaned keychain entries` });
    return removed;
  }

  /**
   * Adds several credentials all or nothing: every check first, then every keychain write, then one
   * transaction for all metadata. A failure at any point removes the keychain entries already written.
   */
  /** All or nothing. `where(i)` names entry i in errors the way the user sees it ("Line 4"); by default "Entry i+1". */
  /**
   * The one import planner, for the preview and the import alike: each entry with every reason it
   * would be refused (errors) or warned about, in the same words. `where(i)` names an entry ("Line 4").
   */
  planImport(inputs: readonly unknown[], where: (index: number) => string): ImportPlanEntry[] {
    const names = new Map<string, number>();
    const prints = new Map<string, number>();
    const lower = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
    return inputs.map((input, index): ImportPlanEntry => {
      let entry: NewCredential;
      try {
        entry = this.parseNew(input);
      } catch (error) {
        return {
          entry: null,
          warnings: [{ code: 'INVALID_FIELD', severity: 'error', message: (error as Error).message, fix: 'Correct this entry.' }],
          stored: false,
        };
      }
      const inBatch: CredentialWarning[] = [];
      const name = entry.name.toLowerCase();
      const sameName = names.get(name);
      if (sameName !== undefined) {
        inBatch.push({
          code: 'DUPLICATE_NAME',
          severity: 'error',
          message: `The name is already used by ${lower(where(sameName))}.`,
          fix: 'Give each key its own name.',
        });
      } else if (this.credentials.find(entry.name)) {
        inBatch.push({
          code: 'DUPLICATE_NAME',
          severity: 'error',
          message: `A credential named "${entry.name}" is already in the vault.`,
          fix: 'Rename this key, or remove the stored one first.',
        });
      }
      if (sameName === undefined) names.set(name, index);
      const print = this.deps.fingerprint(entry.secret);
      const sameSecret = prints.get(print);
      if (sameSecret !== undefined) {
        inBatch.push({ code: 'DUPLICATE_SECRET', severity: 'error', message: `The same secret as ${lower(where(sameSecret))}.`, fix: 'Import each key once.' });
      } else prints.set(print, index);
      const stored = this.credentials.withFingerprint(print).length > 0;
      return { entry, warnings: [...inBatch, ...this.warningsFor(entry, entry.secret, undefined)], stored };
    });
  }

  async addMany(inputs: readonly unknown[], source: string, where: (index: number) => string = (index) => `Entry ${index + 1}`): Promise<AddResult[]> {
    const plan = this.planImport(inputs, where);
    plan.forEach(({ entry, warnings }, index) => {
      const errors = warnings.filter((w) => w.severity === 'error');
      if (errors.length === 0) return;
      const clash = errors.every((e) => e.code === 'DUPLICATE_NAME' || e.code === 'DUPLICATE_SECRET');
      throw new AppError(clash ? 'CONFLICT' : 'INVALID_INPUT', `${where(index)}${entry ? ` (${entry.name})` : ''}: ${errors.map((e) => e.message).join(' ')}`);
    });
    this.assertSecretsWritable();
    const results = plan.map(({ entry, warnings }) => ({ entry: entry!, credential: this.newCredential(entry!, entry!.secret), warnings }));

    const written: string[] = [];
    try {
      for (const { entry, credential } of results) {
        await this.deps.secrets().set(credential.id, entry.secret);
        written.push(credential.id);
      }
      this.deps.transact(() => {
        for (const { credential } of results) {
          this.credentials.insert(credential, { inMemory: this.deps.keychain().mode === 'memory' });
          this.pinToEnvironment(credential);
          this.deps.audit.append({
            action: 'import',
            credentialId: credential.id,
            credentialName: credential.name,
            fingerprint: credential.fingerprint,
            detail: `from ${source}`,
          });
        }
      });
    } catch (error) {
      for (const account of written)
        await this.deps
          .secrets()
          .delete(account)
          .catch(() => false);
      throw error;
    }
    return results.map(({ credential, warnings }) => ({ credential, warnings }));
  }

  warningsFor(fields: CredentialFields, secret: string | undefined, selfId: string | undefined): CredentialWarning[] {
    const profile = this.deps.catalog.get(fields.providerId);
    const environment = this.deps.catalog.environment(fields.providerId, fields.environmentId);
    const kind = this.kindOf(profile, fields.kind);
    const sameSecret = secret === undefined ? [] : this.credentials.withFingerprint(this.deps.fingerprint(secret)).filter((c) => c.id !== selfId);
    for (const match of sameSecret) {
      this.deps.audit.append({
        action: 'secret-match',
        credentialId: match.id,
        credentialName: match.name,
        fingerprint: match.fingerprint,
        detail: 'a secret given to check or import was this key',
      });
    }
    return credentialWarnings({
      profile,
      environment,
      kind,
      scopes: fields.scopes,
      boundId: fields.boundId,
      expiresAt: fields.expiresAt,
      secret,
      sameSecret,
      now: this.now(),
    });
  }

  private kindOf(profile: ProviderProfile, kindId: string) {
    const kind = profile.credentialKinds.find((k) => k.id === kindId);
    if (!kind) {
      throw new AppError('INVALID_INPUT', `${profile.name} has no credential kind "${kindId}". Known: ${profile.credentialKinds.map((k) => k.id).join(', ')}.`);
    }
    return kind;
  }

  private parseNew(input: unknown): NewCredential {
    const parsed = NewCredential.safeParse(input);
    if (!parsed.success) {
      // Never echo the input back: it contains the secret.
      throw new AppError('INVALID_INPUT', describeZodError(parsed.error, 'Invalid credential'));
    }
    return parsed.data;
  }

  private newCredential(fields: CredentialFields, secret: string): Credential {
    const at = this.now().toISOString();
    return {
      // Re-parsed so that nothing beyond the metadata fields (the secret!) can ride along.
      ...CredentialFields.parse(fields),
      id: this.newId(),
      fingerprint: this.deps.fingerprint(secret),
      last4: lastFour(secret),
      status: 'active',
      createdAt: at,
      updatedAt: at,
      lastUsedAt: null,
    };
  }

  private assertSecretsWritable(): void {
    const { status, mode } = this.deps.keychain();
    if (mode === 'keychain' && status.state === 'unavailable') {
      throw new AppError(
        'KEYCHAIN_UNAVAILABLE',
        `The OS keychain is unavailable (${status.reason}). Nothing was saved. Fix the keychain and restart Keyhole, ` +
          'or choose in-memory secrets in Settings (they are lost when Keyhole quits).',
      );
    }
  }

  private assertNoErrors(warnings: CredentialWarning[]): void {
    const errors = warnings.filter((w) => w.severity === 'error');
    if (errors.length > 0) throw new AppError('INVALID_INPUT', errors.map((e) => `${e.message} ${e.fix}`).join(' '));
  }
}
