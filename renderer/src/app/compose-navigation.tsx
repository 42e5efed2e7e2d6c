import { createContext, useContext } from 'react';
import type { DraftSource } from '../../../shared/exchange/exchange';

/**
 * "Open in composer" from another screen (Diagnose pasted, a Traffic row): the app keeps the source
 * until Send's composer takes it, then shows Send.
 */
export interface ComposeNavigation {
  openInComposer(source: DraftSource): void;
  /** The source waiting for the composer, taken once. */
  takeDraft(): DraftSource | null;
}

export const ComposeNavigationContext = createContext<ComposeNavigation>({ openInComposer: () => undefined, takeDraft: () => null });
export const useComposeNavigation = () => useContext(ComposeNavigationContext);
