import { exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { inspectJwt } from '../../electron/jwt/inspect-jwt';
import { skipWithoutKeychain } from '../support/keychain';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { openVault } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('minting test JWTs with vault keys', () => {
  it('signs with HS256, RS256, ES256 and EdDSA keys from the vault; the page gets metadata, not the token', async () => {
    const { services } = await openVault();
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const hmac = 'a-very-long-shared-secret-for-hs256-tests!';
    await services.vault.add({ name: 'hmac', providerId: 'call2me', environmentId: 'sandbox', kind: 'jwt', boundId: 'acme', secret: hmac });
    const reply = await dispatch('jwt:mint', {
      signingCredential: 'hmac',
      claims: '{"sub":"u1","role":"tester"}',
      alg: 'HS256',
      expiresInSeconds: 600,
      name: 'minted-hs',
    });
    expect(reply.ok).toBe(true);
    const minted = services.vault.get('minted-hs');
    const token = await services.vault.secretOf(minted);
    expect(JSON.stringify(reply)).not.toContain(token);
    const checked = await inspectJwt(token, { secret: hmac });
    expect(checked.signature.verified).toBe(true);
    expect(checked.payload).toMatchObject({ sub: 'u1', role: 'tester' });
    expect(checked.expired).toBe(false);

    for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      await services.vault.add({
        name: `key-${alg}`,
        providerId: 'call2me',
        environmentId: 'sandbox',
        kind: 'jwt',
        boundId: 'acme',
        secret: await exportPKCS8(privateKey),
      });
      const result = await dispatch('jwt:mint', {
        signingCredential: `key-${alg}`,
        claims: '{"sub":"svc"}',
        alg,
        expiresInSeconds: null,
        name: `minted-${alg}`,
      });
      expect(result.ok, alg).toBe(true);
      const signed = await services.vault.secretOf(services.vault.get(`minted-${alg}`));
      const inspection = await inspectJwt(signed, { pem: await exportSPKI(publicKey) });
      expect(inspection.signature, alg).toEqual({ verified: true, reason: null });
      expect(inspection.findings.map((f) => f.code)).toEqual(['NO_EXPIRY']);
    }
    const wrong = await dispatch('jwt:mint', { signingCredential: 'hmac', claims: '{}', alg: 'RS256', expiresInSeconds: null, name: 'x' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badClaims = await dispatch('jwt:mint', { signingCredential: 'hmac', claims: '[1]', alg: 'HS256', expiresInSeconds: null, name: 'y' });
    expect(badClaims).toMatchObject({ ok: false, error: { message: 'The claims must be a JSON object.' } });
  });

  it('`keyhole jwt mint` prints a token that `jwt inspect` verifies', async () => {
    const env = { ...process.env, KEYHOLE_HOME: tempDir() };
    const secret = 'another-long-shared-secret-for-the-cli-test';
    const add = await runCli(
      ['vault', 'add', '--provider', 'call2me', '--env', 'sandbox', '--kind', 'jwt', '--name', 'signer', '--workspace', 'acme', '--secret-stdin'],
      env,
      secret,
    );
    expect(add.code).toBe(0);
    const mint = await runCli(['jwt', 'mint', '--credential', 'signer', '--claims', '{"sub":"cli"}', '--expires-in', '60', '--json'], env);
    expect(mint.code).toBe(0);
    const { token } = JSON.parse(mint.stdout) as { token: string };
    const inspect = await runCli(['jwt', 'inspect', token, '--secret-stdin', '--json'], env, secret);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ signature: { verified: true }, expired: false, payload: { sub: 'cli' } });
    const badAlg = await runCli(['jwt', 'mint', '--credential', 'signer', '--claims', '{}', '--alg', 'PS512'], env);
    expect(badAlg.stderr).toBe('keyhole: Invalid options: --alg: should be one of HS256, RS256, ES256, EdDSA\n');
  });
});
