import type { Reconciliation } from '../vault/vault-service';
import { secretsReadable } from '../../shared/vault/keychain-status';
import type { KeyholeServices } from './services';

export type StartupServices = Pick<
  KeyholeServices,
  'history' | 'historySealedBy' | 'settings' | 'pipeline' | 'vault' | 'rotations' | 'tryIt' | 'logger' | 'secretsMode' | 'keychain'
>;

/**
 * The jobs a long-running shell runs once after construction, in this order: pin, prune, seal and
 * migrate old rows, finish an interrupted rotation, reconcile keychain and SQLite, re-key
 * fingerprints, and restart "Try it". Each is advice or housekeeping: a failure is logged and retried
 * at the next start, never a reason not to start. Returns what the reconciliation found.
 */
export async function runStartupJobs(services: StartupServices): Promise<Reconciliation> {
  const { history, vault, logger } = services;
  const readable = secretsReadable(services.secretsMode(), services.keychain);
  const unpinned = vault.pinUnpinned();
  if (unpinned > 0) logger.info(`pinned ${unpinned} credentials to their environment's origin`);
  const pruned = history.prune(services.settings.read().historyRetention, new Date());
  if (pruned > 0) logger.info(`history retention removed ${pruned} old exchanges`);
  // Older rows are rewritten only under the keychain's key (a session key would lose them).
  if (services.historySealedBy === 'install') {
    const sealed = history.sealLegacyRows((path) => services.pipeline.storedPath(path, {}));
    if (sealed > 0) logger.info(`sealed ${sealed} exchanges recorded before history was encrypted`);
    history.moveCutMarkers();
  }
  if (!readable) return { orphanAccounts: [], missingSecrets: [] };
  // Before reconciling: a rotation's new key saved to the keychain just before a crash is not an orphan.
  const recovered = await services.rotations.recover().catch((error: unknown) => {
    logger.warn(`rotation recovery skipped: ${(error as Error).message}`);
    return [];
  });
  if (recovered.length > 0) logger.info(`finished the interrupted mint of rotation ${recovered.join(', ')}`);
  // A keychain hiccup while listing (another Keyhole deleting an entry at that moment, say) is retried next start.
  const found = await vault.reconcile().catch((error: unknown) => {
    logger.warn(`keychain reconciliation skipped: ${(error as Error).message}`);
    return { orphanAccounts: [], missingSecrets: [] };
  });
  if (found.orphanAccounts.length > 0) logger.warn(`${found.orphanAccounts.length} keychain entries have no metadata (offered for clean-up)`);
  if (found.missingSecrets.length > 0) logger.warn(`${found.missingSecrets.length} credentials have lost their secret (marked secret missing)`);
  const rekeyed = await vault.rekeyFingerprints().catch((error: unknown) => {
    logger.warn(`fingerprint re-keying skipped: ${(error as Error).message}`);
    return 0;
  });
  if (rekeyed > 0) logger.info(`moved ${rekeyed} credentials to keyed fingerprints`);
  // "Try it" asked for earlier: its sandbox starts again, so the demo keys keep working.
  await services.tryIt.resume().catch((error: unknown) => logger.warn(`sandbox not restarted: ${(error as Error).message}`));
  return found;
}
