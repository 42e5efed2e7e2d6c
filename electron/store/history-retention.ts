import type { HistoryRetention } from '../../shared/settings/settings';
import type { HistoryRepository } from './history-repository';
import type { SettingsRepository } from './settings-repository';

export interface RetentionResult {
  retention: HistoryRetention;
  removed: number;
  remaining: number;
}

/** Saves a retention setting and applies it at once (the Settings screen and `keyhole traffic prune`). */
export function applyRetention(deps: { settings: SettingsRepository; history: HistoryRepository }, retention: HistoryRetention, now: Date): RetentionResult {
  const saved = deps.settings.update({ historyRetention: retention }).historyRetention;
  const removed = deps.history.prune(saved, now);
  return { retention: saved, removed, remaining: deps.history.count() };
}
