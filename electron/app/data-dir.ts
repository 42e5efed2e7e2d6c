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
