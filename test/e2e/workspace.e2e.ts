import path from 'node:path';
import { expectAccessible } from './axe';
import { credentialOption, expect, test } from './fixtures';
import { harFile } from './har';

const SHOTS = path.resolve(import.meta.dirname, '../../docs/screenshots');
const update = process.env.KEYHOLE_UPDATE_SCREENSHOT === '1';

/**
 * A realistic session at 1280x800: demo keys, a refused and a served request, a rotation under way.
 * Checks the workspace layout (the answer is visible beside the request without scrolling) and, with
 * KEYHOLE_UPDATE_SCREENSHOT=1, writes the README's screenshot of each screen.
 */
test('the workspace at 1280x800: request and answer side by side, every screen from a realistic state', async ({ page, shell }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  const tree = page.getByRole('navigation', { name: 'Credentials' });
  await tree.getByRole('button', { name: /demo-call2me-write/ }).click();
  await expect(page.getByTestId('credential-fingerprint')).toHaveText(/^[0-9a-f]{12}$/);
  if (update) await page.screenshot({ path: `${SHOTS}/vault.png` });

  const go = async (key: string, title: string) => {
    // Shortcuts are ignored while typing in a field, as they should be.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('g');
    await page.keyboard.press(key);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  };

  // Send: the untouched composer shows no warnings; a refused request answers beside the form.
  await go('s', 'Send');
  await expect(page.getByRole('list', { name: 'Predicted problems' })).toHaveCount(0);
  const credential = page.getByRole('combobox', { name: /^Credential/ });
  await credential.selectOption({ label: await credentialOption(page, 'demo-call2me-read') });
  await page.getByLabel('Method').selectOption('DELETE');
  await page.getByLabel('Path').fill('/v1/agents/agent_1');
  await page.getByRole('button', { name: /Send anyway/ }).click();
  const status = page.getByTestId('response-status');
  await expect(status).toHaveText('403');
  await expect(page.getByRole('heading', { name: /^403 Forbidden · DELETE / })).toBeVisible();
  // Beside the request, not below it, and on screen without scrolling.
  const form = await page.locator('.request-pane').boundingBox();
  const answer = await page.locator('.response-pane').boundingBox();
  expect(answer!.x).toBeGreaterThan(form!.x + form!.width - 1);
  const box = await status.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(800);
  await expectAccessible(page, 'send side by side');
  if (update) await page.screenshot({ path: `${SHOTS}/send.png` });

  await page.getByLabel('Method').selectOption('GET');
  await page.getByLabel('Path').fill('/v1/agents');
  await page.getByLabel('Path').press('Control+Enter');
  await expect(status).toHaveText('200');

  // A customer's browser session imported beside it: dozens of rows, as Traffic looks in real use.
  const customerKey = 'sk_call2me_live_customerSessionKey01';
  const calls = [
    ['/v1/agents', 200],
    ['/v1/calls?limit=20', 200],
    ['/v1/agents/agent_7f3a9c1e2b4d', 200],
    ['/v1/wallet/balance', 403],
    ['/v1/calls/call_91ab', 404],
    ['/v1/voices', 200],
    ['/v1/knowledge-base', 200],
    ['/v1/campaigns', 429],
    ['/v1/agent', 404],
  ] as const;
  const har = harFile(
    Array.from({ length: 36 }, (_, i) => {
      const [route, status] = calls[i % calls.length]!;
      return {
        url: `https://api.call2me.app${route}`,
        authorization: `Bearer ${customerKey}`,
        status,
        at: new Date(Date.now() - (i + 1) * 97_000).toISOString(),
      };
    }),
  );
  const imported = await page.request.post(`${new URL(shell.url).origin}/rpc/traffic:import-har`, {
    headers: { Authorization: `Bearer ${shell.token}` },
    data: { text: JSON.stringify(har), source: 'customer-session.har' },
  });
  expect(await imported.json()).toMatchObject({ ok: true, value: { imported: 36 } });

  await go('t', 'Traffic');
  await expect(page.getByTestId('traffic-count')).toHaveText('38 exchanges');
  await page.getByRole('list', { name: 'Traffic' }).getByRole('listitem').filter({ hasText: 'DELETE' }).getByRole('button').click();
  await expect(page.getByRole('list', { name: 'Diagnosis' }).first()).toContainText('SCOPE_MISSING');
  // Replay offers the least powerful key first, never the admin key or a session.
  await expect(page.getByRole('combobox', { name: 'Replay as' }).locator('option:checked')).not.toHaveText(/admin|session/);
  if (update) await page.screenshot({ path: `${SHOTS}/traffic.png` });
  // Filters that do not parse say so in words and are not applied (the list stays as it was).
  const rows = page.getByRole('list', { name: 'Traffic' }).getByRole('listitem');
  await page.getByRole('textbox', { name: 'Status' }).fill('abc');
  await expect(page.getByText('Status “abc” is not applied: use a status like 403 or a class like 4xx.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Path prefix' }).fill('v1/agents');
  await expect(page.getByText('Path prefix “v1/agents” is not applied: a path starts with /, e.g. /v1/agents.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Fingerprint' }).fill('xyz');
  await expect(page.getByText(/^Fingerprint “xyz” is not applied: a fingerprint, or its start, is up to 12 characters, 0-9 and a-f/)).toBeVisible();
  await expect(page.getByTestId('traffic-count')).toHaveText('38 exchanges');
  await expect(rows.first()).toBeVisible();
  await expectAccessible(page, 'traffic with rejected filters');
  for (const name of ['Status', 'Path prefix', 'Fingerprint']) await page.getByRole('textbox', { name }).fill('');

  await go('r', 'Rotations');
  await page.getByRole('combobox', { name: 'Key to rotate' }).selectOption({ label: 'demo-call2me-write (call2me/sandbox)' });
  await page.getByRole('textbox', { name: 'New key name' }).fill('workload-2026-q4');
  await page.getByRole('button', { name: 'Start rotation' }).click();
  const checklist = page.getByRole('region', { name: /^Rotating demo-call2me-write → workload-2026-q4$/ });
  await checklist.getByRole('button', { name: "Mint through the provider's API" }).click();
  await expect(checklist.getByRole('listitem', { name: 'Mint' })).toContainText('Minted through the provider');
  await checklist.getByRole('textbox', { name: 'Target' }).fill('billing-worker');
  await checklist.getByRole('textbox', { name: 'Note' }).fill('helm values');
  await checklist.getByRole('button', { name: 'Add target' }).click();
  // The note went with the target: shown beside it, both fields empty again, and step 4 names the real blocker.
  await expect(checklist.getByRole('textbox', { name: 'Note' })).toHaveValue('');
  await expect(checklist.getByRole('listitem', { name: 'Deploy' })).toContainText('billing-worker · helm values');
  await expect(checklist.getByRole('listitem', { name: 'Revoke' })).toContainText('Blocked until the new key is deployed to billing-worker.');
  await expectAccessible(page, 'rotation under way');
  if (update) await page.screenshot({ path: `${SHOTS}/rotations.png` });

  await go('a', 'Audit');
  if (update) await page.screenshot({ path: `${SHOTS}/audit.png` });
  await go(',', 'Settings');
  if (update) await page.screenshot({ path: `${SHOTS}/settings.png` });
});
