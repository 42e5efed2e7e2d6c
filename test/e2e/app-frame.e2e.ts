import { expectAccessible } from './axe';
import { expect, test } from './fixtures';

const SECTIONS = ['Vault', 'Send', 'Traffic', 'Rotations', 'Audit', 'Settings'];

test('opens the web shell and shows the frame and keychain status', async ({ page, shell }) => {
  await shell.open(page);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  const status = page.getByTestId('keychain-status');
  await expect(status).toBeVisible();
  // The suite runs inside a private D-Bus session with an unlocked keyring (see scripts/test.mjs).
  if (process.env.DBUS_SESSION_BUS_ADDRESS) await expect(status).toHaveText(/Keychain available/);
  await expect(page).toHaveTitle('Keyhole');
  // The token leaves the address bar once read.
  expect(new URL(page.url()).hash).toBe('');
});

test('every screen is reachable by keyboard and passes axe, in light and dark', async ({ page, shell }) => {
  await shell.open(page);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.getByRole('button', { name: /Vault/ }).focus();
    for (const [index, label] of SECTIONS.entries()) {
      if (index > 0) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(label);
      await expectAccessible(page, `${label} (${theme})`);
      await page.getByRole('button', { name: new RegExp(label) }).focus();
    }
  }
});

test('g-chords jump between sections', async ({ page, shell }) => {
  await shell.open(page);
  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rotations');
  await page.keyboard.press('g');
  await page.keyboard.press(',');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
});

test('Settings shows the data directory, and the theme choice survives a reload', async ({ page, shell }, testInfo) => {
  await shell.open(page);
  await page.getByRole('button', { name: /Settings/ }).click();
  await expect(page.getByTestId('data-dir')).toHaveText(shell.dataDir);
  await expect(page.getByTestId('keychain-detail')).toBeVisible();
  await page.getByRole('radio', { name: 'Dark' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectAccessible(page, 'Settings (dark theme chosen)');

  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await page.getByRole('radio', { name: 'Light' }).check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: testInfo.outputPath('settings.png') });
});

test('Settings saves the history retention, refuses nonsense by field, and prunes at once', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: /Settings/ }).click();
  const rows = page.getByRole('textbox', { name: 'Keep at most (exchanges)' });
  await expect(rows).toHaveValue('1000000');
  await rows.fill('12');
  await page.getByRole('button', { name: 'Save and prune now' }).click();
  await expect(page.getByRole('alert')).toContainText('Rows: at least 1000');
  await rows.fill('5000');
  await page.getByRole('textbox', { name: 'Keep for (days)' }).fill('');
  await page.getByRole('button', { name: 'Save and prune now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toContainText('Removed 0 exchanges; 0 remain.');
  await expectAccessible(page, 'Settings (retention saved)');

  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor();
  await expect(rows).toHaveValue('5000');
  await expect(page.getByRole('textbox', { name: 'Keep for (days)' })).toHaveValue('');
});
