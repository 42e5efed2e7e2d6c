import fs from 'node:fs';
import tls from 'node:tls';

/** Where the common systems keep their trusted CAs as one PEM file (Debian, Fedora, Alpine and macOS, Homebrew). */
const BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/usr/local/etc/openssl@3/cert.pem'];

/**
 * The system's trusted CAs as PEM: what upstream certificates are checked against, and what a run's
 * CA bundle starts from (tools given SSL_CERT_FILE trust only that file). Node's own Mozilla list when
 * the system has none of the known files.
 */
export function systemCertificates(): string {
  for (const file of BUNDLES) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes('-----BEGIN CERTIFICATE-----')) return text;
    } catch {
      // Not this system's layout: the next.
    }
  }
  return tls.rootCertificates.join('\n');
}

const MAX_CA_FILE = 4 * 1024 * 1024;

/** PEM certificates from a file the user names (`--upstream-ca`), or an error saying what is wrong with it. */
export function readCertificates(file: string): string {
  const unreadable = (error: unknown) =>
    new Error(`--upstream-ca ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (error) {
    throw unreadable(error);
  }
  // A CA file is a few KB (a whole system bundle about 200 KB): past 4 MB it is not one, and is not read.
  if (size > MAX_CA_FILE)
    throw new Error(`--upstream-ca ${file}: ${(size / 1024 / 1024).toFixed(0)} MB is too big for a file of CA certificates (4 MB at most)`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(error);
  }
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error(`--upstream-ca ${file}: no PEM certificate in it (a file of -----BEGIN CERTIFICATE----- blocks)`);
  if (/PRIVATE KEY-----/.test(text)) throw new Error(`--upstream-ca ${file}: it holds a private key; give the CA's certificate only`);
  return blocks.join('\n');
}
