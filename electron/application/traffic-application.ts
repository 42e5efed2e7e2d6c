import { AppError } from '../../shared/errors/app-error';
import { adviseScopes } from '../../shared/advisor/least-privilege';
import { supportBundle } from '../../shared/exchange/support-bundle';
import type { HistoryEntry } from '../../shared/exchange/exchange';
import type { KeyholeServices } from './services';
import { replayRequest } from '../send/replay';
import { applyRetention } from '../store/history-retention';
import { UNREADABLE, type HistoryQuery } from '../store/history-repository';
import type { In, Out } from './types';
import type { RunningIntercept } from '../../shared/intercept/intercept';

const today = () => new Date().toISOString().slice(0, 10);

/** What this area uses of the services. */
export type TrafficServices = Pick<KeyholeServices, 'catalog' | 'history' | 'intercept' | 'pipeline' | 'proxies' | 'send' | 'settings' | 'vault' | 'version'>;

/** Recorded traffic: the list's read model, details, exports, HAR import, replay, advice and the proxies. */
export function trafficApplication(services: TrafficServices) {
  const { history, pipeline, vault } = services;
  /** A name or id to the credential's id: the one place the filter's credential is resolved. */
  const query = ({ credential, ...filter }: In<'traffic:list'>): HistoryQuery => ({
    ...filter,
    credentialId: credential ? vault.get(credential).id : undefined,
  });
  const entry = (id: number): HistoryEntry => {
    const found = history.get(id);
    if (!found) throw new AppError('NOT_FOUND', `No history entry ${id}.`);
    return pipeline.reredact(found);
  };
  return {
    list: (filter: In<'traffic:list'>): Out<'traffic:list'> => history.rows(query(filter)),
    get: ({ id }: In<'history:get'>): Out<'history:get'> => entry(id),
    // Send's own list: what was sent from Keyhole, not thousands of imported or proxied rows.
    recent: ({ limit }: In<'history:recent'>): Out<'history:recent'> => history.rows({ limit, source: 'send' }),
    export: (filter: In<'traffic:export'>): Out<'traffic:export'> => {
      // Rows sealed under a key this session does not have carry no text to export.
      const entries = history
        .query(query(filter))
        .filter((e) => e.error !== UNREADABLE)
        .reverse()
        .map((e) => pipeline.reredact(e));
      return { filename: `keyhole-traffic-${today()}.har`, mediaType: 'application/json', content: supportBundle(entries, services.version) };
    },
    bundle: ({ ids }: In<'history:bundle'>): Out<'history:bundle'> => ({
      filename: `keyhole-support-${today()}.har`,
      mediaType: 'application/json',
      content: supportBundle(ids.map(entry), services.version),
    }),
    importHar: async ({ text, source }: In<'traffic:import-har'>): Promise<Out<'traffic:import-har'>> =>
      (await import('../exchange-import/import-har')).importHar(text, source, { providers: services.catalog.list(), pipeline, history, now: new Date() }),
    prune: (retention: In<'traffic:prune'>): Out<'traffic:prune'> => applyRetention({ settings: services.settings, history }, retention, new Date()),
    /** Least privilege: the scopes a credential's served traffic used (up to 10,000 exchanges), against the ones it holds. */
    advise: ({ id }: In<'traffic:advise'>): Out<'traffic:advise'> & { credentialName: string } => {
      const credential = vault.get(id);
      const traffic = history.rows({ credentialId: credential.id, limit: 10_000 }).filter((row) => !row.byKeyhole);
      const advice = adviseScopes(services.catalog.get(credential.providerId), credential.scopes, traffic);
      return { credentialName: credential.name, held: credential.scopes, ...advice };
    },
    replay: ({ id, credential }: In<'history:replay'>): Promise<Out<'history:replay'>> => {
      const recorded = history.get(id);
      if (!recorded) throw new AppError('NOT_FOUND', `No history entry ${id}.`);
      const signer = vault.get(credential);
      if (recorded.providerId !== null && recorded.providerId !== signer.providerId) {
        const recordedAs = services.catalog.list().find((p) => p.id === recorded.providerId)?.name ?? recorded.providerId;
        throw new AppError(
          'INVALID_INPUT',
          `Exchange ${id} was recorded against ${recordedAs}; ${signer.name} is a ${services.catalog.get(signer.providerId).name} key.`,
        );
      }
      return services.send.send(replayRequest(recorded, services.catalog.get(signer.providerId), signer.id));
    },
    startProxy: ({ providerId, environmentId, port }: In<'proxy:start'>): Promise<Out<'proxy:start'>> =>
      services.proxies.start(providerId, environmentId, port),
    stopProxy: async ({ providerId, environmentId }: In<'proxy:stop'>): Promise<Out<'proxy:stop'>> => ({
      stopped: await services.proxies.stop(providerId, environmentId),
    }),
    /** From the page, `connectTo` only; a terminal may also name a CA file to trust upstream and a port. */
    startIntercept: async (input: In<'intercept:start'> & { upstreamCa?: string; port?: number }): Promise<{ running: RunningIntercept }> => ({
      running: await services.intercept.start(input),
    }),
    stopIntercept: async (): Promise<Out<'intercept:stop'>> => ({ stopped: await services.intercept.stop() }),
    intercept: (): Out<'intercept:status'> => ({ running: services.intercept.status() }),
    interceptCa: async (): Promise<Out<'intercept:ca'>> => (await services.intercept.ca()).info(),
    proxies: (): Out<'proxy:list'> => ({ running: services.proxies.list(), recorder: services.proxies.recorder.stats() }),
  };
}
export type TrafficApplication = ReturnType<typeof trafficApplication>;
