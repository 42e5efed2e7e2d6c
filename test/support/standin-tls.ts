import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import type http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

const pem = (der: ArrayBuffer, label: string) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;

/** A CA of the test's own and a server certificate from it for `names`: a vendor's stand-in, not Keyhole's. */
export async function standInCertificates(names: string[]): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const caKeys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=Vendor stand-in CA',
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys: caKeys,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '02',
    subject: `CN=${names[0]}`,
    issuer: ca.subject,
    notBefore: new Date(now - 3_600_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [new x509.SubjectAlternativeNameExtension(names.map((value) => ({ type: 'dns' as const, value })))],
  });
  return { caPem: ca.toString('pem'), certPem: cert.toString('pem'), keyPem: pem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY') };
}

export interface SeenRequest {
  host: string | undefined;
  method: string;
  url: string;
  authorization: string | undefined;
}

/**
 * An HTTPS server standing in for a vendor host on 127.0.0.1: 200 for `Bearer <accepted>`, Call2Me's
 * 401 otherwise. It keeps what it received, so a test sees requests arrive unchanged.
 */
export async function startStandIn(tlsMaterial: { certPem: string; keyPem: string }, accepted: string) {
  const seen: SeenRequest[] = [];
  const server = https.createServer({ cert: tlsMaterial.certPem, key: tlsMaterial.keyPem }, (req, res) => {
    seen.push({ host: req.headers.host, method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    req.resume();
    const ok = req.headers.authorization === `Bearer ${accepted}`;
    res
      .writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' })
      .end(JSON.stringify(ok ? { data: [], has_more: false } : { detail: 'Invalid API key' }));
  });
  // WebSocket handshakes: 101 and an echo of every frame for the accepted key, Call2Me's 401 otherwise.
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex) => {
    seen.push({ host: req.headers.host, method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${accepted}`) {
      const body = JSON.stringify({ detail: 'Invalid API key' });
      socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (chunk: Buffer) => socket.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
