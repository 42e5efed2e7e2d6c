import { z } from 'zod';

/** What start-up (or `vault:health`) found between the keychain and SQLite. */
export const Reconciliation = z.object({
  /** Keychain entries with no metadata (for example after a crash between the two writes). */
  orphanAccounts: z.array(z.string()),
  /** Credentials whose secret is gone from the keychain, now marked `secret_missing`. */
  missingSecrets: z.array(z.string()),
});
export type Reconciliation = z.infer<typeof Reconciliation>;
