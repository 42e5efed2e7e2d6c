import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Keyhole';

/**
 * Where Keyhole keeps its database and logs. `KEYHOLE_HOME` wins; otherwise the per-OS location that
 * Electron's `userData` uses for an app named Keyhole, so the desktop app, CLI and web shell share data.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.KEYHOLE_HOME) return path.resolve(env.KEYHOLE_HOME);
  const home = os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/**
 * The keychain service a data directory's secrets live under: `keyhole` for the default directory,
 * `keyhole@<hash>` for any other, so two Keyhole homes never see (or clean up) each other's secrets.
 */
export function keychainServiceFor(dataDir: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const defaultDir = resolveDataDir({ ...env, KEYHOLE_HOME: undefined }, platform);
  if (path.resolve(dataDir) === defaultDir) return 'keyhole';
  return `keyhole@${createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)}`;
}
