import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { CA_ACCOUNT, KeyholeCa } from '../../electron/intercept/keyhole-ca';
import { MemorySecretStore } from '../../electron/keychain/memory-secret-store';
import { connectDestination, parseConnectTo } from '../../electron/intercept/connect-to';
import { exportLines } from '../../shared/intercept/intercept';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** Serves `context`'s certificate on 127.0.0.1 and reports whether a client trusting only `caPem` accepts it for `name`. */
async function clientAccepts(context: { cert: string; key: string }, caPem: string, name: string): Promise<string> {
  const server = https.createServer(context, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername: name, ca: caPem, checkServerIdentity: () => undefined });
      socket.once('secureConnect', () => resolve('accepted'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(`${error.code}: ${error.message}`));
    });
  } finally {
    server.close();
  }
}

describe("Keyhole's interception CA", () => {
  it('is created once, kept in the secret store, and re-issued with the same key when its hosts change', async () => {
    const store = new MemorySecretStore();
    const first = await KeyholeCa.load(store, ['api.call2me.app', 'API.callaro.ai']);
    expect(first.info().hosts).toEqual(['api.call2me.app', 'api.callaro.ai']);
    expect(first.info().fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    const stored = await store.get(CA_ACCOUNT);
    expect((await KeyholeCa.load(store, ['api.callaro.ai', 'api.call2me.app'])).info().fingerprint).toBe(first.info().fingerprint);
    const widened = await KeyholeCa.load(store, ['api.callaro.ai', 'api.call2me.app', 'gw.internal.example']);
    expect(widened.info().hosts).toContain('gw.internal.example');
    expect(widened.info().fingerprint).not.toBe(first.info().fingerprint);
    const publicKey = (pem: string) => Buffer.from(new x509.X509Certificate(pem).publicKey.rawData).toString('hex');
    expect(publicKey(widened.info().pem)).toBe(publicKey(first.info().pem));
    expect(await store.get(CA_ACCOUNT)).not.toBe(stored);
    // The public certificate holds no private key.
    expect(first.info().pem).not.toMatch(/PRIVATE KEY/);
  });

  it("reuses a host's certificate, and makes a new one before it ends", async () => {
    const ca = await KeyholeCa.load(new MemorySecretStore(), ['api.call2me.app']);
    const now = Date.now();
    const first = ca.contextFor('api.call2me.app', now);
    expect(ca.contextFor('API.call2me.app', now + 60_000)).toBe(first);
    expect(ca.contextFor('api.call2me.app', now + 5 * 24 * 3_600_000)).toBe(first);
    // Seven days' validity: from the sixth day a fresh one is made.
    const later = ca.contextFor('api.call2me.app', now + 6 * 24 * 3_600_000 + 1);
    expect(later).not.toBe(first);
    await Promise.all([first, later]);
  });

  it('signs only for its hosts, and a TLS client enforces that even for a certificate made with its key', async () => {
    const store = new MemorySecretStore();
    const ca = await KeyholeCa.load(store, ['api.call2me.app']);
    expect(ca.covers('api.call2me.app')).toBe(true);
    expect(ca.covers('evil.example')).toBe(false);
    await expect(ca.contextFor('evil.example')).rejects.toThrow("Keyhole's CA may not sign for evil.example");

    // Someone with the key signs for another name: OpenSSL refuses it under the name constraints.
    const { key } = JSON.parse((await store.get(CA_ACCOUNT))!) as { key: string };
    const signingKey = await webcrypto.subtle.importKey('pkcs8', Buffer.from(key, 'base64'), ALGORITHM, false, ['sign']);
    const caCert = new x509.X509Certificate(ca.info().pem);
    const leafFor = async (name: string) => {
      const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber: '0a',
        subject: `CN=${name}`,
        issuer: caCert.subject,
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + 3_600_000),
        signingAlgorithm: ALGORITHM,
        publicKey: keys.publicKey,
        signingKey,
        extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: name }])],
      });
      const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
      return { cert: cert.toString('pem'), key: `-----BEGIN PRIVATE KEY-----\n${pkcs8}\n-----END PRIVATE KEY-----\n` };
    };
    expect(await clientAccepts(await leafFor('api.call2me.app'), ca.info().pem, 'api.call2me.app')).toBe('accepted');
    expect(await clientAccepts(await leafFor('bank.example'), ca.info().pem, 'bank.example')).toContain('permitted subtree violation');
  });
});

describe('--connect-to, as curl means it', () => {
  it('parses the four parts, with empty ones as wildcards or unchanged, and refuses anything else in words', () => {
    expect(parseConnectTo('api.call2me.app:443:127.0.0.1:8443')).toEqual({ host: 'api.call2me.app', port: 443, toHost: '127.0.0.1', toPort: 8443 });
    expect(parseConnectTo('::[::1]:9000')).toEqual({ host: null, port: null, toHost: '::1', toPort: 9000 });
    for (const bad of ['api.call2me.app:443', 'a:99999:b:1', 'a:1:b:c', `${'x'.repeat(700)}:1:b:2`, 'a b:1:c:2']) {
      expect(() => parseConnectTo(bad)).toThrow(/--connect-to/);
    }
    const rules = [parseConnectTo('API.call2me.app:443:127.0.0.1:8443'), parseConnectTo(':443::9443')];
    expect(connectDestination(rules, 'api.call2me.app', 443)).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(connectDestination(rules, 'other.example', 443)).toEqual({ host: 'other.example', port: 9443 });
    expect(connectDestination(rules, 'other.example', 80)).toEqual({ host: 'other.example', port: 80 });
  });

  it('writes environment lines a shell reads back exactly, quotes included', () => {
    expect(exportLines({ A: "it's $HOME `x`", B: 'plain' })).toBe("export A='it'\\''s $HOME `x`'\nexport B='plain'");
  });
});
