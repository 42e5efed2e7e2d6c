import { importJWK, importPKCS8, SignJWT, type JWK, type JWTPayload } from 'jose';
import { z } from 'zod';
import { AppError } from '../../shared/errors/app-error';
import { jsonSyntaxError } from '../../shared/security/json-syntax';

export const MintAlg = z.enum(['HS256', 'RS256', 'ES256', 'EdDSA']);
export type MintAlg = z.infer<typeof MintAlg>;

/**
 * Signs a test JWT with a secret from the vault: the secret itself as the HS256 key, or a private key
 * stored as PKCS#8 PEM or as a JWK for RS256, ES256 and EdDSA.
 */
export async function mintJwt(secret: string, claims: JWTPayload, alg: MintAlg, expiresInSeconds: number | null, now = new Date()): Promise<string> {
  const key = alg === 'HS256' ? new TextEncoder().encode(secret) : await privateKey(secret, alg);
  const issuedAt = Math.floor(now.getTime() / 1000);
  let jwt = new SignJWT(claims).setProtectedHeader({ alg, typ: 'JWT' }).setIssuedAt(issuedAt);
  if (expiresInSeconds !== null) jwt = jwt.setExpirationTime(issuedAt + expiresInSeconds);
  return jwt.sign(key);
}

async function privateKey(secret: string, alg: MintAlg) {
  try {
    if (secret.includes('-----BEGIN PRIVATE KEY-----')) return await importPKCS8(secret, alg);
    return await importJWK(JSON.parse(secret) as JWK, alg);
  } catch {
    // Fixed words only: the parsers' messages quote the text they failed on, which is the secret.
    throw new AppError(
      'INVALID_INPUT',
      `This credential's secret is not a ${alg} private key (PKCS#8 PEM or JWK). Mint with HS256, or store the private key as PEM or JWK.`,
    );
  }
}

export function parseClaims(text: string): JWTPayload {
  let claims: unknown;
  try {
    claims = JSON.parse(text);
  } catch (error) {
    throw new AppError('INVALID_INPUT', `The claims are ${jsonSyntaxError(error)}.`);
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new AppError('INVALID_INPUT', 'The claims must be a JSON object.');
  return claims as JWTPayload;
}
