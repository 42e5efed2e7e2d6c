import { execFileSync } from 'node:child_process';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';

test('start Intercept from Traffic, run curl with the lines it shows, see the row; the CA fingerprint matches in Settings', async ({ page, shell }) => {
  await shell.open(page);
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Traffic');

  // A gateway environment on a name that never resolves (RFC 2606), so the test needs no network and
  // never reaches a real vendor; it is decrypted because an environment names it.
  const rpc = async (channel: string, body: unknown) =>
    (await page.request.post(`${new URL(shell.url).origin}/rpc/${channel}`, { headers: { Authorization: `Bearer ${shell.token}` }, data: body })).json();
  const added = (await rpc('environments:add', {
    providerId: 'call2me',
    environment: { id: 'gateway', label: 'Gateway', baseUrl: 'https://gw.keyhole-e2e.invalid/call2me', live: true },
  })) as { ok: boolean };
  expect(added.ok).toBe(true);

  await page.getByRole('button', { name: 'Start intercepting' }).click();
  const running = page.getByTestId('intercept-running');
  await expect(running).toContainText('decrypting api.call2me.app, api.callaro.ai, gw.keyhole-e2e.invalid');
  const lines = await page.getByTestId('intercept-lines').inputValue();
  expect(lines).toMatch(/^export HTTPS_PROXY='http:\/\/keyhole:[\w-]+@127\.0\.0\.1:\d+'$/m);
  expect(lines).toMatch(/^export SSL_CERT_FILE='\/.+ca-bundle\.pem'$/m);
  await expectAccessible(page, 'Traffic with Intercept running');

  // The lines as a terminal would take them. There is no network here, so the vendor cannot be
  // reached: the exchange is still decrypted, recorded and explained.
  const out = execFileSync('sh', [
    '-c',
    `${lines}\ncurl -sS https://api.call2me.app/v1/agents -H 'Authorization: Bearer sk_call2me_live_e2eInterceptKey0001'`,
  ]).toString();
  expect(out).toContain('upstream_unreachable');
  const list = page.getByRole('list', { name: 'Traffic' });
  await expect(list.getByRole('listitem').filter({ hasText: 'GET /v1/agents' })).toContainText('UPSTREAM_UNREACHABLE');
  await expect(page.locator('body')).not.toContainText('e2eInterceptKey0001');

  const fingerprint = (await running.locator('code').textContent())!;
  await page.getByRole('button', { name: 'Stop intercepting' }).click();
  await expect(page.getByRole('button', { name: 'Start intercepting' })).toBeVisible();

  await page.keyboard.press('g');
  await page.keyboard.press(',');
  await page.getByRole('button', { name: 'Show the CA' }).click();
  await expect(page.getByTestId('ca-fingerprint')).toHaveText(fingerprint);
  await expect(page.getByTestId('ca-details')).toContainText('api.call2me.app, api.callaro.ai, gw.keyhole-e2e.invalid');
  await expectAccessible(page, 'Settings with the interception CA');
});
