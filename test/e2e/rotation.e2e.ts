import { expectAccessible } from './axe';
import { expect, test } from './fixtures';

test('rotate a key through the whole checklist: mint, deploy, verify live traffic, a refused busy revoke, an override', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  await expect(page.getByRole('navigation', { name: 'Credentials' }).getByRole('button', { name: /demo-call2me-write/ })).toBeVisible();
  const rpc = async (channel: string, body: unknown) =>
    (await (
      await page.request.post(`${new URL(shell.url).origin}/rpc/${channel}`, { headers: { Authorization: `Bearer ${shell.token}` }, data: body })
    ).json()) as { ok: boolean; value: unknown };
  const send = (credential: string) => rpc('send:execute', { credential, method: 'GET', path: '/v1/agents', headers: {}, body: null });
  // The old key is in use by a workload.
  expect((await send('demo-call2me-write')).ok).toBe(true);

  await page.keyboard.press('g');
  await page.keyboard.press('r');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Rotations');
  await page.getByRole('combobox', { name: 'Key to rotate' }).selectOption({ label: 'demo-call2me-write (call2me/sandbox)' });
  await expect(page.getByTestId('advice')).toContainText('Recorded traffic (1 request) needed read');
  await page.getByRole('checkbox', { name: /Mint a narrower key/ }).check();
  await page.getByRole('textbox', { name: 'New key name' }).fill('workload-next');
  await page.getByRole('button', { name: 'Start rotation' }).click();
  const checklist = page.getByRole('region', { name: /^(Rotating|Rotated) demo-call2me-write → workload-next$/ });
  await expect(checklist).toContainText('scopes read');

  await checklist.getByRole('button', { name: "Mint through the provider's API" }).click();
  await expect(checklist.getByRole('listitem', { name: 'Mint' })).toContainText("Minted through the provider's API and stored in the keychain");
  await checklist.getByRole('textbox', { name: 'Target' }).fill('billing-worker');
  await checklist.getByRole('button', { name: 'Add target' }).click();
  await expect(checklist.getByRole('button', { name: 'Verify' })).toHaveCount(0);
  await checklist.getByRole('button', { name: 'Mark billing-worker deployed' }).click();
  await checklist.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('No traffic authenticated with the new key has been seen yet');

  // The workload now uses the new key; the evidence updates live.
  expect((await send('workload-next')).ok).toBe(true);
  await expect(checklist.getByTestId('new-key-traffic')).toContainText('1 request,');
  await expect(checklist.getByTestId('old-key-traffic')).toContainText('1 request,');
  await checklist.getByRole('button', { name: 'Verify' }).click();
  await expect(checklist.getByRole('listitem', { name: 'Verify' })).toHaveAttribute('data-done', 'true');
  await expectAccessible(page, 'rotation checklist');

  // Revoking takes a second click on a button that names the key and the provider.
  await checklist.getByRole('button', { name: 'Revoke old key' }).click();
  await checklist.getByRole('button', { name: 'Revoke demo-call2me-write at Call2Me' }).click();
  await expect(page.getByRole('alert')).toContainText('The old key is still carrying traffic');
  await checklist.getByRole('textbox', { name: /Override reason/ }).fill('the old worker is drained');
  await checklist.getByRole('button', { name: 'Revoke old key' }).click();
  await checklist.getByRole('button', { name: 'Revoke demo-call2me-write at Call2Me' }).click();
  await expect(checklist.getByRole('listitem', { name: 'Revoke' })).toContainText(
    'a request with the old key now gets HTTP 401; override: the old worker is drained',
  );
  await expect(checklist.getByRole('heading', { level: 2 })).toHaveText('Rotated demo-call2me-write → workload-next');
  await expect(page.getByRole('list').getByRole('button', { name: /demo-call2me-write → workload-next/ })).toContainText('completed');
});
