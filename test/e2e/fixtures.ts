import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { CHROMIUM } from '../../playwright.config';

const BIN = path.resolve(import.meta.dirname, '../../bin/keyhole.mjs');

export interface WebShell {
  url: string;
  token: string;
  dataDir: string;
  /** Opens the app and waits for its readiness signal. */
  open(page: Page): Promise<void>;
}

/**
 * Starts `keyhole web` with a fresh data directory per test and waits for its JSON launch line
 * (the app's own readiness signal, not a sleep). Its log lines are prefixed and attached on failure.
 */
export const test = base.extend<{ shell: WebShell }>({
  // Playwright requires an object pattern here even when the fixture depends on nothing.
  // eslint-disable-next-line no-empty-pattern
  shell: async ({}, use, testInfo) => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyhole-e2e-'));
    const child = spawn(process.execPath, [BIN, 'web', '--json', '--no-open'], {
      env: { ...process.env, KEYHOLE_HOME: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log: string[] = [];
    child.stderr!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) log.push(`[web:${testInfo.title}] ${line}`);
    });
    try {
      const { url, token } = await launchLine(child).catch((error: Error) => {
        throw new Error(`${error.message}\n${log.join('\n')}`);
      });
      // Inside the suite's D-Bus session the keychain must work: say why it does not, up front.
      const unavailable = log.map((line) => /keychain: unavailable \((.*)\)/.exec(line)?.[1]).find(Boolean);
      if (process.env.DBUS_SESSION_BUS_ADDRESS && unavailable) throw new Error(`the web shell found no keychain: ${unavailable}`);
      await use({
        url,
        token,
        dataDir,
        open: async (page) => {
          await page.goto(url);
          await page.locator('html[data-ready="true"]').waitFor();
        },
      });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('web-shell.log', { body: log.join('\n'), contentType: 'text/plain' });
        console.log(log.join('\n'));
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

function launchLine(child: ChildProcess): Promise<{ url: string; token: string }> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(buffered.slice(0, newline)) as { url: string; token: string });
    });
    child.once('exit', (code) => reject(new Error(`keyhole web exited with ${code} before it was ready`)));
  });
}

test.beforeAll(() => {
  // Only the Electron project may skip on CI; a missing Chromium must fail there.
  if (!fs.existsSync(CHROMIUM)) {
    if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: install Debian's chromium package`);
    test.skip(true, `${CHROMIUM} is missing: install Debian's chromium package to run the browser tests`);
  }
});

export { expect };

/**
 * The composer's option label for a vault key (`name (provider/env, fingerprint)`), once the key list
 * has loaded: reading the options at once could find none, and selectOption({ label: undefined })
 * then picks the first key (the admin one).
 */
export async function credentialOption(page: Page, name: string): Promise<string> {
  const option = page
    .getByRole('combobox', { name: /^Credential/ })
    .locator('option')
    .filter({ hasText: new RegExp(`^${name} \\(`) });
  return (await option.textContent())!;
}
