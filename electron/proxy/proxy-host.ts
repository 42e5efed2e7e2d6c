import type { BaseUrlResolver } from '../send/base-url';
import type { ProviderCatalog } from '../vault/provider-catalog';
import type { HistoryRecorder } from './history-recorder';
import type { RecordingProxy } from './recording-proxy';

export interface RunningProxy {
  providerId: string;
  environmentId: string;
  listen: string;
  upstream: string;
}

/** The recording proxies the app or CLI runs, one per provider environment, sharing the app's recorder. */
export class ProxyHost {
  private readonly running = new Map<string, { proxy: RecordingProxy; info: RunningProxy }>();

  constructor(
    private readonly deps: {
      catalog: ProviderCatalog;
      baseUrl: BaseUrlResolver;
      recorder: HistoryRecorder;
    },
  ) {}

  get recorder(): HistoryRecorder {
    return this.deps.recorder;
  }

  async start(providerId: string, environmentId: string, port?: number): Promise<RunningProxy> {
    const key = `${providerId}/${environmentId}`;
    const existing = this.running.get(key);
    if (existing) return existing.info;
    const profile = this.deps.catalog.get(providerId);
    const environment = this.deps.catalog.environment(providerId, environmentId);
    const upstream = await this.deps.baseUrl(profile, environment);
    this.recorder.register(key, profile, environment);
    const recorder = this.recorder;
    // undici loads with the first proxy, not with every command (about 0.1 s).
    const { startRecordingProxy } = await import('./recording-proxy');
    const proxy = await startRecordingProxy({
      key,
      upstream,
      record: (captured) => recorder.record(captured),
      room: () => recorder.room(),
      trimming: () => recorder.trimming(),
      port,
    });
    const info = { providerId, environmentId, listen: proxy.url, upstream };
    this.running.set(key, { proxy, info });
    return info;
  }

  list(): RunningProxy[] {
    return [...this.running.values()].map((r) => r.info);
  }

  async stop(providerId: string, environmentId: string): Promise<boolean> {
    const key = `${providerId}/${environmentId}`;
    const entry = this.running.get(key);
    if (!entry) return false;
    this.running.delete(key);
    await entry.proxy.close();
    await this.recorder.drained();
    return true;
  }

  /** Stops every proxy; the recorder is the composition root's to close (Send writes through it too). */
  async close(): Promise<void> {
    for (const { info } of [...this.running.values()]) await this.stop(info.providerId, info.environmentId);
  }
}
