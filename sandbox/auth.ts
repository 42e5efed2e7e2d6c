import { randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { IncomingHttpHeaders } from 'node:http';
import { refuse, SandboxRefusal } from './refusal';
import type { SandboxKey, SandboxProvider, SandboxState, SandboxUser } from './state';

/** Who is calling, as far as the route checks care. */
export interface Principal {
  provider: SandboxProvider;
  kind: SandboxKey['kind'] | 'jwt' | 'end_user_token';
  /** Key id or user id: what rate limits and per-key traffic are counted against. */
  credentialId: string;
  scopes: string[];
  workspace: string | null;
  tenant: string | null;
  partner: string | null;
  /** A user's role (JWT callers); null for keys. */
  role: string | null;
}

export const ACCESS_TOKEN_SECONDS = 3600;

export async function issueTokens(state: SandboxState, user: SandboxUser) {
  const now = Math.floor(state.now().getTime() / 1000);
  const accessToken = await new SignJWT({
    provider: user.provider,
    scope: user.scopes.join(' '),
    role: user.role,
    ...(user.workspace ? { workspace: user.workspace } : {}),
    ...(user.tenant ? { tenant: user.tenant } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt(now)
    .setExpirationTime(now + ACCESS_TOKEN_SECONDS)
    .sign(state.jwtSecret);
  const refreshToken = `rt_${randomBytes(24).toString('base64url')}`;
  state.refreshTokens.set(refreshToken, user.id);
  return { access_token: accessToken, refresh_token: refreshToken, token_type: 'bearer', expires_in: ACCESS_TOKEN_SECONDS };
}

async function verifyJwt(state: SandboxState, provider: SandboxProvider, token: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, state.jwtSecret, { currentDate: state.now(), algorithms: ['HS256'] });
    const user = state.users.get(payload.sub ?? '');
    if (!user || payload.provider !== provider) throw refuse.invalidToken('The JWT was not issued by this provider.');
    return {
      provider,
      kind: 'jwt',
      credentialId: user.id,
      scopes: typeof payload.scope === 'string' && payload.scope ? payload.scope.split(' ') : [],
      workspace: user.workspace,
      tenant: user.tenant,
      partner: user.tenant ? (state.tenantPartner.get(user.tenant) ?? null) : null,
      role: user.role,
    };
  } catch (error) {
    if (error instanceof SandboxRefusal) throw error;
    if (error instanceof errors.JWTExpired) {
      const exp = Number((error.payload as { exp?: number }).exp ?? 0);
      throw refuse.expired(new Date(exp * 1000).toISOString());
    }
    throw refuse.invalidToken('The JWT is not valid: its signature or claims do not check out.');
  }
}

function keyPrincipal(state: SandboxState, key: SandboxKey): Principal {
  if (key.revoked) throw refuse.revoked();
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= state.now().getTime()) throw refuse.expired(key.expiresAt);
  key.lastUsedAt = state.now().toISOString();
  return {
    provider: key.provider,
    kind: key.kind,
    credentialId: key.id,
    scopes: key.scopes,
    workspace: key.workspace,
    tenant: key.tenant,
    partner: key.partner,
    role: null,
  };
}

/** `Authorization: Bearer <token>`: the scheme is case-insensitive and takes any run of spaces (RFC 9110 11.4). */
function bearer(headers: IncomingHttpHeaders): string | null {
  const header = headers.authorization;
  if (header === undefined) return null;
  const match = /^bearer +([^\s]+)$/i.exec(header.trim());
  if (!match) throw new SandboxRefusal(401, 'invalid_token', 'The Authorization header is not "Bearer <token>".');
  return match[1]!;
}

/** Call2Me: one header for everything, `Authorization: Bearer <sk_call2me_... key or JWT>`. */
export async function authenticateCall2me(state: SandboxState, headers: IncomingHttpHeaders): Promise<Principal> {
  const token = bearer(headers);
  if (token === null) throw refuse.missing('send Authorization: Bearer <API key or JWT>');
  if (token.startsWith('eyJ')) return verifyJwt(state, 'call2me', token);
  if (token.startsWith('eut_')) return endUser(state, token);
  const key = state.keyBySecret('call2me', token);
  if (!key) throw refuse.invalidToken('Invalid API key.');
  return keyPrincipal(state, key);
}

/** Where Callaro takes each kind: tenant keys in X-Api-Key, partner keys in X-Partner-Api-Key, JWTs as Bearer. */
const CALLARO_HEADERS: Record<Exclude<SandboxKey['kind'], 'api_key'>, string> = {
  tenant_api_key: 'x-api-key',
  partner_api_key: 'x-partner-api-key',
  runtime_server_key: 'x-runtime-key',
};

export async function authenticateCallaro(state: SandboxState, headers: IncomingHttpHeaders): Promise<Principal> {
  for (const [kind, header] of Object.entries(CALLARO_HEADERS)) {
    const raw = headers[header];
    if (typeof raw !== 'string') continue;
    // Optional whitespace around a field value is not part of it (RFC 9110 5.5).
    const secret = raw.trim();
    const key = state.keyBySecret('callaro', secret);
    if (!key) throw refuse.invalidToken('Invalid API key.');
    // A real key in another kind's header is refused like Callaro does: unauthorized.
    if (key.kind !== kind) throw refuse.invalidToken('Invalid API key.');
    return keyPrincipal(state, key);
  }
  const token = bearer(headers);
  if (token === null) throw refuse.missing('send X-Api-Key, X-Partner-Api-Key or Authorization: Bearer <JWT>');
  if (!token.startsWith('eyJ')) throw refuse.invalidToken('The Bearer token is not a valid JWT.');
  return verifyJwt(state, 'callaro', token);
}

/** Call2Me end-user tokens (`eut_...`, C2): minted by a key for one external user, `agents:read` by default. */
function endUser(state: SandboxState, token: string): Principal {
  const found = state.endUserTokens.get(token);
  if (!found) throw refuse.invalidToken('Invalid end-user token.');
  if (found.expiresAt <= state.now().getTime()) throw refuse.expired(new Date(found.expiresAt).toISOString());
  return {
    provider: 'call2me',
    kind: 'end_user_token',
    credentialId: token.slice(0, 12),
    scopes: found.scopes,
    workspace: found.workspace,
    tenant: null,
    partner: null,
    role: null,
  };
}
