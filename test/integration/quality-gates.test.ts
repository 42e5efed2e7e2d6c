import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { scan } from '../../scripts/check-electronegativity';
import { tempDir } from '../support/temp-dir';

const root = path.resolve(import.meta.dirname, '../..');

async function lintAs(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint', () => {
  it('refuses electron in services, Node and DOM in shared/, Node in the renderer', async () => {
    expect(await lintAs('electron/store/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringMatching(/no-restricted-imports: .*Only electron\/main and electron\/preload/),
    ]);
    expect((await lintAs('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"))[0]).toMatch(/no Node built-ins/);
    expect((await lintAs('shared/x.ts', 'export const a = window.location;\n'))[0]).toMatch(/no-restricted-globals/);
    expect((await lintAs('shared/x.ts', "import { x } from '../electron/app/data-dir';\nexport const a = x;\n"))[0]).toMatch(
      /must not depend on either side/,
    );
    expect((await lintAs('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n"))[0]).toMatch(/no Node/);
  });

  it('lets electron/main import electron', async () => {
    expect(await lintAs('electron/main/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
});

describe('electronegativity gate', () => {
  it('blocks a window with Node integration and no sandbox', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'main'));
    fs.writeFileSync(
      path.join(dir, 'main', 'bad.ts'),
      "import { BrowserWindow } from 'electron';\n" +
        "export const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n" +
        "w.loadURL('http://example.com');\n",
    );
    const { blocking, sarifResults } = await scan(dir, path.join(tempDir(), 'report.sarif'));
    expect(blocking.map((issue) => issue.id)).toEqual(expect.arrayContaining(['SANDBOX_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']));
    expect(sarifResults).toBeGreaterThanOrEqual(blocking.length);
  });

  it('passes Keyhole’s own Electron code', async () => {
    const { blocking, errors } = await scan(path.join(root, 'electron'), path.join(tempDir(), 'report.sarif'));
    expect(errors).toEqual([]);
    expect(blocking).toEqual([]);
  });
});
