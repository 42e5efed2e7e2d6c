import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { inspectJwt, JWKS_REFUSED } from '../../electron/jwt/inspect-jwt';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';

// RFC 7519 section 3.1's example JWT, signed with the HMAC key of RFC 7515 appendix A.1.
const RFC7519_TOKEN =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC7515_A1_KEY = { kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow' };

describe('JWT inspector', () => {
  it('verifies the RFC 7519 example with the RFC 7515 key and reports it expired, not unverified', async () => {
    const result = await inspectJwt(RFC7519_TOKEN, { jwk: RFC7515_A1_KEY });
    expect(result.header).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(result.payload).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
    expect(result.signature).toEqual({ verified: true, reason: null });
    expect(result.expired).toBe(true);
    expect(result.times.exp!.at).toBe('2011-03-22T18:43:00.000Z');
    expect(result.times.exp!.relative).toMatch(/days ago$/);
    expect(result.findings.map((f) => f.code)).toEqual(['EXPIRED']);
    // Pasted as the whole header value, it is the same token.
    expect(await inspectJwt(`Bearer ${RFC7519_TOKEN}\n`, { jwk: RFC7515_A1_KEY })).toEqual(result);
  });

  it('says why a signature fails with the wrong key', async () => {
    const result = await inspectJwt(RFC7519_TOKEN, { secret: 'not the key' });
    expect(result.signature.verified).toBe(false);
    expect(result.signature.reason).toMatch(/signature verification failed/);
    expect(result.findings.map((f) => f.code)).toContain('WEAK_HMAC_SECRET');
  });

  it('verifies RS256, ES256 and EdDSA with PEM keys, and a JWKS URL', async () => {
    for (const alg of ['RS256', 'ES256', 'EdDSA']) {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      const token = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg, kid: 'k1' }).setExpirationTime('1h').sign(privateKey);
      const pem = await exportSPKI(publicKey);
      expect((await inspectJwt(token, { pem })).signature, alg).toEqual({ verified: true, reason: null });

      const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg };
      const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
        // From a terminal, any URL the user names; from the page, a loopback URL is refused unfetched.
        const result = await inspectJwt(token, { jwksUrl }, new Date(), 'terminal');
        expect(result.signature, `${alg} via JWKS`).toEqual({ verified: true, reason: null });
        expect(result.expired).toBe(false);
        expect((await inspectJwt(token, { jwksUrl })).signature).toEqual({ verified: false, reason: JWKS_REFUSED });
      } finally {
        server.close();
      }
    }
  });

  it('from the page, every JWKS failure reads the same and nothing private is fetched', async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const { privateKey } = await generateKeyPair('ES256');
    const token = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(privateKey);
    try {
      const reasons = new Set<string | null>();
      for (const jwksUrl of [
        `http://127.0.0.1:${port}/jwks.json`,
        `https://127.0.0.1:${port}/jwks.json`,
        `https://localhost:${port}/`,
        'https://10.0.0.1/jwks.json',
        'https://[::1]/jwks.json',
        'https://169.254.169.254/latest/meta-data',
        `https://127.0.0.1:1/closed`,
        'https://unresolvable.invalid/jwks.json',
      ]) {
        reasons.add((await inspectJwt(token, { jwksUrl })).signature.reason);
      }
      expect([...reasons]).toEqual([JWKS_REFUSED]);
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('refuses alg none and explains a token that is not a JWT', async () => {
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.`;
    const result = await inspectJwt(none, { secret: 'x'.repeat(40) });
    expect(result.signature).toEqual({ verified: false, reason: 'alg "none" is never accepted' });
    expect(result.findings.map((f) => f.code)).toEqual(['ALG_NONE', 'NO_EXPIRY']);
    await expect(inspectJwt('not.a.jwt', null)).rejects.toThrow(/^Not a JWT: .*three base64url parts/);
  });

  it('`keyhole jwt inspect` prints the documented JSON, with a key file or a secret on stdin', async () => {
    const keyFile = path.join(tempDir(), 'key.json');
    fs.writeFileSync(keyFile, JSON.stringify(RFC7515_A1_KEY));
    const withKey = await runCli(['jwt', 'inspect', RFC7519_TOKEN, '--key', keyFile, '--json']);
    expect(withKey.code).toBe(0);
    const parsed = JSON.parse(withKey.stdout);
    expect(Object.keys(parsed)).toEqual(expect.arrayContaining(['header', 'payload', 'signature', 'expired', 'findings']));
    expect(parsed.signature.verified).toBe(true);
    expect(parsed.expired).toBe(true);
    const fromStdin = await runCli(['jwt', 'inspect', '-', '--json'], process.env, `${RFC7519_TOKEN}\n`);
    expect(JSON.parse(fromStdin.stdout).signature).toEqual({ verified: null, reason: 'no key given' });
    const secret = await runCli(['jwt', 'inspect', RFC7519_TOKEN, '--secret-stdin', '--json'], process.env, 'wrong-secret');
    expect(JSON.parse(secret.stdout).signature.verified).toBe(false);
    const bad = await runCli(['jwt', 'inspect', 'garbage']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^keyhole: Not a JWT/);
  });
});
