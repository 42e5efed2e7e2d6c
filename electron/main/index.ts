import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, dialog, ipcMain } from 'electron';
import { channels, inputLimit, inputTooLarge } from '../../shared/ipc/contract';
import { EVENT_CHANNEL } from '../../shared/ipc/events';
import { resolveDataDir } from '../platform/data-dir';
import type { KeyholeApplication } from '../application/keyhole-application';
import { openApplication } from '../composition/keyhole-services';
import { createLogger } from '../platform/logger';
import { packageRoot } from '../platform/package-paths';
import { KEYHOLE_VERSION } from '../platform/version';
import { createDispatch } from '../ipc/dispatch';
import { createHandlers } from '../ipc/handlers';
import { installApplicationMenu } from './app-menu';
import { hardenSessions, isTrustedSender } from './window-security';

// Electron bootstrap only: windows, security and the IPC registry. Everything else is a service.
const here = path.dirname(fileURLToPath(import.meta.url));
// A packaged app never loads a dev server: the variable would swap in another page (with the dev
// CSP) that the sender check then trusts.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const pageUrl = devServerUrl ?? pathToFileURL(path.join(here, '../renderer/index.html')).href;
const logger = createLogger('keyhole');

app.setName('Keyhole');
app.setPath('userData', resolveDataDir());
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.whenReady().then(start, (error: unknown) => fail(error));
}

async function start(): Promise<void> {
  hardenSessions(Boolean(devServerUrl));
  installApplicationMenu(Boolean(devServerUrl));

  let keyhole: KeyholeApplication;
  try {
    keyhole = await openApplication({
      dataDir: app.getPath('userData'),
      shell: 'electron',
      version: KEYHOLE_VERSION,
      logger,
      secretsMode: process.argv.includes('--ephemeral-secrets') ? 'memory' : 'keychain',
      nativeBinding: electronSqliteBinding(),
      clipboard: async () => ({ write: async (text) => clipboard.writeText(text), read: async () => clipboard.readText() }),
      // A first send to a new origin is confirmed in a native dialog the page cannot click.
      originConfirmer: { kind: 'dialog', ask: confirmOrigin },
    });
    await keyhole.startup();
  } catch (error) {
    return fail(error);
  }
  // Electron does not wait for promises in will-quit: hold the quit until the history recorder has
  // written what it queued (the last sends and proxied exchanges), then quit for real.
  let closed = false;
  let closing = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    void keyhole
      .close()
      .catch((error: unknown) => logger.error(`closing failed: ${(error as Error).message}`))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  const window = createWindow();
  const dispatch = createDispatch(createHandlers(keyhole), logger);
  // Live updates: what changed goes to the page, which reads what it needs through the contract.
  const unsubscribe = keyhole.events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  window.once('closed', unsubscribe);
  for (const channel of channels) {
    ipcMain.handle(channel, (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame, window.webContents, pageUrl)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame was refused.' } };
      }
      // The contract's per-channel limit, as the web shell applies it to the request body.
      if (Buffer.byteLength(JSON.stringify(input ?? null)) > inputLimit(channel))
        return { ok: false, error: { code: 'INVALID_INPUT', message: inputTooLarge(channel) } };
      return dispatch(channel, input);
    });
  }
  // The page loads only once every handler exists, so its first call cannot race them.
  void window.loadURL(pageUrl);
  app.on('window-all-closed', () => app.quit());
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Keyhole',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  return window;
}

/** better-sqlite3 rebuilt for Electron's ABI by `npm start`, kept apart from the Node build tests use. */
function electronSqliteBinding(): string | undefined {
  const binding = path.join(packageRoot(here), '.electron-native', 'better_sqlite3.node');
  return fs.existsSync(binding) ? binding : undefined;
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  logger.error(message);
  dialog.showErrorBox('Keyhole could not start', message);
  app.exit(1);
}

async function confirmOrigin({ credential, origin, insecure }: { credential: { name: string }; origin: string; insecure: boolean }): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    buttons: ['Do not send', `Send ${credential.name} to ${origin}`],
    defaultId: 0,
    cancelId: 0,
    message: `Send ${credential.name} to ${origin}?`,
    detail: `Keyhole has never sent this key to ${origin}.${insecure ? ' It is a live key and the connection is plain http.' : ''} Allow it only if you set this address yourself.`,
  });
  return response === 1;
}
