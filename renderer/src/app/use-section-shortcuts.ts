import { useEffect } from 'react';
import { sections, type SectionId } from './sections';

const CHORD_TIMEOUT_MS = 1500;

/** `g` then a section's key (g v: Vault, g ,: Settings), ignored while typing in a field. */
export function useSectionShortcuts(go: (id: SectionId) => void): void {
  useEffect(() => {
    let armedAt = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      if (armedAt && Date.now() - armedAt < CHORD_TIMEOUT_MS) {
        armedAt = 0;
        const target = sections.find((s) => s.shortcut === event.key);
        if (target) {
          event.preventDefault();
          go(target.id);
        }
        return;
      }
      armedAt = event.key === 'g' ? Date.now() : 0;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}
