import type { AppEvent } from '../../shared/ipc/events';

/**
 * What changed, for every open window and page: new traffic rows, a rotation's progress, the vault.
 * Traffic is announced at most every `trafficDelayMs` however fast the proxy records (one event
 * carries the newest id; the page asks for the rows after the last one it has).
 */
export class AppEvents {
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private trafficTimer: NodeJS.Timeout | null = null;
  private watch: NodeJS.Timeout | null = null;
  private announcedId = 0;

  constructor(
    private readonly latestTrafficId: () => number,
    private readonly trafficDelayMs = 250,
    /** Rows written by another process (a `keyhole proxy` in a terminal) are noticed within this. */
    private readonly otherWritersMs = 1000,
  ) {}

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    // While anyone listens, the newest id is compared once a second (one index lookup): another
    // process's writes have no in-process signal. Nothing is read for a page that is not open.
    if (!this.watch) {
      this.announcedId = this.latestTrafficId();
      this.watch = setInterval(() => {
        if (this.latestTrafficId() > this.announcedId) this.trafficChanged();
      }, this.otherWritersMs);
      this.watch.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.watch) {
        clearInterval(this.watch);
        this.watch = null;
      }
    };
  }

  emit(event: AppEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Coalesces bursts: the proxy's worker writes up to 50 batches a second. */
  trafficChanged(): void {
    if (this.trafficTimer || this.listeners.size === 0) return;
    this.trafficTimer = setTimeout(() => {
      this.trafficTimer = null;
      this.announcedId = this.latestTrafficId();
      this.emit({ type: 'traffic:added', latestId: this.announcedId });
    }, this.trafficDelayMs);
    this.trafficTimer.unref();
  }

  close(): void {
    if (this.trafficTimer) clearTimeout(this.trafficTimer);
    if (this.watch) clearInterval(this.watch);
    this.watch = null;
    this.listeners.clear();
  }
}
