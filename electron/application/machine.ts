import path from 'node:path';
import { probeKeychain } from '../keychain/keychain-secret-store';
import { resolveDataDir } from '../platform/data-dir';
import { findElectronRuntime } from '../platform/electron-runtime';
import { DATABASE_FILE, inspectDatabaseFile } from '../store/open-database';
import { inProcessSandbox } from '../try-it/try-it';

export type { DatabaseFileReport } from '../store/open-database';

/** `keyhole doctor`: what this machine offers Keyhole, read without opening (or migrating) anything. */
export async function doctorReport(env: NodeJS.ProcessEnv) {
  const dataDir = resolveDataDir(env);
  return {
    keychain: await probeKeychain(undefined, env),
    dataDir,
    database: inspectDatabaseFile(path.join(dataDir, DATABASE_FILE)),
    electron: findElectronRuntime(env),
    node: process.version,
  };
}

/** `keyhole sandbox`: the vendors' stand-in on its own, with no vault behind it. */
export const startStandaloneSandbox = ({ port }: { port?: number }) => inProcessSandbox(port);
