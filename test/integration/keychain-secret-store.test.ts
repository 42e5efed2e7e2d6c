import { describe, expect, it } from 'vitest';
import { KeychainSecretStore, probeKeychain } from '../../electron/keychain/keychain-secret-store';
import { MemorySecretStore } from '../../electron/keychain/memory-secret-store';
import type { SecretStore } from '../../electron/keychain/secret-store';
import { keychainStatus, skipWithoutKeychain, testKeychainService } from '../support/keychain';
import { envWithout, runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

async function roundTrip(store: SecretStore): Promise<void> {
  const secret = `sk_call2me_test_${Math.random().toString(36).slice(2)}`;
  await store.set('cred-1', secret);
  expect(await store.get('cred-1')).toBe(secret);
  expect(await store.accounts()).toContain('cred-1');
  await store.set('cred-1', `${secret}-rotated`);
  expect(await store.get('cred-1')).toBe(`${secret}-rotated`);
  expect(await store.delete('cred-1')).toBe(true);
  expect(await store.get('cred-1')).toBeNull();
  expect(await store.accounts()).not.toContain('cred-1');
}

describe.skipIf(skipWithoutKeychain)('OS keychain (real Secret Service)', () => {
  it('reports available from the write-read-delete probe', () => {
    expect(keychainStatus).toMatchObject({ state: 'available' });
  });

  it('round-trips a secret and deletes the entry', async () => {
    await roundTrip(new KeychainSecretStore(testKeychainService()));
  });

  it('keeps services apart', async () => {
    const a = new KeychainSecretStore(testKeychainService());
    const b = new KeychainSecretStore(testKeychainService());
    await a.set('shared-account', 'secret-a');
    expect(await b.get('shared-account')).toBeNull();
    await a.delete('shared-account');
  });

  it('leaves no probe entries behind', async () => {
    const service = testKeychainService();
    await probeKeychain(service);
    expect(await new KeychainSecretStore(service).accounts()).toEqual([]);
  });

  it('`keyhole doctor --json` reports it available inside this session', async () => {
    const run = await runCli(['doctor', '--json'], { ...process.env, KEYHOLE_HOME: tempDir() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).keychain).toMatchObject({ state: 'available' });
  });
});

describe('keychain without a D-Bus session', () => {
  it('the probe says unavailable and why', async () => {
    const status = await probeKeychain(testKeychainService(), envWithout('DBUS_SESSION_BUS_ADDRESS'), 'linux');
    expect(status.state).toBe('unavailable');
    if (status.state === 'unavailable') expect(status.reason).toMatch(/D-Bus/);
  });

  it.runIf(process.platform === 'linux')('`keyhole doctor --json` reports unavailable with the reason', async () => {
    const run = await runCli(['doctor', '--json'], { ...envWithout('DBUS_SESSION_BUS_ADDRESS'), KEYHOLE_HOME: tempDir() });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.keychain.state).toBe('unavailable');
    expect(report.keychain.reason).toMatch(/DBUS_SESSION_BUS_ADDRESS/);
  });
});

describe('MemorySecretStore', () => {
  it('round-trips like the keychain', async () => {
    await roundTrip(new MemorySecretStore());
  });
});
