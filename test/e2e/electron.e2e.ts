import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronRuntime } from '../../electron/platform/electron-runtime';

const runtime = findElectronRuntime();

test('the desktop app opens its window with the frame and keychain status', async () => {
  test.skip(!runtime.present, `Electron runtime not available, skipping: ${runtime.present ? '' : runtime.reason}`);
  if (!runtime.present) return;
  const app = await electron.launch({
    executablePath: runtime.executable,
    args: [path.resolve(import.meta.dirname, '../../out/main/index.js'), '--no-sandbox'],
    env: { ...process.env, KEYHOLE_HOME: test.info().outputPath('home') },
  });
  try {
    const window = await app.firstWindow();
    await window.locator('html[data-ready="true"]').waitFor();
    await expect(window.getByRole('navigation', { name: 'Sections' })).toBeVisible();
    await expect(window.getByTestId('keychain-status')).toBeVisible();
    const exposed = await window.evaluate(() => ({
      api: typeof (window as unknown as { keyhole?: unknown }).keyhole,
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(exposed).toEqual({ api: 'object', require: 'undefined', process: 'undefined' });
  } finally {
    await app.close();
  }
});
