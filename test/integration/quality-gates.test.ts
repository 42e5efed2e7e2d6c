import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('shared test workers', () => {
  it('refuses module mocks, stubbed globals and changes to process.env in vitest files', async () => {
    expect((await lintAs('test/integration/x.test.ts', "import { vi } from 'vitest';\nvi.mock('node:fs');\n"))[0]).toMatch(/no module mocks/);
    expect((await lintAs('test/unit/x.test.ts', "import { vi } from 'vitest';\nvi.stubEnv('A', 'b');\n"))[0]).toMatch(/no module mocks/);
    expect((await lintAs('test/integration/x.test.ts', "process.env.KEYHOLE_HOME = '/tmp/x';\n"))[0]).toMatch(/don't change process.env/);
    expect((await lintAs('test/integration/x.test.ts', "process.env['A'] = 'b';\n"))[0]).toMatch(/don't change process.env/);
    expect((await lintAs('test/integration/x.test.ts', 'delete process.env.HOME;\n'))[0]).toMatch(/don't change process.env/);
    expect(await lintAs('test/integration/x.test.ts', 'export const env = { ...process.env, A: "b" };\n')).toEqual([]);
  });
});

describe('layering lint', () => {
  it('refuses electron in services, Node and DOM in shared/, Node in the renderer', async () => {
    expect(await lintAs('electron/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*Only electron\/main and electron\/preload/),
    ]);
    expect((await lintAs('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"))[0]).toMatch(/no Node built-ins/);
    expect((await lintAs('shared/x.ts', 'export const a = window.location;\n'))[0]).toMatch(/no-restricted-globals/);
    expect((await lintAs('shared/x.ts', "import { x } from '../electron/app/data-dir';\nexport const a = x;\n"))[0]).toMatch(/must not depend on either side/);
    expect((await lintAs('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"))[0]).toMatch(/no Node/);
  });

  it('keeps the layers inside electron/: services below the application, adapters above it, SQL in store/', async () => {
    const code = (from: string) => `import { x } from '${from}';\nexport const a = x;\n`;
    expect((await lintAs('electron/proxy/x.ts', code('../composition/keyhole-services')))[0]).toMatch(/never imports the composition root/);
    expect((await lintAs('electron/vault/x.ts', code('../application/keyhole-application')))[0]).toMatch(/never imports the composition root/);
    expect((await lintAs('electron/rotation/x.ts', code('../cli/open-services')))[0]).toMatch(/never imports the composition root/);
    expect((await lintAs('electron/store/x.ts', code('../vault/fingerprint')))[0]).toMatch(/imports only shared/);
    expect((await lintAs('electron/store/migrations/x.ts', code('../../send/base-url')))[0]).toMatch(/imports only shared/);
    expect((await lintAs('electron/cli/commands/x.ts', code('../../vault/vault-service')))[0]).toMatch(/call the application layer/);
    expect((await lintAs('electron/ipc/x.ts', code('../store/history-repository')))[0]).toMatch(/call the application layer/);
    expect((await lintAs('electron/application/x.ts', code('../ipc/handlers')))[0]).toMatch(/never imports an adapter/);
    expect((await lintAs('electron/rotation/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"))[0]).toMatch(
      /Only electron\/store\/ and the composition root hold the database connection/,
    );
    expect(
      (await lintAs('electron/rotation/x.ts', "export const f = (deps: { db: { prepare(s: string): unknown } }) => deps.db.prepare('SELECT 1');\n"))[0],
    ).toMatch(/SQL lives in electron\/store/);
    // Services and the application never hold the connection, not even by type, nor open a transaction on it.
    const holdsConnection = /Only electron\/store\/ and the composition root hold the database connection/;
    expect((await lintAs('electron/rotation/x.ts', "import type { Database } from 'better-sqlite3';\nexport type A = Database;\n"))[0]).toMatch(
      holdsConnection,
    );
    expect((await lintAs('electron/application/x.ts', "import type { Database } from 'better-sqlite3';\nexport type A = Database;\n"))[0]).toMatch(
      holdsConnection,
    );
    expect(
      (await lintAs('electron/vault/x.ts', 'export const f = (deps: { db: { transaction(f: () => void): unknown } }) => deps.db.transaction(() => {});\n'))[0],
    ).toMatch(/SQL lives in electron\/store/);
    // The application layer never imports the composition root; the root may construct the application.
    expect((await lintAs('electron/application/x.ts', code('../composition/keyhole-services')))[0]).toMatch(/never imports the composition root/);
    expect(await lintAs('electron/composition/x.ts', code('../application/keyhole-application'))).toEqual([]);
    // What is allowed stays allowed: a service using a repository and a Transact, the store's own SQL.
    expect(
      await lintAs(
        'electron/rotation/x.ts',
        "import type { Transact } from '../store/transact';\nimport type { HistoryRepository } from '../store/history-repository';\nexport type A = [Transact, HistoryRepository];\n",
      ),
    ).toEqual([]);
    expect(
      await lintAs(
        'electron/store/x.ts',
        "import type { Database } from 'better-sqlite3';\nimport type { Finding } from '../../shared/diagnosis/finding';\nexport const f = (db: Database): Finding[] => db.prepare('SELECT 1').all() as Finding[];\n",
      ),
    ).toEqual([]);
    expect(await lintAs('electron/cli/commands/x.ts', code('../../application/keyhole-application'))).toEqual([]);
  });

  it('keeps the sandbox an independent stand-in: the product reaches it by URL, and it imports nothing of the product', async () => {
    const code = (from: string) => `import { x } from '${from}';\nexport const a = x;\n`;
    const byUrl = /sandbox-by-url: The product reaches the sandbox by URL only/;
    expect((await lintAs('electron/send/x.ts', code('../../sandbox/index')))[0]).toMatch(byUrl);
    expect((await lintAs('electron/composition/x.ts', code('../../sandbox/server')))[0]).toMatch(byUrl);
    expect((await lintAs('shared/diagnosis/x.ts', code('../../sandbox/call2me/routes')))[0]).toMatch(byUrl);
    expect((await lintAs('renderer/src/x.ts', code('../../sandbox/state')))[0]).toMatch(byUrl);
    expect((await lintAs('electron/cli/x.ts', "export const load = () => import('../../sandbox/index');\n"))[0]).toMatch(byUrl);
    const independent = /sandbox-by-url: The sandbox imports nothing of the product/;
    expect((await lintAs('sandbox/x.ts', code('../shared/providers/builtin-providers')))[0]).toMatch(independent);
    expect((await lintAs('sandbox/call2me/x.ts', code('../../electron/platform/loopback-server')))[0]).toMatch(independent);
    // Allowed: the "Try it" wiring starts it; the sandbox's own modules and npm packages.
    expect(await lintAs('electron/try-it/x.ts', code('../../sandbox/index'))).toEqual([]);
    expect(await lintAs('sandbox/call2me/x.ts', code('../refusal'))).toEqual([]);
    expect(await lintAs('sandbox/x.ts', code('zod'))).toEqual([]);
  });

  it('lets electron/main import electron', async () => {
    expect(await lintAs('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});

describe('Electron hardening lint (in place of Electronegativity)', () => {
  it('blocks a window with Node integration, no sandbox, insecure content and weakened Chromium', async () => {
    const messages = await lintAs(
      'electron/main/bad.ts',
      "import { app, BrowserWindow, shell } from 'electron';\n" +
        "export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false, enableBlinkFeatures: 'X' } });\n" +
        "void w.loadURL('http://example.com');\n" +
        'export const open = (url: string) => shell.openExternal(url);\n' +
        "app.commandLine.appendSwitch('ignore-certificate-errors');\n" +
        "app.on('certificate-error', () => undefined);\n" +
        'export const v = new BrowserWindow({});\n',
    );
    for (const expected of [
      /hardened-web-preferences: webPreferences.sandbox must be true/,
      /hardened-web-preferences: webPreferences.contextIsolation must be true/,
      /hardened-web-preferences: webPreferences.nodeIntegration must be false/,
      /hardened-web-preferences: webPreferences.webSecurity: false/,
      /hardened-web-preferences: webPreferences.enableBlinkFeatures/,
      /hardened-web-preferences: BrowserWindow needs webPreferences/,
      /no-insecure-content: loadURL over plain http/,
      /safe-open-external/,
      /no-insecure-switches: appendSwitch\('ignore-certificate-errors'\)/,
      /no-certificate-override/,
    ]) {
      expect(messages, String(expected)).toContainEqual(expect.stringMatching(expected));
    }
  });

  it('passes Keyhole’s own Electron code', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['electron/main/**/*.ts', 'electron/preload/**/*.ts']);
    expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}: ${m.ruleId}: ${m.message}`))).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(3);
  });
});
