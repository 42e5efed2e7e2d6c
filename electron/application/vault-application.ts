import type { Credential } from '../../shared/vault/credential';
import type { CredentialWarning } from '../../shared/vault/credential-warnings';
import type { KeyholeServices } from '../composition/keyhole-services';
import { parseEnvFile } from '../vault/env-file';
import { lastFour } from '../vault/fingerprint';
import type { AppEvents } from './app-events';
import type { In, Out } from './types';

/** Credentials: metadata in SQLite, secrets in the keychain; every change announced as a vault event. */
export function vaultApplication(services: KeyholeServices, events: AppEvents) {
  const { vault, origins } = services;
  const changed = <T>(value: T): T => {
    events.emit({ type: 'vault:changed' });
    return value;
  };
  return {
    list: (filter: In<'vault:list'>): Out<'vault:list'> => vault.list(filter),
    show: ({ id }: In<'vault:show'>): Out<'vault:show'> => {
      const credential = vault.get(id);
      return { credential, warnings: vault.warningsFor(credential, undefined, credential.id) };
    },
    check: (input: In<'vault:check'>): Out<'vault:check'> => vault.check(input),
    add: async (input: In<'vault:add'>): Promise<Out<'vault:add'>> => changed(await vault.add(input)),
    update: ({ id, edit }: In<'vault:update'>): Out<'vault:update'> => changed(vault.update(id, edit)),
    remove: async ({ id }: In<'vault:remove'>): Promise<Out<'vault:remove'>> => changed(await vault.remove(id)),
    copy: ({ id }: In<'vault:copy'>): Promise<Out<'vault:copy'>> => vault.copy(id),
    /** The terminal only: prints the secret (audited). */
    reveal: (nameOrId: string): Promise<string> => vault.reveal(nameOrId),
    health: (): Promise<Out<'vault:health'>> => vault.reconcile(),
    removeOrphans: async ({ accounts }: In<'vault:remove-orphans'>): Promise<Out<'vault:remove-orphans'>> => ({ removed: await vault.removeOrphans(accounts) }),
    /** What the import would do, line by line, with every reason it would refuse one (the same checks, the same words). */
    importPreview: ({ text, providerId, environmentId, kind }: In<'vault:import-preview'>): Out<'vault:import-preview'> => {
      const entries = parseEnvFile(text, 'the pasted text', { allowInlineComments: true });
      vault.countSecretChecks(entries.map((e) => e.secret));
      const names = new Map<string, number>();
      const prints = new Map<string, number>();
      return entries.map((entry) => {
        const fields = { name: entry.name, providerId, environmentId, kind, scopes: [], boundId: null, notes: '', expiresAt: null };
        const fingerprint = services.pipeline.fingerprint(entry.secret);
        const sameName = names.get(entry.name.toLowerCase());
        const sameSecret = prints.get(fingerprint);
        if (sameName === undefined) names.set(entry.name.toLowerCase(), entry.line);
        if (sameSecret === undefined) prints.set(fingerprint, entry.line);
        const inBatch: CredentialWarning[] = [];
        if (sameName !== undefined) {
          inBatch.push({
            code: 'DUPLICATE_NAME',
            severity: 'error',
            message: `Line ${entry.line} reuses the name on line ${sameName}.`,
            fix: 'Give each key its own name.',
          });
        }
        if (sameSecret !== undefined) {
          inBatch.push({
            code: 'DUPLICATE_SECRET',
            severity: 'error',
            message: `Line ${entry.line} has the same secret as line ${sameSecret}.`,
            fix: 'Import each key once.',
          });
        }
        const warnings = [...inBatch, ...vault.warningsFor(fields, entry.secret, undefined)];
        // A fingerprint only of a key the vault already holds: one of a pasted secret would let the
        // page compare it with the list, and confirm a guess.
        const stored = warnings.some((w) => w.code === 'DUPLICATE_SECRET' || w.code === 'SAME_SECRET_OTHER_ENVIRONMENT');
        return { name: entry.name, line: entry.line, fingerprint: stored ? fingerprint : '', last4: lastFour(entry.secret), cut: entry.cut, warnings };
      });
    },
    /** All or nothing; `source` names the file or "pasted .env lines" in errors and the audit log; errors name the line, as the preview does. */
    import: async (
      { text, providerId, environmentId, kind, allowInlineComments }: In<'vault:import'>,
      source = 'the pasted text',
    ): Promise<Out<'vault:import'>> => {
      const entries = parseEnvFile(text, source, { allowInlineComments });
      return changed(
        await vault.addMany(
          entries.map((e) => ({ name: e.name, secret: e.secret, providerId, environmentId, kind })),
          source === 'the pasted text' ? 'pasted .env lines' : source,
          (index) => `Line ${entries[index]?.line ?? index + 1}`,
        ),
      );
    },
    /** The web shell's second step of a first send to a new origin: the code printed in its terminal. */
    confirmOrigin: ({ credential, origin, code }: In<'origins:confirm'>): Out<'origins:confirm'> => {
      const found = vault.get(credential);
      origins.confirmWithCode(found, origin, code);
      return { origins: origins.origins(found) };
    },
    /** The terminal is the user: allowing an origin there needs no code. */
    allowOrigin: (nameOrId: string, origin: string): { credential: Credential; origins: string[] } => {
      const credential = vault.get(nameOrId);
      origins.pin(credential, origin, 'confirmed at the terminal');
      return { credential, origins: origins.origins(credential) };
    },
  };
}
export type VaultApplication = ReturnType<typeof vaultApplication>;
