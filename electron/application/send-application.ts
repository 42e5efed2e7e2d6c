import type { KeyholeServices } from './services';
import type { AppEvents } from './app-events';
import type { In, Out } from './types';

/** What this area uses of the services. */
export type SendServices = Pick<KeyholeServices, 'catalog' | 'pipeline' | 'savedRequests' | 'send' | 'sessions' | 'vault'>;

/** Signed test requests, saved requests and JWT session logins. */
export function sendApplication(services: SendServices, events: AppEvents) {
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
      // A saved request goes through the same redaction as an exchange: a key or password typed into
      // its path, headers or body is stored as a placeholder (the signing key is added when it is sent).
      const redactor = services.pipeline.redactor();
      const headers = redactor.headers(input.headers);
      const contentType = Object.entries(input.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
      const redacted = {
        ...input,
        path: redactor.scrub(redactor.url(input.path)),
        headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, redactor.scrub(v)])),
        body: input.body === null ? null : redactor.scrub(redactor.body(input.body, contentType)),
      };
      return services.savedRequests.save(redacted, new Date().toISOString());
    },
    removeRequest: ({ id }: In<'requests:remove'>): Out<'requests:remove'> => ({ removed: services.savedRequests.remove(id) }),
  };
}
export type SendApplication = ReturnType<typeof sendApplication>;
