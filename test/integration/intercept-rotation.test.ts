import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { newKeyOf } from '../../shared/rotation/rotation';
import { skipWithoutKeychain } from '../support/keychain';
import { standInCertificates, startStandIn } from '../support/standin-tls';
import { tempDir } from '../support/temp-dir';
import { openVault } from '../support/vault-harness';

const OLD = 'sk_call2me_live_rotatingAwayFromThis01';
const NEW = 'sk_call2me_live_theReplacementKey0002';

describe.skipIf(skipWithoutKeychain)('rotation evidence through interception', () => {
  it('counts the new key once an unchanged app is seen using it through the intercepting proxy', { timeout: 60_000 }, async () => {
    const { services } = await openVault();
    const material = await standInCertificates(['api.call2me.app']);
    const vendor = await startStandIn(material, NEW);
    const caFile = path.join(tempDir(), 'stand-in-ca.pem');
    fs.writeFileSync(caFile, material.caPem);
    try {
      await services.vault.add({
        name: 'svc-live',
        providerId: 'call2me',
        environmentId: 'production',
        kind: 'api_key',
        scopes: ['read'],
        boundId: 'acme',
        secret: OLD,
      });
      const started = services.rotations.start({ credential: 'svc-live' });
      const minted = await services.rotations.mint(started.id, { secret: NEW });
      expect((await services.rotations.evidence(started.id)).newKey.count).toBe(0);

      const intercept = await services.intercept.start({ connectTo: [`api.call2me.app:443:127.0.0.1:${vendor.port}`], upstreamCa: caFile });
      // The app is curl, unchanged: it calls the vendor's real host name with the new key.
      const { stdout } = await promisify(execFile)(
        'curl',
        ['-sS', '-o', '/dev/null', '-w', '%{http_code}', 'https://api.call2me.app/v1/agents', '-H', `Authorization: Bearer ${NEW}`],
        { env: { ...process.env, ...intercept.environment } },
      );
      expect(stdout).toBe('200');
      await services.intercept.stop();

      const evidence = await services.rotations.evidence(started.id);
      expect(evidence.newKey).toMatchObject({ count: 1, routes: ['/v1/agents'], sources: ['history'] });
      expect(services.history.query({ source: 'intercept', limit: 10 }).map((e) => e.credentialId)).toEqual([newKeyOf(minted)]);
    } finally {
      await vendor.close();
    }
  });
});
