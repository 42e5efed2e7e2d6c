import type { Credential } from '../../shared/vault/credential';
import type { KeyholeServices } from './services';
import { parseEnvFile } from '../vault/env-file';
import { lastFour } from '../vault/fingerprint';
import type { AppEvents } from './app-events';
import { PAGE, type Caller, type In, type Out } from './types';

/** What this area uses of the services. */
export type VaultServices = Pick<KeyholeServices, 'origins' | 'pipeline' | 'vault'>;

/** Credentials: metadata in SQLite, secrets in the keychain; every change announced as a vault event. */
export function vaultApplication(services: VaultServices, events: AppEvents) {
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
      // Unquoted "#" cuts are read here to be shown (the dialog asks to accept them); the import refuses them unless accepted.
      const entries = parseEnvFile(text, 'the pasted text', { allowInlineComments: true });
      vault.countSecretChecks(entries.map((e) => e.secret));
      const plan = vault.planImport(
        entries.map((e) => ({ name: e.name, secret: e.secret, providerId, environmentId, kind })),
        (index) => `Line ${entries[index]!.line}`,
      );
      return entries.map((entry, index) => {
        const { warnings, stored } = plan[index]!;
        // A fingerprint only of a key the vault already holds: one of a pasted secret would let the
        // page compare it with the list, and confirm a guess.
        return {
          name: entry.name,
          line: entry.line,
          fingerprint: stored ? services.pipeline.fingerprint(entry.secret) : '',
          last4: lastFour(entry.secret),
          cut: entry.cut,
          warnings,
        };
      });
    },
    /** All or nothing; the caller's source names the file (or "pasted .env lines") in errors and the audit log; errors name the line, as the preview does. */
    import: async ({ text, providerId, environmentId, kind, allowInlineComments }: In<'vault:import'>, caller: Caller = PAGE): Promise<Out<'vault:import'>> => {
      const entries = parseEnvFile(text, caller.source ?? 'the pasted text', { allowInlineComments });
      return changed(
        await vault.addMany(
          entries.map((e) => ({ name: e.name, secret: e.secret, providerId, environmentId, kind })),
          caller.source ?? 'pasted .env lines',
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
