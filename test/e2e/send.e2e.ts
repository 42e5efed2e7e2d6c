import { expectAccessible } from './axe';
import { credentialOption, expect, test } from './fixtures';

test('send as a read-only Call2Me key to a write route: preflight warns, send anyway, 403 SCOPE_MISSING with the fix', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  await expect(page.getByRole('navigation', { name: 'Credentials' }).getByRole('button', { name: /demo-call2me-read/ })).toBeVisible();

  await page.keyboard.press('g');
  await page.keyboard.press('s');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send');
  await page.getByRole('combobox', { name: /^Credential/ }).selectOption({ label: await credentialOption(page, 'demo-call2me-read') });
  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('Path').fill('/v1/agents');
  await page.getByLabel('JSON body').fill('{"name": "support-bot"}');

  const predicted = page.getByRole('list', { name: 'Predicted problems' });
  await expect(predicted.locator('[data-code="SCOPE_MISSING"]')).toContainText('The key lacks write');
  await page.getByText('Wire preview (redacted)').click();
  await expect(page.getByTestId('wire-preview')).toContainText(/Authorization: Bearer <demo-call2me-read · [0-9a-f]{12}>/);
  await expectAccessible(page, 'send with a prediction');
  await page.getByRole('button', { name: /Send anyway/ }).click();

  await expect(page.getByTestId('response-status')).toHaveText('403');
  const diagnosis = page.getByRole('list', { name: 'Diagnosis' });
  const finding = diagnosis.locator('[data-code="SCOPE_MISSING"]');
  await expect(finding).toContainText('from the response');
  // Another demo key holds the scope: the least powerful one is offered before minting.
  await expect(finding).toContainText('Fix: Send with demo-call2me-write, which holds write; or mint a key with the right scope');
  // The request shown is redacted: the credential appears as <name · fingerprint>.
  // The answer sits beside the request, with its status text; the Request tab shows it as sent.
  await expect(page.getByRole('heading', { name: /^403 Forbidden · POST .*\/v1\/agents$/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Request', exact: true }).click();
  const asSent = page.getByRole('group').filter({ hasText: 'Request as sent (redacted)' });
  await expect(asSent).toContainText(/Authorization: Bearer <demo-call2me-read · [0-9a-f]{12}>/);
  await expectAccessible(page, 'send with a response');

  // The same key may read: the GET goes through with no findings.
  await page.getByLabel('Method').selectOption('GET');
  await expect(predicted).toHaveCount(0);
  await page.getByLabel('Path').press('Control+Enter');
  await expect(page.getByTestId('response-status')).toHaveText('200');

  // Saved per provider and re-run: save it, change the composer, load it back, send again.
  await page.getByLabel('Save current as').fill('list agents');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByLabel('Path').fill('/v1/calls');
  await page.getByRole('button', { name: 'list agents' }).click();
  await expect(page.getByLabel('Path')).toHaveValue('/v1/agents');
  await page.getByLabel('Path').press('Control+Enter');
  await expect(page.getByRole('heading', { name: /^200 OK · GET .*\/v1\/agents$/ })).toBeVisible();
  // That heading was already there from the send before: wait for this send to end, or the next
  // Ctrl+Enter arrives while it is in flight and is ignored (one send at a time).
  await expect(page.getByRole('button', { name: /^Sending/ })).toHaveCount(0);
  // An object answer (the health check's) to show the body as a tree.
  await page.getByLabel('Path').fill('/health');
  await page.getByLabel('Path').press('Control+Enter');
  await expect(page.getByRole('heading', { name: /^200 OK · GET .*\/health$/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Body', exact: true }).click();
  await expect(page.getByTestId('response-body')).toContainText('"status"');
  // A JSON body is a tree: its arrays and objects fold from the keyboard; Raw shows it as received.
  const root = page.getByTestId('response-body').locator('summary').first();
  await expect(root).toHaveText(/^\{ \d+ keys?$/);
  await expectAccessible(page, 'JSON body as a tree');
  await root.focus();
  await page.keyboard.press('Enter');
  await expect(root.locator('xpath=..')).not.toHaveAttribute('open');
  await expect(page.getByTestId('response-body').getByText('"status"')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('response-body').getByText('"status"')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Raw' }).check();
  await expect(page.getByTestId('response-body')).toHaveText(/^\{"status":"healthy"/);
});
