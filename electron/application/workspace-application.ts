import { AppError } from '../../shared/errors/app-error';
import { auditToCsv } from '../../shared/vault/audit';
import type { KeyholeServices } from './services';
import type { AppEvents } from './app-events';
import { PAGE, type Caller, type In, type Out } from './types';

/** What this area uses of the services. */
export type WorkspaceServices = Pick<
  KeyholeServices,
  | 'audit'
  | 'catalog'
  | 'dataDir'
  | 'databaseFile'
  | 'keychain'
  | 'origins'
  | 'proxies'
  | 'schemaVersion'
  | 'secretsMode'
  | 'settings'
  | 'shell'
  | 'tryIt'
  | 'useMemorySecrets'
  | 'vault'
  | 'version'
>;

/** The app itself, settings, providers and environments, "Try it", and the audit log. */
export function workspaceApplication(services: WorkspaceServices, events: AppEvents) {
  const status = (): Out<'app:status'> => ({
    version: services.version,
    shell: services.shell,
    dataDir: services.dataDir,
    databaseFile: services.databaseFile,
    schemaVersion: services.schemaVersion(),
    keychain: services.keychain,
    secretsMode: services.secretsMode(),
  });
  return {
    status,
    useMemorySecrets: (): Out<'secrets:use-memory'> => {
      if (services.keychain.state === 'available') {
        throw new AppError('CONFLICT', 'The OS keychain is available; in-memory secrets are only offered when it is not.');
      }
      services.useMemorySecrets();
      return status();
    },
    settings: (): Out<'settings:get'> => services.settings.read(),
    updateSettings: (patch: In<'settings:update'>): Out<'settings:update'> => services.settings.update(patch),

    providers: (): Out<'providers:list'> => services.catalog.list(),
    importProvider: ({ text, source, format, id }: In<'providers:import'>): Promise<Out<'providers:import'>> =>
      services.catalog.importProfile(text, source, { format, id }),
    addEnvironment: ({ providerId, environment }: In<'environments:add'>): Out<'environments:add'> => services.catalog.addEnvironment(providerId, environment),
    removeEnvironment: ({ providerId, environmentId }: In<'environments:remove'>): Out<'environments:remove'> => {
      if (services.proxies.list().some((p) => p.providerId === providerId && p.environmentId === environmentId)) {
        throw new AppError('CONFLICT', `A recording proxy is running for ${providerId}/${environmentId}; stop it before removing the environment.`);
      }
      return services.catalog.removeEnvironment(providerId, environmentId, services.vault.list({ providerId, environmentId }).length);
    },
    /**
     * At the terminal the caller is the user, so keys of the environment may go to the origin just set
     * (the page's first send to it asks for a confirmation instead).
     */
    setEnvironmentUrl: ({ providerId, environmentId, baseUrl }: In<'environments:set-url'>, caller: Caller = PAGE): Out<'environments:set-url'> => {
      const profile = services.catalog.setEnvironmentUrl(providerId, environmentId, baseUrl);
      if (caller.via === 'terminal' && baseUrl !== null) {
        for (const credential of services.vault.list({ providerId, environmentId }))
          services.origins.pin(credential, new URL(baseUrl).origin, 'base URL set at the terminal');
      }
      return profile;
    },

    sandboxStatus: async (): Promise<Out<'sandbox:status'>> => ({
      running: services.tryIt.running(),
      baseUrls: services.tryIt.running() ? (await services.tryIt.ensureStarted()).baseUrls : null,
    }),
    seedDemo: async (): Promise<Out<'sandbox:seed-demo'>> => {
      const seeded = await services.tryIt.seedDemo();
      events.emit({ type: 'vault:changed' });
      return seeded;
    },

    audit: (filter: In<'audit:list'>): Out<'audit:list'> => services.audit.list(filter),
    exportAudit: ({ format, filter }: In<'audit:export'>): Out<'audit:export'> => {
      const entries = services.audit.list(filter);
      const stamp = new Date().toISOString().slice(0, 10);
      return format === 'csv'
        ? { filename: `keyhole-audit-${stamp}.csv`, mediaType: 'text/csv', content: auditToCsv(entries) }
        : { filename: `keyhole-audit-${stamp}.json`, mediaType: 'application/json', content: `${JSON.stringify(entries, null, 2)}\n` };
    },
  };
}
export type WorkspaceApplication = ReturnType<typeof workspaceApplication>;
