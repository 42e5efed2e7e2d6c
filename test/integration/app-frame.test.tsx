// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyholeServices } from '../../electron/application/services';
import { createServices } from '../../electron/composition/keyhole-services';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { App } from '../../renderer/src/app/App';
import { createKeyholeApi } from '../../shared/ipc/keyhole-api';
import { testKeychainService } from '../support/keychain';
import { tempDir } from '../support/temp-dir';

// The real handler registry and services behind the API; only the transport is in-process.
async function renderApp(): Promise<KeyholeServices> {
  const services = await createServices({
    dataDir: tempDir(),
    shell: 'web',
    version: '9.9.9',
    logger: silentLogger,
    keychainService: testKeychainService(),
  });
  const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
  render(<App api={createKeyholeApi((channel, input) => dispatch(channel, input))} />);
  await screen.findByTestId('keychain-status');
  afterEach(() => services.close());
  return services;
}

afterEach(() => {
  cleanup();
  delete document.documentElement.dataset.theme;
  delete document.documentElement.dataset.ready;
});

describe('App frame', () => {
  it('shows every section, the keychain status and the readiness signal', async () => {
    const services = await renderApp();
    const nav = screen.getByRole('navigation', { name: 'Sections' });
    for (const label of ['Vault', 'Send', 'Traffic', 'Rotations', 'Audit', 'Settings']) {
      expect(nav.textContent).toContain(label);
    }
    const expected = services.keychain.state === 'available' ? 'Keychain available' : 'Keychain unavailable';
    expect(screen.getByTestId('keychain-status').textContent).toContain(expected);
    // The readiness flag is set by an effect after the first load; wait for it rather than race it.
    await waitFor(() => expect(document.documentElement.dataset.ready).toBe('true'));
  });

  it('moves between sections with arrow keys and with g-chords', async () => {
    await renderApp();
    const vault = screen.getByRole('button', { name: /Vault/ });
    vault.focus();
    fireEvent.keyDown(vault, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toContain('Send');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent).toContain('Settings');

    act(() => {
      fireEvent.keyDown(window, { key: 'g' });
      fireEvent.keyDown(window, { key: 't' });
    });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Traffic');
    expect(screen.getByRole('button', { name: /Traffic/ }).getAttribute('aria-current')).toBe('page');
  });

  it('shows the data directory in Settings and persists the theme', async () => {
    const services = await renderApp();
    fireEvent.click(screen.getByRole('button', { name: /Settings/ }));
    expect(screen.getByTestId('data-dir').textContent).toBe(services.dataDir);
    fireEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(document.documentElement.dataset.theme).toBe('dark'));
    expect(services.settings.read().theme).toBe('dark');
  });
});
