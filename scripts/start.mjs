// `npm start` / `npm run dev`: the desktop app where the Electron runtime exists, otherwise the web
// shell, saying in one line why. Builds first when the sources are newer than the build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { findElectronRuntime } = await import('../electron/platform/electron-runtime.ts');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dev = process.argv.includes('--dev');
const passThrough = process.argv.slice(2).filter((arg) => arg !== '--dev');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

let runtime = findElectronRuntime();
if (!runtime.present && !process.env.KEYHOLE_NO_ELECTRON_DOWNLOAD) {
  // First start on a networked machine: fetch the runtime the electron package names (quietly).
  spawnSync(process.execPath, [path.join(root, 'node_modules/electron/install.js')], { stdio: 'ignore', timeout: 180_000 });
  runtime = findElectronRuntime();
}

if (runtime.present) {
  await ensureElectronSqlite(runtime.version);
  if (dev) run(bin('electron-vite'), ['dev', '--', ...passThrough]);
  else {
    buildIfStale();
    run(runtime.executable, [path.join(root, 'out/main/index.js'), ...passThrough]);
  }
} else {
  console.log(`Electron runtime unavailable (${runtime.reason}); starting the web shell instead.`);
  if (dev) await startWebDev();
  else {
    buildIfStale();
    run(process.execPath, [path.join(root, 'bin/keyhole.mjs'), 'web', ...passThrough]);
  }
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
}

function buildIfStale() {
  const built = path.join(root, 'out/renderer/index.html');
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  const newestSource = Math.max(...['electron', 'shared', 'renderer'].map((dir) => newestMtime(path.join(root, dir))));
  if (newestSource <= builtAt) return;
  console.log('Building Keyhole…');
  const result = spawnSync(bin('electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * better-sqlite3 is compiled for Node (tests, CLI, web shell). Electron needs its own ABI build, kept
 * apart in .electron-native/ so the two never overwrite each other.
 */
async function ensureElectronSqlite(electronVersion) {
  const target = path.join(root, '.electron-native', 'better_sqlite3.node');
  const stamp = path.join(root, '.electron-native', 'electron-version');
  if (fs.existsSync(target) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion) return;
  console.log(`Building better-sqlite3 for Electron ${electronVersion} (once)…`);
  const work = path.join(root, '.electron-native', 'build');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true });
  fs.cpSync(path.join(root, 'node_modules/better-sqlite3'), path.join(work, 'node_modules/better-sqlite3'), { recursive: true });
  fs.writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'electron-native', dependencies: { 'better-sqlite3': '*' } }));
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
  fs.copyFileSync(path.join(work, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), target);
  fs.writeFileSync(stamp, electronVersion);
}

/** Web shell with hot reload: Vite serves the renderer and proxies /rpc to a `keyhole web` process. */
async function startWebDev() {
  const web = spawn(process.execPath, [path.join(root, 'bin/keyhole.mjs'), 'web', '--json', '--no-open', ...passThrough], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url, token } = await new Promise((resolve, reject) => {
    web.stdout.once('data', (chunk) => resolve(JSON.parse(chunk.toString().split('\n')[0])));
    web.once('exit', (code) => reject(new Error(`keyhole web exited with ${code}`)));
  });
  const backend = new URL(url).origin;
  const { createServer } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  const server = await createServer({
    root: path.join(root, 'renderer'),
    configFile: false,
    plugins: [react()],
    server: {
      host: '127.0.0.1',
      proxy: {
        // The web host refuses foreign origins; the dev server is our own page, so present it as same-origin.
        '/rpc': { target: backend, changeOrigin: true, headers: { origin: backend } },
      },
    },
  });
  await server.listen();
  const address = server.resolvedUrls.local[0];
  console.log(`Keyhole (dev, hot reload) is at ${address}#token=${token}`);
  const stop = async () => {
    web.kill('SIGTERM');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
