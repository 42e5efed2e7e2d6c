import { useRef, useState, type KeyboardEvent } from 'react';
import { ComposePanel } from './ComposePanel';
import { DiagnosePanel } from './DiagnosePanel';
import { JwtPanel } from './JwtPanel';
import { RecentPanel } from './RecentPanel';

const TABS = [
  { id: 'compose', label: 'Compose' },
  { id: 'diagnose', label: 'Diagnose pasted' },
  { id: 'jwt', label: 'JWT inspector' },
  { id: 'recent', label: 'Recent' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** Send and its tools as tabs (arrow keys move between them, as in any tablist). */
export function SendScreen() {
  const [tab, setTab] = useState<TabId>('compose');
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const delta = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    event.preventDefault();
    const next = (index + delta + TABS.length) % TABS.length;
    setTab(TABS[next]!.id);
    refs.current[next]?.focus();
  };
  return (
    <div>
      <div role="tablist" aria-label="Send tools" className="tabs">
        {TABS.map((t, index) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[index] = el;
            }}
            role="tab"
            type="button"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'compose' && <ComposePanel />}
        {tab === 'diagnose' && <DiagnosePanel />}
        {tab === 'jwt' && <JwtPanel />}
        {tab === 'recent' && <RecentPanel />}
      </div>
    </div>
  );
}
