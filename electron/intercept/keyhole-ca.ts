// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill.
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import tls from 'node:tls';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import type { SecretStore } from '../keychain/secret-store';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** The keychain account holding the CA: its PKCS#8 private key and its current certificate. */
export const CA_ACCOUNT = 'intercept-ca';

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 24 * 60 * 60 * 1000;
/** The CA certificate is re-issued (same key) when it has less than this left, or its hosts changed. */
const RENEW_BEFORE = 30 * DAY;
const CA_LIFETIME = 365 * DAY;
const LEAF_LIFETIME = 7 * DAY;

export interface CaInfo {
  /** SHA-256 of the certificate's DER, colon-separated hex (what browsers and `openssl x509 -fingerprint -sha256` show). */
  fingerprint: string;
  pem: string;
  hosts: string[];
  notAfter: string;
}

interface Stored {
  key: string;
  cert: string;
}

/**
 * Keyhole's interception CA. Threat model: whoever holds its private key can impersonate the hosts it
 * may sign for to anything that trusts it. So the key is created here, kept only in the OS keychain
 * (never in a file, the database, argv or the page), and the certificate is name-constrained to the
 * hosts Keyhole decrypts: even a stolen key cannot sign for any other name in a client that enforces
 * constraints (OpenSSL, Go, Java and browsers do). Leaf certificates are made in memory, one per host.
 */
export class KeyholeCa {
  /** Per host: its context, and when to make a new one (a day before the certificate ends). */
  private readonly leaves = new Map<string, { context: Promise<tls.SecureContext>; renewAt: number }>();

  /** Its name constraints, read once: every CONNECT asks whether a host is covered. */
  private readonly hosts: string[];

  private constructor(
    private readonly keys: CryptoKeyPair,
    private readonly cert: x509.X509Certificate,
  ) {
    this.hosts = permittedHosts(cert);
  }

  /**
   * The CA from the keychain, created on first use; its certificate is re-issued with the same key when
   * the hosts it must cover changed or it is near its end (a trusted copy of the old one then stops
   * working for the new hosts: export it again).
   */
  static async load(secrets: SecretStore, hosts: readonly string[], now = new Date()): Promise<KeyholeCa> {
    const wanted = [...new Set(hosts.map((h) => h.toLowerCase()))].sort();
    const stored = parseStored(await secrets.get(CA_ACCOUNT));
    let keys: CryptoKeyPair;
    if (stored) {
      const privateKey = await webcrypto.subtle.importKey('pkcs8', Buffer.from(stored.key, 'base64'), ALGORITHM, true, ['sign']);
      const cert = new x509.X509Certificate(stored.cert);
      keys = { privateKey, publicKey: await cert.publicKey.export(ALGORITHM, ['verify']) };
      if (sameHosts(permittedHosts(cert), wanted) && cert.notAfter.getTime() - now.getTime() > RENEW_BEFORE) return new KeyholeCa(keys, cert);
    } else {
      keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    }
    const cert = await issueCa(keys, wanted, now);
    const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    await secrets.set(CA_ACCOUNT, JSON.stringify({ key, cert: cert.toString('pem') } satisfies Stored));
    return new KeyholeCa(keys, cert);
  }

  /** The public side only: what a user trusts by hand, and what goes into a run's CA bundle. */
  info(): CaInfo {
    return {
      fingerprint: fingerprintOf(Buffer.from(this.cert.rawData)),
      pem: this.cert.toString('pem'),
      hosts: [...this.hosts],
      notAfter: this.cert.notAfter.toISOString(),
    };
  }

  /** Whether the certificate may sign for this host (its name constraints). */
  covers(host: string): boolean {
    return this.hosts.some((permitted) => host === permitted || host.endsWith(`.${permitted}`));
  }

  /**
   * A TLS context presenting a certificate for `host`, kept in memory and reused until a day before
   * the certificate ends (an app left intercepting for weeks gets a fresh one, not an expired one).
   */
  contextFor(host: string, now = Date.now()): Promise<tls.SecureContext> {
    const name = host.toLowerCase();
    if (!this.covers(name)) return Promise.reject(new Error(`Keyhole's CA may not sign for ${name}`));
    const cached = this.leaves.get(name);
    if (cached && now < cached.renewAt) return cached.context;
    const context = this.issueLeaf(name, now);
    this.leaves.set(name, { context, renewAt: Math.min(now + LEAF_LIFETIME, this.cert.notAfter.getTime()) - DAY });
    context.catch(() => this.leaves.delete(name));
    return context;
  }

  private async issueLeaf(host: string, now: number): Promise<tls.SecureContext> {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
    const leaf = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: `CN=${host}`,
      issuer: this.cert.subject,
      notBefore: new Date(now - 60 * 60 * 1000),
      notAfter: new Date(Math.min(now + LEAF_LIFETIME, this.cert.notAfter.getTime())),
      signingAlgorithm: ALGORITHM,
      publicKey: keys.publicKey,
      signingKey: this.keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: host }], false),
        await x509.AuthorityKeyIdentifierExtension.create(this.keys.publicKey),
      ],
    });
    const key = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    return tls.createSecureContext({ key: pem('PRIVATE KEY', key), cert: leaf.toString('pem') });
  }
}

async function issueCa(keys: CryptoKeyPair, hosts: string[], now: Date): Promise<x509.X509Certificate> {
  if (hosts.length === 0) throw new Error('Keyhole has no hosts to decrypt: no provider environment has an https base URL with a host name');
  const constraints = new NameConstraints({
    permittedSubtrees: new GeneralSubtrees(hosts.map((host) => new GeneralSubtree({ base: new GeneralName({ dNSName: host }) }))),
  });
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(),
    name: `CN=Keyhole interception CA ${randomBytes(4).toString('hex')}, O=Keyhole (local only)`,
    notBefore: new Date(now.getTime() - 60 * 60 * 1000),
    notAfter: new Date(now.getTime() + CA_LIFETIME),
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      new x509.Extension(id_ce_nameConstraints, true, AsnConvert.serialize(constraints)),
    ],
  });
}

function permittedHosts(cert: x509.X509Certificate): string[] {
  const extension = cert.getExtension(id_ce_nameConstraints);
  if (!extension) return [];
  const parsed = AsnConvert.parse(extension.value, NameConstraints);
  return Array.from(parsed.permittedSubtrees ?? [])
    .flatMap((subtree) => (subtree.base.dNSName ? [subtree.base.dNSName] : []))
    .sort();
}

function parseStored(value: string | null): Stored | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as Partial<Stored>;
    return typeof parsed.key === 'string' && typeof parsed.cert === 'string' ? { key: parsed.key, cert: parsed.cert } : null;
  } catch {
    return null;
  }
}

const sameHosts = (a: string[], b: string[]) => a.length === b.length && a.every((host, i) => host === b[i]);

/** A positive 16-byte serial (the top bit clear, so DER does not read it as negative). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
}

function pem(label: string, base64: string): string {
  return `-----BEGIN ${label}-----\n${base64.match(/.{1,64}/g)!.join('\n')}\n-----END ${label}-----\n`;
}
