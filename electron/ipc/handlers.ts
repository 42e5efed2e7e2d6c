import type { Channel, ChannelOutput, ParsedInput } from '../../shared/ipc/contract';
import { AppError } from '../../shared/ipc/result';
import type { KeyholeServices } from '../app/keyhole-services';

export type Handlers = {
  [C in Channel]: (input: ParsedInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};

/** Channel -> service call. Input arrives already validated against the contract. */
export function createHandlers(services: KeyholeServices): Handlers {
  const status = (): ChannelOutput<'app:status'> => ({
    version: services.version,
    shell: services.shell,
    dataDir: services.dataDir,
    databaseFile: services.databaseFile,
    schemaVersion: services.db.pragma('user_version', { simple: true }) as number,
    keychain: services.keychain,
    secretsMode: services.secretsMode(),
  });

  return {
    'app:status': status,
    'secrets:use-memory': () => {
      if (services.keychain.state === 'available') {
        throw new AppError(
          'CONFLICT',
          'The OS keychain is available; in-memory secrets are only offered when it is not.',
        );
      }
      services.useMemorySecrets();
      return status();
    },
    'settings:get': () => services.settings.read(),
    'settings:update': (patch) => services.settings.update(patch),
  };
}
