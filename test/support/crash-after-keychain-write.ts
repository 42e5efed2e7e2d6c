// Child process for the crash test: adds a credential and is SIGKILLed right after the keychain
// write, before the metadata transaction. Run with KEYHOLE_HOME and KEYHOLE_TEST_KEYCHAIN_SERVICE.
import { CredentialRepository } from '../../electron/store/credential-repository';
import { OriginRepository } from '../../electron/store/origin-repository';
import { ProviderRepository } from '../../electron/store/provider-repository';
import { transactor } from '../../electron/store/transact';
import path from 'node:path';
import { keyedFingerprint } from '../../electron/vault/fingerprint';
import { KeychainSecretStore } from '../../electron/keychain/keychain-secret-store';
import { AuditRepository } from '../../electron/store/audit-repository';
import { openDatabase } from '../../electron/store/open-database';
import { ProviderCatalog } from '../../electron/vault/provider-catalog';
import { VaultService } from '../../electron/vault/vault-service';

const db = openDatabase(path.join(process.env.KEYHOLE_HOME!, 'keyhole.db'));
const keychain = new KeychainSecretStore(process.env.KEYHOLE_TEST_KEYCHAIN_SERVICE!);
const dying: KeychainSecretStore = Object.assign(Object.create(keychain) as KeychainSecretStore, {
  async set(account: string, secret: string) {
    await keychain.set(account, secret);
    process.stdout.write(`wrote ${account}\n`);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => {});
  },
});
const audit = new AuditRepository(db, 'crash-test');
const vault = new VaultService({
  credentials: new CredentialRepository(db),
  origins: new OriginRepository(db),
  transact: transactor(db),
  catalog: new ProviderCatalog(new ProviderRepository(db), transactor(db), audit),
  audit,
  secrets: () => dying,
  keychain: () => ({ status: { state: 'available', backend: 'test' }, mode: 'keychain' }),
  clipboard: async () => null,
  fingerprint: keyedFingerprint(Buffer.alloc(32)),
});
await vault.add({ name: 'doomed', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', scopes: ['read'], secret: process.argv[2]! });
process.stdout.write('metadata committed (the crash did not happen)\n');
