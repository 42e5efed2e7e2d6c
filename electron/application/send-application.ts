import type { KeyholeServices } from '../composition/keyhole-services';
import type { AppEvents } from './app-events';
import type { In, Out } from './types';

/** Signed test requests, saved requests and JWT session logins. */
export function sendApplication(services: KeyholeServices, events: AppEvents) {
  return {
    preflight: (input: In<'send:preflight'>): Promise<Out<'send:preflight'>> => services.send.preflight(input),
    execute: (input: In<'send:execute'>): Promise<Out<'send:execute'>> => services.send.send(input),
    login: async (input: In<'session:login'>): Promise<Out<'session:login'>> => {
      const credential = await services.sessions.login(input);
      events.emit({ type: 'vault:changed' });
      return credential;
    },
    savedRequests: ({ providerId }: In<'requests:list'>): Out<'requests:list'> => services.savedRequests.list(providerId),
    saveRequest: (input: In<'requests:save'>): Out<'requests:save'> => {
      services.catalog.get(input.providerId);
      if (input.credentialId) services.vault.get(input.credentialId);
      return services.savedRequests.save(input, new Date().toISOString());
    },
    removeRequest: ({ id }: In<'requests:remove'>): Out<'requests:remove'> => ({ removed: services.savedRequests.remove(id) }),
  };
}
export type SendApplication = ReturnType<typeof sendApplication>;
