import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  importJWK,
  importSPKI,
  importX509,
  jwtVerify,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from '../../shared/errors/app-error';
import type { JwtFinding, JwtInspection } from '../../shared/diagnosis/jwt-inspection';

export type VerificationKey = { secret: string } | { pem: string } | { jwk: JWK } | { jwksUrl: string };

/**
 * Who asked for a JWKS URL to be fetched. The page is untrusted: it may only make Keyhole fetch https
 * URLs on public hosts, and every failure reads the same, so the page cannot use Keyhole to probe
 * loopback or private services (open, closed and non-200 look alike). The terminal is the user.
 */
export type JwksCaller = 'page' | 'terminal';

/** One answer for every JWKS failure the page can cause. */
export const JWKS_REFUSED =
  'The token could not be verified against that JWKS URL. From the app, Keyhole fetches only https URLs on public hosts; for any other, run `keyhole jwt inspect --jwks URL` in a terminal.';

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6');

/** Whether a URL is https on a host that resolves only to public addresses. */
async function publicHttps(url: URL): Promise<boolean> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'https:' || host === 'localhost' || host.endsWith('.localhost') || host === '') return false;
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await lookup(host, { all: true }).catch(() => []);
  return addresses.length > 0 && addresses.every((a) => !PRIVATE.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4'));
}

/**
 * Decodes a JWT and, given a key, verifies it (jose). An expired token with a good signature is
 * reported as both verified and expired, not as a failure to verify.
 */
export async function inspectJwt(pasted: string, key: VerificationKey | null, now = new Date(), caller: JwksCaller = 'page'): Promise<JwtInspection> {
  // People paste the whole header value: "Bearer eyJ..." is the token after the scheme.
  const token = pasted.trim().replace(/^Bearer\s+/i, '');
  let header: Record<string, unknown>;
  let payload: JwtInspection['payload'];
  try {
    header = decodeProtectedHeader(token) as Record<string, unknown>;
    payload = decodeJwt(token);
  } catch {
    // Fixed words: the decoder's message may quote the token.
    throw new AppError('INVALID_INPUT', 'Not a JWT: a JWT is three base64url parts joined by dots, the first two JSON objects.');
  }
  const seconds = now.getTime() / 1000;
  const time = (value: unknown) => (typeof value === 'number' ? { at: new Date(value * 1000).toISOString(), relative: relative(value - seconds) } : null);
  const expired = typeof payload.exp === 'number' ? payload.exp <= seconds : null;

  const findings: JwtFinding[] = [];
  const alg = String(header.alg ?? '');
  if (alg.toLowerCase() === 'none') findings.push({ code: 'ALG_NONE', severity: 'error', message: 'alg is "none": the token is not signed; never accept it.' });
  if (payload.exp === undefined) findings.push({ code: 'NO_EXPIRY', severity: 'warning', message: 'No exp claim: if it leaks, it works forever.' });
  if (expired) findings.push({ code: 'EXPIRED', severity: 'error', message: `Expired ${time(payload.exp)!.relative}.` });
  if (typeof payload.nbf === 'number' && payload.nbf > seconds)
    findings.push({ code: 'NOT_YET_VALID', severity: 'warning', message: `Not valid until ${time(payload.nbf)!.at}.` });
  if (key && 'secret' in key && /^HS/.test(alg) && new TextEncoder().encode(key.secret).length < Number(alg.slice(2)) / 8) {
    findings.push({
      code: 'WEAK_HMAC_SECRET',
      severity: 'warning',
      message: `The ${alg} secret is shorter than ${Number(alg.slice(2)) / 8} bytes; it can be brute-forced.`,
    });
  }

  return {
    header,
    payload,
    times: { exp: time(payload.exp), nbf: time(payload.nbf), iat: time(payload.iat) },
    signature: key ? await verify(token, alg, key, now, caller) : { verified: null, reason: 'no key given' },
    expired,
    findings,
  };
}

async function verify(token: string, alg: string, key: VerificationKey, now: Date, caller: JwksCaller): Promise<JwtInspection['signature']> {
  if (alg.toLowerCase() === 'none') return { verified: false, reason: 'alg "none" is never accepted' };
  const fromPage = 'jwksUrl' in key && caller === 'page';
  try {
    const options = { currentDate: now, algorithms: [alg] };
    if ('jwksUrl' in key) {
      const url = new URL(key.jwksUrl);
      if (fromPage && !(await publicHttps(url))) return { verified: false, reason: JWKS_REFUSED };
      await jwtVerify(token, createRemoteJWKSet(url, { timeoutDuration: 5000 }), options);
    } else if ('jwk' in key && 'keys' in (key.jwk as object)) await jwtVerify(token, createLocalJWKSet(key.jwk as never) as JWTVerifyGetKey, options);
    else await jwtVerify(token, await importKey(key, alg), options);
    return { verified: true, reason: null };
  } catch (error) {
    // Claims are checked after the signature: these mean the signature itself was good.
    if (error instanceof errors.JWTExpired || error instanceof errors.JWTClaimValidationFailed) return { verified: true, reason: null };
    return { verified: false, reason: fromPage ? JWKS_REFUSED : (error as Error).message };
  }
}

async function importKey(key: VerificationKey, alg: string) {
  if ('secret' in key) return new TextEncoder().encode(key.secret);
  if ('jwk' in key) return importJWK(key.jwk, alg);
  if ('pem' in key) return key.pem.includes('BEGIN CERTIFICATE') ? importX509(key.pem, alg) : importSPKI(key.pem, alg);
  throw new Error('unsupported key');
}

/** Reads a key file: a PEM public key or certificate, a JWK, or a JWK set. */
export function keyFromFile(text: string, file: string): VerificationKey {
  if (text.includes('-----BEGIN')) return { pem: text };
  try {
    return { jwk: JSON.parse(text) as JWK };
  } catch {
    throw new AppError('INVALID_INPUT', `${file} is neither PEM nor JSON (JWK).`);
  }
}

function relative(deltaSeconds: number): string {
  const abs = Math.abs(deltaSeconds);
  const [value, unit] = abs < 90 ? [abs, 'second'] : abs < 5400 ? [abs / 60, 'minute'] : abs < 129_600 ? [abs / 3600, 'hour'] : [abs / 86_400, 'day'];
  const n = Math.round(value);
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return deltaSeconds >= 0 ? `in ${text}` : `${text} ago`;
}
