import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectAccessible } from './axe';
import { expect, test } from './fixtures';

test('without its launch token the page explains how to get in, and RPC is refused', async ({ page, shell }) => {
  const origin = new URL(shell.url).origin;
  await page.goto(origin);
  await expect(page.getByRole('heading', { name: 'Keyhole needs its launch link' })).toBeVisible();
  await expectAccessible(page, 'not connected');
  const status = await page.evaluate(
    async () => (await fetch('/rpc/app:status', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
  );
  expect(status).toBe(401);
});

test('a page on another origin cannot call the RPC, even knowing the token', async ({ page, shell }) => {
  const evil = http.createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  try {
    await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
    const target = `${new URL(shell.url).origin}/rpc/app:status`;
    const outcome = await page.evaluate(
      async ({ target, token }) => {
        try {
          const res = await fetch(target, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: '{}',
          });
          return `status ${res.status}`;
        } catch (error) {
          return `blocked: ${(error as Error).message}`;
        }
      },
      { target, token: shell.token },
    );
    // The browser's CORS check and our Origin check both refuse it; either way no data comes back.
    expect(outcome).toMatch(/^blocked/);
  } finally {
    evil.close();
  }
});

test('the page is served with a CSP that forbids inline script', async ({ page, shell }) => {
  const response = await page.goto(shell.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.head.appendChild(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
});
