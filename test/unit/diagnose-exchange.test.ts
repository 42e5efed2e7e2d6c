import { describe, expect, it } from 'vitest';
import { diagnoseExchange, parseChallenge, type DiagnoseInput } from '../../shared/diagnosis/diagnose-exchange';
import { builtinProviders } from '../../shared/providers/builtin-providers';

const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const callaro = builtinProviders.find((p) => p.id === 'callaro')!;
const now = new Date('2026-06-01T00:00:00Z');
const jwt = (header: object, payload: object) => [header, payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + '.c2ln';

function codes(input: Partial<DiagnoseInput> & Pick<DiagnoseInput, 'request'>) {
  return diagnoseExchange({ profile: call2me, now, ...input }).map((f) => `${f.source}:${f.code}`);
}

describe('diagnoseExchange on pasted material (credential unknown)', () => {
  const get = (headers: Record<string, string>) => ({ method: 'GET', url: 'https://api.call2me.app/v1/agents', headers });

  it('explains Call2Me’s plain 403 as a missing scope named from the route', () => {
    const findings = diagnoseExchange({
      profile: call2me,
      now,
      request: { method: 'DELETE', url: 'https://api.call2me.app/v1/agents/a1', headers: { Authorization: 'Bearer sk_call2me_live_abcdefghijkl' } },
      response: { status: 403, headers: {} },
    });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'SCOPE_MISSING', source: 'response', requiredScope: 'write', fix: 'Mint a key with the right scope' }),
    ]);
  });

  it('reads token_expired from the body, or from the WWW-Authenticate description', () => {
    const headers = { Authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.c2ln' };
    expect(codes({ request: get(headers), response: { status: 401, headers: {}, body: '{"error":"token_expired"}' } })).toContain('response:TOKEN_EXPIRED');
    expect(
      codes({
        request: get(headers),
        response: { status: 401, headers: { 'WWW-Authenticate': 'Bearer realm="x", error="invalid_token", error_description="The token expired"' } },
      }),
    ).toContain('response:TOKEN_EXPIRED');
  });

  it('predicts an expired JWT from its exp, and warns about alg none and a missing exp', () => {
    const expired = jwt({ alg: 'HS256' }, { sub: 'u', exp: now.getTime() / 1000 - 60 });
    expect(codes({ request: get({ Authorization: `Bearer ${expired}` }) })).toEqual(['preflight:TOKEN_EXPIRED']);
    const unsigned = jwt({ alg: 'none' }, { sub: 'u', exp: now.getTime() / 1000 + 60 });
    expect(codes({ request: get({ Authorization: `Bearer ${unsigned}` }) })).toEqual(['preflight:TOKEN_INSECURE']);
    const forever = jwt({ alg: 'HS256' }, { sub: 'u' });
    expect(diagnoseExchange({ profile: call2me, now, request: get({ Authorization: `Bearer ${forever}` }) })[0]!.title).toMatch(/no exp/);
  });

  it('reads 429 Retry-After into retryAfterSeconds', () => {
    const [finding] = diagnoseExchange({
      profile: call2me,
      now,
      request: get({ Authorization: 'Bearer sk_call2me_live_abcdefghijkl' }),
      response: { status: 429, headers: { 'retry-after': '17' } },
    });
    expect(finding).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 17 });
    expect(finding!.fix).toMatch(/retry after 17 s/);
  });

  it('names a missing or malformed Authorization header before sending', () => {
    expect(codes({ request: get({}) })).toEqual(['preflight:AUTH_MISSING']);
    expect(codes({ request: get({ Authorization: 'sk_call2me_live_abcdefghijkl' }) })).toEqual(['preflight:AUTH_MALFORMED']);
    expect(codes({ request: get({ Authorization: 'Bearer sk_call2me_live_abcd efghijkl' }) })).toEqual(['preflight:AUTH_MALFORMED']);
  });

  it('reads the Authorization scheme as HTTP does: any case, one or more spaces, no surrounding whitespace', () => {
    for (const value of ['bearer sk_call2me_live_abcdefghijkl', 'BEARER  sk_call2me_live_abcdefghijkl', ' Bearer sk_call2me_live_abcdefghijkl\t']) {
      expect(codes({ request: get({ authorization: value }) })).toEqual([]);
    }
  });

  it('reads the scope from an RFC 6750 challenge when the body says nothing', () => {
    const [finding] = diagnoseExchange({
      profile: callaro,
      now,
      request: { method: 'POST', url: 'https://x/api/v1/billing/allocate-credits', headers: { 'X-Partner-Api-Key': 'pk_abcdefgh12' } },
      response: { status: 403, headers: { 'www-authenticate': 'Bearer error="insufficient_scope", scope="billing:partner:allocate"' } },
    });
    expect(finding).toMatchObject({ code: 'SCOPE_OPT_IN_REQUIRED', requiredScope: 'billing:partner:allocate' });
  });

  it('predicts wrong kinds and missing tenant context from the key’s header and shape', () => {
    const runtimeOnContacts = diagnoseExchange({
      profile: callaro,
      now,
      request: { method: 'GET', url: 'https://x/api/v1/contacts', headers: { 'X-Runtime-Key': 'rk_abcdefgh12' } },
    });
    expect(runtimeOnContacts.map((f) => f.code)).toEqual(['WRONG_CREDENTIAL_KIND']);
    const partner = diagnoseExchange({
      profile: callaro,
      now,
      request: { method: 'GET', url: 'https://x/api/v1/contacts', headers: { 'X-Partner-Api-Key': 'pk_abcdefgh12' } },
    });
    expect(partner.map((f) => f.code)).toEqual(['TENANT_CONTEXT_MISSING']);
    const keyMinting = diagnoseExchange({
      profile: callaro,
      now,
      request: { method: 'POST', url: 'https://x/api/v1/api_keys', headers: { 'X-Api-Key': 'sk_abcdefgh12' } },
    });
    expect(keyMinting[0]).toMatchObject({ code: 'WRONG_CREDENTIAL_KIND', acceptedKinds: ['jwt'] });
  });

  it('keeps unconfirmed predictions, demoted to warnings, next to what the server said', () => {
    const findings = diagnoseExchange({ profile: call2me, now, request: get({}), response: { status: 503, headers: {} } });
    expect(findings).toEqual([
      expect.objectContaining({ code: 'SERVER_ERROR', source: 'response' }),
      expect.objectContaining({ code: 'AUTH_MISSING', source: 'preflight', severity: 'warning' }),
    ]);
    expect(findings[0]!.detail).not.toMatch(/credential was accepted/);
  });

  it('drops predictions of a refusal that a success answers', () => {
    const findings = diagnoseExchange({ profile: call2me, now, request: get({}), response: { status: 200, headers: {} } });
    expect(findings).toEqual([]);
  });
});

describe('parseChallenge', () => {
  it('reads quoted and bare parameters', () => {
    expect(parseChallenge('Bearer realm="a", error="insufficient_scope", scope="contacts:write"')).toEqual({
      error: 'insufficient_scope',
      scope: 'contacts:write',
      error_description: undefined,
    });
    expect(parseChallenge('Bearer error=invalid_token')).toMatchObject({ error: 'invalid_token' });
    expect(parseChallenge('Basic realm="x"')).toEqual({});
  });
});
