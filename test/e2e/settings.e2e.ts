import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';
import { harFile } from './har';

test('Settings does what used to need the CLI: environments, rotation policy, a provider profile and a HAR file', async ({ page, shell }) => {
  await shell.open(page);
  await page.keyboard.press('g');
  await page.keyboard.press(',');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');

  // A base URL is checked where it is typed, and the error names the provider, the environment and the field.
  const staging = page.getByRole('textbox', { name: 'Callaro Staging base URL' });
  await staging.fill('gateway.example.com');
  await staging.locator('xpath=ancestor::tr').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('Callaro Staging:');
  await expect(page.getByRole('alert')).toContainText('baseUrl');
  await staging.fill('https://gateway.example.com');
  await staging.locator('xpath=ancestor::tr').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Callaro Staging now points at https://gateway.example.com.')).toBeVisible();

  const environments = page.getByRole('region', { name: 'Environments' });
  await environments.getByRole('textbox', { name: 'New environment' }).first().fill('eu-staging');
  await environments.getByRole('textbox', { name: 'Base URL', exact: true }).first().fill('https://eu.callaro.example');
  await environments.getByRole('button', { name: 'Add to Callaro' }).click();
  await expect(page.getByRole('textbox', { name: 'Callaro eu-staging base URL' })).toHaveValue('https://eu.callaro.example');
  // Only an environment the user added can be removed, and only on a second click that names it.
  await expect(staging.locator('xpath=ancestor::tr').getByRole('button', { name: /Remove/ })).toHaveCount(0);
  const added = page.getByRole('textbox', { name: 'Callaro eu-staging base URL' }).locator('xpath=ancestor::tr');
  await added.getByRole('button', { name: 'Remove Callaro eu-staging…' }).click();
  await added.getByRole('button', { name: 'Remove Callaro eu-staging', exact: true }).click();
  await expect(page.getByText('Removed Callaro eu-staging.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Callaro eu-staging base URL' })).toHaveCount(0);

  // Rotation policy: a number of days per environment, refused in words when it is not one.
  const production = page.getByRole('textbox', { name: 'Rotate production keys after (days)' });
  await production.fill('ninety');
  await production.locator('xpath=ancestor::tr').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('production: a whole number of days from 1 to 3,650, or empty for no reminder.');
  await production.fill('90');
  await production.locator('xpath=ancestor::tr').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Keys in production are due for rotation after 90 days.')).toBeVisible();

  // A broken provider profile is refused whole, naming its fields; a HAR file lands in Traffic, diagnosed.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-e2e-files-'));
  const profile = path.join(dir, 'acme.json');
  fs.writeFileSync(profile, JSON.stringify({ id: 'acme', name: 'Acme', environments: [], credentialKinds: [], scopes: [], routeFamilies: [], errors: [] }));
  await page.getByLabel('Provider profile or OpenAPI…').setInputFiles(profile);
  await expect(page.getByRole('alert')).toContainText(/environments: .*credentialKinds: /);
  // Another vendor's OpenAPI document becomes a provider with its routes.
  const openapi = path.join(dir, 'petcalls.yaml');
  fs.writeFileSync(
    openapi,
    "openapi: 3.1.0\ninfo: {title: Pet Calls, version: '1'}\nservers: [{url: 'https://api.petcalls.example'}]\npaths:\n  /v1/pets:\n    get: {responses: {'200': {description: ok}}}\n    post: {responses: {'201': {description: created}}}\n",
  );
  await page.getByLabel('Provider profile or OpenAPI…').setInputFiles(openapi);
  await expect(page.getByText('Imported provider Pet Calls (pet-calls, 2 routes) from petcalls.yaml.')).toBeVisible();
  const har = path.join(dir, 'support.har');
  const authorization = 'Bearer sk_call2me_live_harharharhar1';
  fs.writeFileSync(
    har,
    JSON.stringify(
      harFile([
        { url: 'https://api.call2me.app/v1/agents', authorization, status: 200, body: '{}' },
        { url: 'https://api.call2me.app/v1/agents/a1', authorization, status: 403, body: '{}' },
      ]),
    ),
  );
  await page.getByLabel('HAR file into Traffic…').setInputFiles(har);
  await expect(page.getByText('Imported 2 exchanges from support.har (1 with findings).')).toBeVisible();
  await expectAccessible(page, 'settings');
  // What was imported never reached the page.
  expect(await page.content()).not.toContain('harharharhar1');

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page.getByRole('list', { name: 'Traffic' }).getByRole('listitem')).toHaveCount(2);
});
