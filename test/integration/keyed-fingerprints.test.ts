import { openDatabase } from '../../electron/store/open-database';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';

const plainHash = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

describe.skipIf(skipWithoutKeychain)('keyed fingerprints', () => {
  it('fingerprints with the install key, keeps it across restarts, and keeps no last four for short secrets', async () => {
    const harness = await openVault();
    const secret = 'sk_call2me_test_keyedFingerprint1';
    const { credential } = await harness.services.vault.add({ name: 'long', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', secret });
    expect(credential.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect(credential.fingerprint).not.toBe(plainHash(secret));
    expect(credential.last4).toBe('int1');
    const short = await harness.services.vault.add({ name: 'short', providerId: 'call2me', environmentId: 'sandbox', kind: 'jwt', secret: 'fifteen-chars!!' });
    expect(short.credential.last4).toBe('');
    const reopened = await harness.reopen();
    expect(reopened.pipeline.fingerprint(secret)).toBe(credential.fingerprint);
    expect(reopened.vault.get('long').fingerprint).toBe(credential.fingerprint);
  });

  it('re-keys a credential from an older version, with its history rows, at the next start', async () => {
    const harness = await openVault();
    const secret = 'sk_call2me_test_legacyFingerprint';
    const { credential } = await harness.services.vault.add({ name: 'legacy', providerId: 'call2me', environmentId: 'sandbox', kind: 'api_key', secret });
    const legacy = plainHash(secret);
    // The state an upgraded database is in: the plain hash on the credential and its traffic, queued.
    const db = openDatabase(harness.services.databaseFile);
    db.prepare('UPDATE credentials SET fingerprint = ? WHERE id = ?').run(legacy, credential.id);
    db.prepare('INSERT INTO fingerprint_rekey (credential_id) VALUES (?)').run(credential.id);
    harness.services.history.insert({
      at: new Date().toISOString(),
      path: '/v1/agents',
      source: 'proxy',
      credentialId: credential.id,
      fingerprint: legacy,
      providerId: 'call2me',
      environmentId: 'sandbox',
      request: { method: 'GET', url: 'http://x/v1/agents', headers: {}, body: null },
      response: null,
      timings: null,
      findings: [],
      error: null,
    });
    const services = await harness.reopen();
    const rekeyed = services.vault.get('legacy');
    expect(rekeyed.fingerprint).toBe(credential.fingerprint);
    expect(services.history.query({ fingerprint: credential.fingerprint, limit: 10 })).toHaveLength(1);
    expect(services.history.query({ fingerprint: legacy, limit: 10 })).toHaveLength(0);
    expect(harness.logs.join('\n')).toContain('moved 1 credentials to keyed fingerprints');
  });

  it('writes the database owner-only and warns when the data directory is not', async () => {
    const harness = await openVault();
    fs.chmodSync(harness.dataDir, 0o755);
    await harness.reopen();
    expect(fs.statSync(path.join(harness.dataDir, 'keyhole.db')).mode & 0o777).toBe(0o600);
    expect(harness.logs.some((line) => line.includes('readable by other users'))).toBe(true);
  });
});
