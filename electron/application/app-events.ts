import type { AppEvent } from '../../shared/ipc/events';

/**
 * What changed, for every open window and page: new traffic rows, a rotation's progress, the vault.
 * Traffic is announced at most every `trafficDelayMs` however fast the proxy records (one event
 * carries the newest id; the page asks for the rows after the last one it has).
 */
export class AppEvents {
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private trafficTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly latestTrafficId: () => number,
    private readonly trafficDelayMs = 250,
  ) {}

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Coalesces bursts: the proxy's worker writes up to 50 batches a second. */
  trafficChanged(): void {
    if (this.trafficTimer || this.listeners.size === 0) return;
    this.trafficTimer = setTimeout(() => {
      this.trafficTimer = null;
      this.emit({ type: 'traffic:added', latestId: this.latestTrafficId() });
    }, this.trafficDelayMs);
    this.trafficTimer.unref();
  }

  close(): void {
    if (this.trafficTimer) clearTimeout(this.trafficTimer);
    this.listeners.clear();
  }
}
