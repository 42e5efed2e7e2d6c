import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { harFile } from './har';

const RFC7519_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC7515_A1_KEY = '{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}';

test('diagnose a pasted curl without sending it; the secret in it is never shown', async ({ page, shell }) => {
  const secret = 'sk_call2me_live_pastedByACustomer1';
  await shell.open(page);
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.getByRole('tab', { name: 'Compose' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Diagnose pasted' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('textbox', { name: 'curl command' }).fill(`curl -X DELETE https://api.call2me.app/v1/agents/a1 -H 'Authorization: Bearer ${secret}'`);
  await page.getByLabel('Status it got (optional)').fill('403');
  await page.getByRole('button', { name: 'Diagnose' }).click();
  const entry = page.getByRole('region', { name: 'Entry 1' });
  await expect(entry.locator('[data-code="SCOPE_MISSING"]')).toContainText('The key lacks write');
  await expect(entry).toContainText('Authorization: Bearer <redacted · ');
  await expectAccessible(page, 'diagnose pasted');
  // Pasting over the whole command is another ticket: the status and answer typed for the last one go.
  await page.getByRole('textbox', { name: 'curl command' }).selectText();
  await page.getByRole('textbox', { name: 'curl command' }).dispatchEvent('paste');
  await expect(page.getByLabel('Status it got (optional)')).toHaveValue('');
  await expect(entry).toHaveCount(0);
  // A status that is not one is said, not dropped.
  await page.getByLabel('Status it got (optional)').fill('abc');
  await expect(page.getByRole('alert')).toHaveText('Status: a three-digit HTTP status, such as 403.');
  await expect(page.getByRole('button', { name: 'Diagnose' })).toBeDisabled();
  await page.getByLabel('Status it got (optional)').fill('');
  await page.getByRole('textbox', { name: 'curl command' }).fill('');
  expect(await page.content()).not.toContain(secret);

  // Another format clears the last result; a HAR opened from a file is diagnosed but never shown.
  await page.getByRole('textbox', { name: 'curl command' }).fill(`curl -X DELETE https://api.call2me.app/v1/agents/a1 -H 'Authorization: Bearer ${secret}'`);
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(entry).toBeVisible();
  await page.getByRole('radio', { name: 'HAR file' }).check();
  await expect(entry).toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'HAR file' })).toHaveValue('');
  const harSecret = 'sk_call2me_live_fromAHarFile0001';
  const har = harFile([{ url: 'https://api.call2me.app/v1/agents', authorization: `Bearer ${harSecret}`, status: 401 }]);
  await page.getByLabel('Or open a HAR file').setInputFiles({ name: 'customer.har', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(har)) });
  await expect(page.getByTestId('har-file')).toContainText('customer.har');
  await expect(page.getByRole('textbox', { name: 'HAR file' })).toHaveValue('');
  await page.getByRole('button', { name: 'Diagnose' }).click();
  await expect(entry.locator('[data-code="KEY_INVALID"]')).toBeVisible();
  expect(await page.content()).not.toContain(harSecret);
});

test('the JWT inspector verifies the RFC 7519 example and shows it expired', async ({ page, shell }) => {
  await shell.open(page);
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await page.getByRole('tab', { name: 'JWT inspector' }).click();
  await page.getByLabel('Token').fill(RFC7519_TOKEN);
  await page.getByLabel('Verify with').selectOption('pem-or-jwk');
  await page.getByLabel('Public key (PEM) or JWK').fill(RFC7515_A1_KEY);
  await page.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByTestId('jwt-signature')).toHaveText('verified');
  await expect(page.getByTestId('jwt-expired')).toHaveText('yes');
  await expect(page.getByText('2011-03-22T18:43:00.000Z')).toBeVisible();
  await expectAccessible(page, 'JWT inspector');

  // The same token with one signature character changed: the failure is the loudest thing on screen.
  const last = RFC7519_TOKEN.at(-1) === 'k' ? 'j' : 'k';
  await page.getByRole('textbox', { name: 'Token' }).fill(`${RFC7519_TOKEN.slice(0, -1)}${last}`);
  await expect(page.getByTestId('jwt-signature')).toHaveCount(0);
  await page.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByRole('alert')).toContainText('The signature does not verify');
  await expect(page.getByRole('alert')).toContainText('Do not trust these claims.');
  // Clearing the token clears what was said about it.
  await page.getByRole('textbox', { name: 'Token' }).fill('');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('recent exchanges reopen from history and export a redacted support bundle', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  await expect(page.getByRole('navigation', { name: 'Credentials' }).getByRole('button', { name: /demo-call2me-write/ })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('s');
  // Billing needs an admin key (the demo write key is refused).
  await page.getByLabel('Path').fill('/v1/wallet/balance');
  await page.getByRole('button', { name: /Ctrl\+Enter/ }).click();
  await expect(page.getByTestId('response-status')).toHaveText('403');
  // The fresh answer's row is written just after it: the bundle asks for its id first.
  const fresh = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export support bundle/ }).click();
  expect((await fresh).suggestedFilename()).toMatch(/^keyhole-support-.*\.har$/);

  await page.getByRole('tab', { name: 'Recent' }).click();
  await page.getByRole('button', { name: /^GET \/v1\/wallet\/balance/ }).click();
  await expect(page.getByTestId('response-status')).toHaveText('403');
  await expectAccessible(page, 'recent');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export support bundle/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^keyhole-support-.*\.har$/);
  const har = JSON.parse(await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString()));
  expect(har.log.entries[0]._keyhole.findings.length).toBeGreaterThan(0);
  expect(JSON.stringify(har)).toMatch(/<demo-[a-z0-9-]+ · [0-9a-f]{12}>/);
});
