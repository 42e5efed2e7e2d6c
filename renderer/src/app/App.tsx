import type { DraftSource } from '../../../shared/exchange/exchange';
import { ComposeNavigationContext, type ComposeNavigation } from './compose-navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppStatus } from '../../../shared/ipc/contract';
import type { KeyholeApi } from '../../../shared/ipc/keyhole-api';
import type { Settings } from '../../../shared/settings/settings';
import { ApiContext } from '../api/api-context';
import { AuditScreen } from '../audit/AuditScreen';
import { RotationsScreen } from '../rotations/RotationsScreen';
import { SendScreen } from '../send/SendScreen';
import { TrafficScreen } from '../traffic/TrafficScreen';
import { VaultScreen } from '../vault/VaultScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { EphemeralBanner } from './EphemeralBanner';
import { sectionFromLocation, sections, type SectionId } from './sections';
import { Sidebar } from './Sidebar';
import { StatusBar } from './StatusBar';
import { useSectionShortcuts } from './use-section-shortcuts';
import { ErrorText } from './ErrorText';

type Loaded = { status: AppStatus; settings: Settings };

export function App({ api }: { api: KeyholeApi }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [section, setSection] = useState<SectionId>(() => sectionFromLocation(window.location.hash));
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void Promise.all([api.app.status(), api.settings.get()]).then(([status, settings]) => {
      if (!status.ok) return setLoadError(status.error.message);
      if (!settings.ok) return setLoadError(settings.error.message);
      setLoaded({ status: status.value, settings: settings.value });
    });
  }, [api]);

  useEffect(() => {
    const theme = loaded?.settings.theme;
    if (!theme || theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [loaded?.settings.theme]);

  // The app's readiness signal: end-to-end tests wait for it instead of sleeping.
  useEffect(() => {
    if (loaded || loadError) document.documentElement.dataset.ready = 'true';
  }, [loaded, loadError]);

  const go = useCallback((id: SectionId) => {
    setSection(id);
    window.history.replaceState(null, '', `#${id}`);
    mainRef.current?.focus();
  }, []);
  useSectionShortcuts(go);
  // A request opened in the composer from another screen waits here until Send takes it.
  const pendingDraft = useRef<DraftSource | null>(null);
  // Send opens afresh on its Compose tab for each request opened (also when Send is already showing).
  const [composeOpens, setComposeOpens] = useState(0);
  const navigation = useMemo<ComposeNavigation>(
    () => ({
      openInComposer: (source) => {
        pendingDraft.current = source;
        setComposeOpens((n) => n + 1);
        go('send');
      },
      takeDraft: () => {
        const source = pendingDraft.current;
        pendingDraft.current = null;
        return source;
      },
    }),
    [go],
  );

  const current = sections.find((s) => s.id === section)!;
  return (
    <ApiContext.Provider value={api}>
      <ComposeNavigationContext.Provider value={navigation}>
        <div className="app">
          <a
            className="skip-link"
            href="#main"
            onClick={(event) => {
              event.preventDefault();
              mainRef.current?.focus();
            }}
          >
            Skip to content
          </a>
          {loaded?.status.secretsMode === 'memory' && <EphemeralBanner />}
          <Sidebar current={section} onSelect={go} />
          <main id="main" ref={mainRef} tabIndex={-1} aria-labelledby="screen-title">
            <h1 id="screen-title">{current.label}</h1>
            <ErrorText message={loadError} />
            {loaded && section === 'settings' && (
              <SettingsScreen
                status={loaded.status}
                settings={loaded.settings}
                onStatus={(status) => setLoaded((prev) => prev && { ...prev, status })}
                onSettings={(settings) => setLoaded((prev) => prev && { ...prev, settings })}
              />
            )}
            {loaded && section === 'vault' && <VaultScreen />}
            {loaded && section === 'audit' && <AuditScreen />}
            {loaded && section === 'send' && <SendScreen key={composeOpens} />}
            {loaded && section === 'traffic' && <TrafficScreen />}
            {loaded && section === 'rotations' && <RotationsScreen />}
          </main>
          <StatusBar status={loaded?.status ?? null} />
        </div>
      </ComposeNavigationContext.Provider>
    </ApiContext.Provider>
  );
}
