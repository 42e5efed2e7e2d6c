import { AppError } from '../../shared/errors/app-error';
import { aOrAn } from '../../shared/text/words';
import type { KeyholeServices } from './services';
import type { AppEvents } from './app-events';
import type { In, Out } from './types';

/** What this area uses of the services. */
export type SendServices = Pick<KeyholeServices, 'audit' | 'catalog' | 'history' | 'pipeline' | 'savedRequests' | 'send' | 'sessions' | 'vault'>;

/** Signed test requests, saved requests and JWT session logins. */
export function sendApplication(services: SendServices, events: AppEvents) {
  return {
    preflight: (input: In<'send:preflight'>): Promise<Out<'send:preflight'>> => services.send.preflight(input),
    execute: (input: In<'send:execute'>): Promise<Out<'send:execute'>> => services.send.send(input),
    /** The URL bar and "Open in composer": a paste or a recorded exchange as an editable request. */
    draft: async (source: In<'send:draft'>): Promise<Out<'send:draft'>> => {
      // curlconverter loads with the first paste, not with every command.
      const { draftFrom, exchangeFromPaste } = await import('../exchange-import/request-draft');
      const providers = services.catalog.list();
      const shapes = services.pipeline.rules().shapes;
      if ('historyId' in source) {
        const entry = services.history.get(source.historyId);
        if (!entry) throw new AppError('NOT_FOUND', `No history entry ${source.historyId}.`);
        const recorded = services.pipeline.reredact(entry);
        const signer = entry.credentialId ? services.vault.find(entry.credentialId) : undefined;
        return draftFrom(
          { request: recorded.request },
          { providers, shapes, credentialFor: () => null, recordedCredential: signer?.status === 'active' ? signer.id : null },
        );
      }
      return draftFrom(exchangeFromPaste(source.text), {
        providers,
        shapes,
        // Which vault key a pasted secret is: counted and audited as any check of a secret against the vault.
        credentialFor: (secret) => {
          services.vault.countSecretChecks([secret]);
          const print = services.pipeline.fingerprint(secret);
          const match = services.vault.list().find((c) => c.status === 'active' && c.fingerprint === print);
          if (match)
            services.audit.append({
              action: 'secret-match',
              credentialId: match.id,
              credentialName: match.name,
              fingerprint: match.fingerprint,
              detail: 'a secret pasted into the composer was this key',
            });
          return match?.id ?? null;
        },
      });
    },
    /** "Test key": the kind's one read-only request (the profile names it), answered and diagnosed, audited. */
    testKey: async ({ id }: In<'vault:test'>): Promise<Out<'vault:test'>> => {
      const credential = services.vault.get(id);
      const profile = services.catalog.get(credential.providerId);
      const kind = profile.credentialKinds.find((k) => k.id === credential.kind);
      if (!kind?.testRequest) {
        throw new AppError(
          'CONFLICT',
          `${profile.name}'s profile names no test request for ${aOrAn(kind?.label ?? credential.kind)}: send one from Compose instead.`,
        );
      }
      const { method, path } = kind.testRequest;
      const exchange = await services.send.send({ credential: credential.id, method, path, headers: {}, body: null });
      const outcome = exchange.response ? `${exchange.response.status}${exchange.findings[0] ? ` ${exchange.findings[0].code}` : ''}` : 'no answer';
      services.audit.append({
        action: 'key-test',
        credentialId: credential.id,
        credentialName: credential.name,
        fingerprint: credential.fingerprint,
        detail: `${method} ${path} -> ${outcome}`,
      });
      events.emit({ type: 'vault:changed' });
      return exchange;
    },
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
