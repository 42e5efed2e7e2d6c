import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronRuntime = { present: true; executable: string; version: string } | { present: false; reason: string };

/**
 * Finds the Electron binary without `require('electron')`, which would try to download it.
 * The `electron` npm package ships no binary; it is fetched on first use from Electron's release
 * host, which some networks (this project's CI among them) cannot reach.
 */
export function findElectronRuntime(env: NodeJS.ProcessEnv = process.env): ElectronRuntime {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { present: false, reason: 'the electron package is not installed (run `npm install`)' };
  }
  const version = (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : undefined;
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
  if (!relative) {
    return {
      present: false,
      reason: `the Electron ${version} runtime has not been downloaded (no ${pathFile}); run \`npx install-electron\` where its release host is reachable`,
    };
  }
  const executable = path.join(distDir, relative);
  if (!fs.existsSync(executable)) {
    return { present: false, reason: `the Electron runtime is missing at ${executable}` };
  }
  return { present: true, executable, version };
}
