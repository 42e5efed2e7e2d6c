import { useRef, type KeyboardEvent } from 'react';
import { sections, type SectionId } from './sections';

/** Section navigation: Tab reaches the current item, arrows/Home/End move between items. */
export function Sidebar({ current, onSelect }: { current: SectionId; onSelect: (id: SectionId) => void }) {
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const last = sections.length - 1;
    const next =
      event.key === 'ArrowDown'
        ? index === last
          ? 0
          : index + 1
        : event.key === 'ArrowUp'
          ? index === 0
            ? last
            : index - 1
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    buttons.current[next]?.focus();
  };

  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand" aria-hidden="true">
        Keyhole
      </div>
      <ul>
        {sections.map((section, index) => (
          <li key={section.id}>
            <button
              ref={(el) => {
                buttons.current[index] = el;
              }}
              type="button"
              aria-current={section.id === current ? 'page' : undefined}
              tabIndex={section.id === current ? 0 : -1}
              onClick={() => onSelect(section.id)}
              onKeyDown={(event) => onKeyDown(event, index)}
            >
              <span>{section.label}</span>
              <kbd aria-label={`shortcut g then ${section.shortcut}`}>g {section.shortcut}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
