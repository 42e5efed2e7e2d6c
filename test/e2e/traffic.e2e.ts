import { execFileSync } from 'node:child_process';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';

test('start the proxy from the UI, send traffic through it with curl, watch rows arrive, filter, export HAR', async ({ page, shell }) => {
  await shell.open(page);
  await page.getByRole('button', { name: 'Try it: add sandbox demo keys' }).click();
  await expect(page.getByRole('navigation', { name: 'Credentials' }).getByRole('button', { name: /demo-call2me-read/ })).toBeVisible();
  await page.keyboard.press('g');
  await page.keyboard.press('t');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Traffic');

  await page.getByRole('button', { name: 'Start proxy' }).click();
  const listen = (await page.getByTestId('proxy-listen').textContent())!;
  expect(listen).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  // A user's service with a key of its own: mint one in the app's sandbox, then send through the proxy with curl.
  const rpc = async (channel: string, body: unknown) =>
    (await page.request.post(`${new URL(shell.url).origin}/rpc/${channel}`, { headers: { Authorization: `Bearer ${shell.token}` }, data: body })).json();
  const { value: sandbox } = (await rpc('sandbox:status', {})) as { value: { baseUrls: Record<string, string> } };
  const control = sandbox.baseUrls.call2me!.replace(/\/call2me$/, '/_sandbox/credentials');
  const minted = JSON.parse(
    execFileSync('curl', [
      '-s',
      '-X',
      'POST',
      control,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"provider":"call2me","kind":"api_key","workspace":"acme","scopes":["read"]}',
    ]).toString(),
  ) as { secret: string };
  for (const [method, path] of [
    ['GET', '/v1/agents'],
    ['POST', '/v1/agents'],
    ['GET', '/v1/calls'],
  ] as const) {
    execFileSync('curl', [
      '-s',
      '-o',
      '/dev/null',
      '-X',
      method,
      `${listen}${path}`,
      '-H',
      `Authorization: Bearer ${minted.secret}`,
      '-H',
      'Content-Type: application/json',
      // The spec's smallest valid CreateAgentRequest.
      ...(method === 'POST'
        ? ['-d', '{"agent_name":"desk","voice_id":"elevenlabs-CFzl8WvPQ92EKMBs2hpS","response_engine":{"type":"call2me-llm","system_prompt":""}}']
        : []),
    ]);
  }

  const list = page.getByRole('list', { name: 'Traffic' });
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('listitem').filter({ hasText: 'POST /v1/agents' })).toContainText('SCOPE_MISSING');
  await page.getByRole('textbox', { name: 'Status' }).fill('4xx');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('textbox', { name: 'Status' }).fill('');
  await page.getByRole('combobox', { name: 'Finding' }).selectOption('SCOPE_MISSING');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Finding' }).selectOption('');
  // Free text: every word matches the method, path, status, a finding or the key's name.
  await page.getByRole('textbox', { name: 'Search' }).fill('post scope');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('textbox', { name: 'Search' }).fill('');
  await page.getByLabel('Path prefix').fill('/v1/ag');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expectAccessible(page, 'traffic');

  // The refused POST, replayed as the demo write key: the sandbox now creates the agent.
  await list.getByRole('listitem').filter({ hasText: 'POST /v1/agents' }).getByRole('button').click();
  // The detail opens on its diagnosis; the Request tab shows what was sent, redacted.
  await expect(page.getByRole('list', { name: 'Diagnosis' }).first()).toContainText('SCOPE_MISSING');
  await page.getByRole('tab', { name: 'Request', exact: true }).first().click();
  await expect(page.getByText('Request as sent (redacted)').first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Replay as' }).selectOption({ label: 'demo-call2me-write (sandbox, api_key)' });
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Replay' }).getByTestId('response-status')).toHaveText('201');
  // The replay is history too, and arrives live in the list.
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list.getByRole('listitem').first()).toContainText('send');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export HAR' }).click();
  const file = await download;
  const text = Buffer.concat(await (await file.createReadStream()).toArray()).toString();
  const har = JSON.parse(text) as { log: { entries: unknown[] } };
  expect(har.log.entries).toHaveLength(3);
  // The page says which file it saved.
  await expect(
    page.getByText(new RegExp(`^Saved ${file.suggestedFilename().replace(/\./g, '\\.')} \\([\\d.,]+ (B|KB)\\) to your downloads\\.$`)),
  ).toBeVisible();
  expect(text).not.toContain(minted.secret);
  expect(await page.content()).not.toContain(minted.secret);

  // A body longer than the proxy keeps: the Request tab says how much of how much was recorded.
  await page.getByLabel('Path prefix').fill('/v1/knowledge-base');
  const big = JSON.stringify({ name: 'notes', description: 'x'.repeat(40_000) });
  execFileSync('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-X',
    'POST',
    `${listen}/v1/knowledge-base`,
    '-H',
    `Authorization: Bearer ${minted.secret}`,
    '-H',
    'Content-Type: application/json',
    '--data-binary',
    big,
  ]);
  await list.getByRole('listitem').filter({ hasText: 'POST /v1/knowledge-base' }).getByRole('button').click();
  await page.getByRole('tab', { name: 'Request', exact: true }).first().click();
  await expect(page.getByTestId('cut-notice').first()).toHaveText(/^Only the first 1\d(\.\d)? KB of this 39\.\d KB body were recorded\.$/);

  // At 900x700 the request column keeps its room, and an opened exchange is in view, not below the fold.
  await page.getByRole('button', { name: 'Close details ×' }).click();
  await page.getByLabel('Path prefix').fill('');
  await page.setViewportSize({ width: 900, height: 700 });
  const request = list.getByRole('listitem').first().getByRole('button').locator('span').nth(3);
  expect((await request.boundingBox())!.width).toBeGreaterThan(120);
  await list.getByRole('listitem').first().getByRole('button').click();
  const details = page.getByRole('complementary', { name: 'Exchange details' });
  await expect(details).toBeVisible();
  await expect.poll(async () => (await details.boundingBox())!.y).toBeLessThan(700 - 150);
  expect((await request.boundingBox())!.width).toBeGreaterThan(120);

  // "Open in composer": the recorded request, editable in Send, with its key and without its secret.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByLabel('Path prefix').fill('/v1/agents');
  await page.getByRole('combobox', { name: 'Source' }).selectOption('proxy');
  await list.getByRole('listitem').filter({ hasText: 'GET /v1/agents' }).getByRole('button').click();
  await details.getByRole('button', { name: 'Open in composer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Send');
  await expect(page.getByRole('combobox', { name: 'Path' })).toHaveValue('/v1/agents');
  await expect(page.getByRole('status').filter({ hasText: 'Left out of the request' })).toContainText(/authorization: the key is chosen from the vault/i);
  // The URL bar: a pasted URL becomes the request.
  await page.getByRole('textbox', { name: 'Paste a URL or a curl command' }).fill(`${sandbox.baseUrls.call2me}/v1/voices?limit=5`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Path' })).toHaveValue('/v1/voices?limit=5');
  // The query as a grid, in step with the path.
  await expect(page.getByRole('textbox', { name: 'Parameter 1 name' })).toHaveValue('limit');
  await page.getByRole('textbox', { name: 'Parameter 1 value' }).fill('10');
  await page.getByRole('button', { name: 'Add parameter' }).click();
  await page.getByRole('textbox', { name: 'Parameter 2 name' }).fill('offset');
  await page.getByRole('textbox', { name: 'Parameter 2 value' }).fill('20');
  await expect(page.getByRole('combobox', { name: 'Path' })).toHaveValue('/v1/voices?limit=10&offset=20');
  await expectAccessible(page, 'composer with a URL bar');
  // At 900x700 the URL bar and the query grid are on screen, not cut off.
  await page.setViewportSize({ width: 900, height: 700 });
  for (const box of [page.getByRole('textbox', { name: 'Paste a URL or a curl command' }), page.getByRole('textbox', { name: 'Parameter 2 value' })]) {
    const bounds = (await box.boundingBox())!;
    expect(bounds.x + bounds.width).toBeLessThanOrEqual(900);
    expect(bounds.width).toBeGreaterThan(80);
  }
  expect(await page.content()).not.toContain(minted.secret);
});
