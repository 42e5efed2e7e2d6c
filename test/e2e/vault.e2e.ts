import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';

const SECRET = 'sk_call2me_test_e2eSecretValue0042';
/** Fingerprints are keyed per install: never the plain hash, which would confirm a guessed secret. */
const PLAIN_HASH = createHash('sha256').update(SECRET).digest('hex').slice(0, 12);

function filesHolding(dir: string, secret: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && fs.readFileSync(path.join(e.parentPath, e.name)).includes(Buffer.from(secret)))
    .map((e) => e.name);
}

test('add a key in the UI, see it in the tree with its fingerprint, delete it', async ({ page, shell }) => {
  await shell.open(page);
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'Add credential' });
  await expect(dialog).toBeVisible();

  await dialog.getByLabel('Provider').selectOption('call2me');
  await dialog.getByLabel('Environment').selectOption('sandbox');
  await dialog.getByLabel('Name').fill('e2e-key');
  await dialog.getByLabel('Secret').fill('sk_call2me_live_looksLiveButIsNot01');
  // Inline checks while typing: a live-looking key in the sandbox, no scopes, no workspace.
  await expect(dialog.getByText(/looks like a live key/)).toBeVisible();
  await expect(dialog.getByText(/treated as having no permissions/)).toBeVisible();
  await dialog.getByText('Which credential should I use?').click();
  await expectAccessible(page, 'add credential dialog');

  await dialog.getByLabel('Secret').fill(SECRET);
  await dialog.getByRole('checkbox', { name: /^write/ }).check();
  await dialog.getByLabel('Workspace id').fill('acme');
  await expect(dialog.getByText(/looks like a live key/)).toHaveCount(0);
  await expect(dialog.getByRole('button', { name: 'Add', exact: true })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(dialog).toHaveCount(0);

  const tree = page.getByRole('navigation', { name: 'Credentials' });
  const item = tree.getByRole('button', { name: /e2e-key/ });
  await expect(page.getByTestId('credential-fingerprint')).toHaveText(/^[0-9a-f]{12}$/);
  const FINGERPRINT = (await page.getByTestId('credential-fingerprint').textContent())!;
  expect(FINGERPRINT).not.toBe(PLAIN_HASH);
  await expect(item).toContainText(FINGERPRINT);
  await expect(page.getByRole('list', { name: 'Scopes' })).toContainText('write');
  await expectAccessible(page, 'vault with a credential');

  // The page never received the secret, and neither did the data directory.
  expect(await page.content()).not.toContain(SECRET);
  expect(filesHolding(shell.dataDir, SECRET)).toEqual([]);

  await page.getByRole('button', { name: 'Delete' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete e2e-key?' });
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(tree.getByRole('button', { name: /e2e-key/ })).toHaveCount(0);
  await expect(page.getByText('Deleted e2e-key.')).toBeVisible();

  await page.keyboard.press('g');
  await page.keyboard.press('a');
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.filter({ hasText: 'delete' })).toContainText(FINGERPRINT);
  await expect(rows.filter({ hasText: 'create' })).toContainText('e2e-key');
  await expectAccessible(page, 'audit with entries');
});

test('notes over 2,000 characters are refused next to the field, saying how long they are', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: /Add credential/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Add credential' });
  await dialog.getByLabel('Provider').selectOption('call2me');
  await dialog.getByLabel('Name').fill('long-notes');
  await dialog.getByLabel('Secret').fill('sk_call2me_test_longnotes0001');
  await dialog.getByLabel('Notes').fill('n'.repeat(2001));
  await dialog.getByRole('button', { name: /^Add/ }).click();
  await expect(dialog.getByRole('alert')).toContainText('notes are limited to 2,000 characters (these have 2,001)');
  await expect(dialog.getByLabel('Notes')).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('navigation', { name: 'Credentials' }).getByRole('button', { name: /long-notes/ })).toHaveCount(0);
});

test('a duplicate name is refused with the reason, and nothing is added', async ({ page, shell }) => {
  await shell.open(page);
  for (const secret of ['sk_call2me_test_firstfirst01', 'sk_call2me_test_secondsecond']) {
    await page.getByRole('button', { name: /Add credential/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Add credential' });
    await dialog.getByLabel('Provider').selectOption('call2me');
    await dialog.getByLabel('Name').fill('same-name');
    await dialog.getByLabel('Secret').fill(secret);
    await dialog.getByRole('button', { name: /^Add/ }).click();
    if (secret.includes('second')) {
      await expect(dialog.getByRole('alert')).toContainText('A credential named "same-name" already exists.');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
    }
  }
  await expect(page.getByRole('navigation', { name: 'Credentials' }).getByRole('button', { name: /same-name/ })).toHaveCount(1);
});

test('import pasted .env lines: a bad line is named and nothing lands; good lines land all at once', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Import .env' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import from .env' });
  await dialog.getByLabel('Provider').selectOption('call2me');
  await dialog.getByLabel('Environment').selectOption('staging');
  await dialog.getByLabel('NAME=secret lines').fill('WORKER_KEY=sk_call2me_test_workerworker1\nthis line is wrong\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('alert')).toContainText('line 2 is not NAME=value');

  // A secret pasted twice is caught by the preview, named by its line as the editor shows it (comments count).
  await dialog
    .getByLabel('NAME=secret lines')
    .fill('WORKER_KEY=sk_call2me_test_workerworker1\n# reports\nREPORTS_KEY=sk_call2me_test_reportsreport\nCOPY_KEY=sk_call2me_test_workerworker1\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('table')).toContainText('The same secret as line 1.');
  await expect(dialog.getByRole('button', { name: 'Import all 3 keys' })).toBeDisabled();

  await dialog.getByLabel('NAME=secret lines').fill('WORKER_KEY=sk_call2me_test_workerworker1\nREPORTS_KEY=sk_call2me_test_reportsreport\n');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByRole('table')).toContainText('REPORTS_KEY');
  await expectAccessible(page, 'import preview');
  await dialog.getByRole('button', { name: 'Import all 2 keys' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Imported 2 credentials.')).toBeVisible();
  const tree = page.getByRole('navigation', { name: 'Credentials' });
  await expect(tree.getByRole('button', { name: /WORKER_KEY/ })).toBeVisible();
  await expect(tree.getByRole('button', { name: /REPORTS_KEY/ })).toBeVisible();
  expect(filesHolding(shell.dataDir, 'sk_call2me_test_workerworker1')).toEqual([]);
});

test('"Try it" seeds sandbox demo keys into an empty vault', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  const tree = page.getByRole('navigation', { name: 'Credentials' });
  for (const name of ['demo-call2me-read', 'demo-call2me-write', 'demo-call2me-admin', 'demo-callaro-tenant', 'demo-callaro-partner', 'demo-callaro-session']) {
    await expect(tree.getByRole('button', { name: new RegExp(name) })).toBeVisible();
  }
  await expect(page.getByText(/try them without an account/)).toBeVisible();
  // "Test key": one read-only request, answered and diagnosed in the key's details.
  await tree.getByRole('button', { name: /demo-call2me-read/ }).click();
  const test = page.getByRole('region', { name: 'Test key' });
  await expect(test).toContainText('GET /v1/agents');
  await test.getByRole('button', { name: 'Test key' }).click();
  await expect(test.getByTestId('response-status')).toHaveText('200');
  await expectAccessible(page, 'test key');
  // Where the sandbox is, said in Settings.
  await page.keyboard.press('g');
  await page.keyboard.press(',');
  await expect(page.getByTestId('sandbox-urls')).toHaveText(
    /^The local sandbox is running: Callaro at http:\/\/127\.0\.0\.1:\d+\/callaro, Call2Me at http:\/\/127\.0\.0\.1:\d+\/call2me\.$/,
  );
});

test('switching provider in Add credential keeps the Kind shown and the form in step, and Add stays reachable at 800 px', async ({ page, shell }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await shell.open(page);
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'Add credential' });
  const kind = dialog.getByLabel('Kind');
  await dialog.getByLabel('Provider').selectOption('callaro');
  await expect(kind).toHaveValue('tenant_api_key');
  await expect(kind.locator('option:checked')).toHaveText('Tenant API key');
  await dialog.getByLabel('Provider').selectOption('call2me');
  // What the select shows is what the form will save: an API key, with its shape hint, not a session.
  await expect(kind).toHaveValue('api_key');
  await expect(kind.locator('option:checked')).toHaveText('API key');
  await expect(dialog.getByLabel('Environment').locator('option:checked')).toHaveText('Sandbox');

  // Warnings appear while typing; the Add button stays in view (the actions stick to the dialog's bottom).
  await dialog.getByLabel('Name').fill('tall-dialog');
  await dialog.getByLabel('Secret').fill('sk_call2me_live_looksLiveButIsNot01');
  await expect(dialog.getByText(/looks like a live key/)).toBeVisible();
  const add = dialog.getByRole('button', { name: /^Add/ });
  const box = await add.boundingBox();
  expect(box!.y + box!.height).toBeLessThanOrEqual(800);
});

test('Edit credential sets, changes and clears the expiry', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  await page
    .getByRole('navigation', { name: 'Credentials' })
    .getByRole('button', { name: /demo-call2me-read/ })
    .click();
  const details = page.locator('.details-pane');
  await expect(details).not.toContainText('Expires');
  const edit = async (date: string) => {
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit demo-call2me-read' });
    await dialog.getByLabel('Expires (empty: does not expire)').fill(date);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
  };
  await edit('2027-03-31');
  await expect(details).toContainText('Expires');
  await expect(details).toContainText('2027');
  await edit('2027-06-30');
  await expect(details).toContainText(/Jun|6\/30|30\/06|2027-06-30/);
  await edit('');
  await expect(details).not.toContainText('Expires');
  const audit = (await (
    await page.request.post(`${new URL(shell.url).origin}/rpc/audit:list`, { headers: { Authorization: `Bearer ${shell.token}` }, data: { limit: 50 } })
  ).json()) as { value: { action: string; credentialName: string | null }[] };
  expect(audit.value.filter((e) => e.credentialName === 'demo-call2me-read' && e.action === 'edit').length).toBeGreaterThanOrEqual(3);
});

test('the demo partner key says which tenants it acts for', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  await page
    .getByRole('navigation', { name: 'Credentials' })
    .getByRole('button', { name: /demo-callaro-partner/ })
    .click();
  await expect(page.locator('.details-pane')).toContainText('Partner p1 acts for tenants t1: send X-Tenant-Id with one of them.');
});
