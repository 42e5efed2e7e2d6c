import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { processExchange, redactExchange, type RawExchange } from '../../shared/redaction/redact-exchange';
import { encodings, Redactor, type RedactionRules } from '../../shared/redaction/redactor';
import { isSecretName } from '../../shared/redaction/secret-names';
import { SecretShapes } from '../../shared/redaction/secret-shapes';

const fingerprint = (secret: string) => createHmac('sha256', 'test-key').update(secret).digest('hex').slice(0, 12);
const rules: RedactionRules = { shapes: new SecretShapes(builtinProviders), fingerprint };
const redactor = (known: { value: string; label?: string }[] = []) => new Redactor(rules, known);
const placeholder = (secret: string) => `<redacted · ${fingerprint(secret)}>`;

const C2M_KEY = 'sk_call2me_live_innocentNoteKey123';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJleHAiOjE5MDAwMDAwMDB9.c2lnbmF0dXJlLXBhcnQ';

/** The exchange as it would be written, as one string to search. */
const written = (raw: RawExchange, known: { value: string; label?: string }[] = []) => JSON.stringify(redactExchange(raw, redactor(known)));
const exchange = (fields: Partial<RawExchange>): RawExchange => ({
  method: 'POST',
  url: 'https://api.call2me.app/v1/agents',
  headers: {},
  body: null,
  response: null,
  error: null,
  ...fields,
});

describe('secret names', () => {
  it.each([
    'Authorization',
    'X-Partner-Api-Key',
    'X-Auth-Token',
    'X-Session-Token',
    'client_secret',
    'refresh_token',
    'accessToken',
    'password',
    'api_key',
    'Cookie',
    'X-Signature',
    'credentials',
    'apikey',
  ])('%s holds a secret', (name) => expect(isSecretName(name)).toBe(true));
  it.each([
    'author',
    'authority',
    'token_type',
    'session_id',
    'voice_session_id',
    'key_id',
    'Idempotency-Key',
    'Content-Type',
    'X-Request-Id',
    'WWW-Authenticate',
    'request_id',
    'name',
    'expires_in',
    'Access-Control-Allow-Credentials',
  ])('%s is ordinary', (name) => expect(isSecretName(name)).toBe(false));
});

describe('headers', () => {
  it('keeps the scheme and replaces the credential, for every credential-named header', () => {
    const out = redactor().headers({
      Authorization: 'Bearer abc.def-ghi',
      'X-Partner-Api-Key': 'pk_partnerSecretValue',
      'X-Auth-Token': 'tok-1',
      'Content-Type': 'application/json',
      'X-Request-Id': 'req_abc123',
    });
    expect(out).toEqual({
      Authorization: `Bearer ${placeholder('abc.def-ghi')}`,
      'X-Partner-Api-Key': placeholder('pk_partnerSecretValue'),
      'X-Auth-Token': placeholder('tok-1'),
      'Content-Type': 'application/json',
      'X-Request-Id': 'req_abc123',
    });
  });

  it('replaces a secret-shaped value under any header name', () => {
    expect(redactor().headers({ 'X-Custom': C2M_KEY, 'X-Forwarded': `Bearer ${JWT}` })).toEqual({
      'X-Custom': placeholder(C2M_KEY),
      'X-Forwarded': `Bearer ${placeholder(JWT)}`,
    });
  });

  it('replaces each cookie value and keeps Set-Cookie attributes', () => {
    const r = redactor();
    expect(r.headers({ Cookie: 'session=s3ss10nValue; theme=dark' }).Cookie).toBe(`session=${placeholder('s3ss10nValue')}; theme=${placeholder('dark')}`);
    expect(r.headers({ 'Set-Cookie': 'sid=abcdef123456; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly' })['Set-Cookie']).toBe(
      `sid=${placeholder('abcdef123456')}; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly`,
    );
  });

  it('removes a Basic password everywhere else it appears', () => {
    const basic = Buffer.from('support@example.com:hunter2hunter2').toString('base64');
    const out = written(
      exchange({ headers: { Authorization: `Basic ${basic}` }, response: { status: 200, headers: {}, body: 'you said hunter2hunter2', truncated: false } }),
    );
    expect(out).not.toContain(basic);
    expect(out).not.toContain('hunter2hunter2');
  });
});

describe('query strings and forms', () => {
  it('replaces parameters by name and by shape, and keeps the rest as they were', () => {
    const url = `https://api.call2me.app/v1/agents?api_key=k1secret&access_token=at-2&token=t%2B3&page=2&note=${C2M_KEY}&q=a+b`;
    expect(redactor().url(url)).toBe(
      `https://api.call2me.app/v1/agents?api_key=${placeholder('k1secret')}&access_token=${placeholder('at-2')}&token=${placeholder('t+3')}&page=2&note=${placeholder(C2M_KEY)}&q=a+b`,
    );
  });

  it('replaces a password in the URL userinfo', () => {
    expect(redactor().url('https://bob:pa55word@api.test/v1/x')).toBe(`https://bob:${placeholder('pa55word')}@api.test/v1/x`);
  });

  it('walks form bodies like queries', () => {
    expect(redactor().body('grant_type=password&username=bob&password=p%40ss&client_secret=cs1', 'application/x-www-form-urlencoded')).toBe(
      `grant_type=password&username=bob&password=${placeholder('p@ss')}&client_secret=${placeholder('cs1')}`,
    );
  });
});

describe('JSON bodies', () => {
  it('replaces values under secret names at any depth and secret shapes anywhere, keeping ordinary values', () => {
    const body = JSON.stringify({
      email: 'a@b.c',
      password: 'pw',
      nested: { deeper: [{ client_secret: 'cs-value', refresh_token: 'rt-value' }] },
      note: `my key is ${C2M_KEY}`,
      data: { access_token: JWT, token_type: 'Bearer', expires_in: 3600, id: 'agent_123', request_id: 'req_abc123', name: 'Spring campaign' },
      tokens: ['t-one', 't-two'],
    });
    const out = JSON.parse(redactor().body(body, 'application/json'));
    expect(out).toEqual({
      email: 'a@b.c',
      password: placeholder('pw'),
      nested: { deeper: [{ client_secret: placeholder('cs-value'), refresh_token: placeholder('rt-value') }] },
      note: `my key is ${placeholder(C2M_KEY)}`,
      data: { access_token: placeholder(JWT), token_type: 'Bearer', expires_in: 3600, id: 'agent_123', request_id: 'req_abc123', name: 'Spring campaign' },
      tokens: [placeholder('t-one'), placeholder('t-two')],
    });
  });

  it('decodes escaped strings before judging them: a key sent as sk_call2me_live_a\\/b\\u0026c is found', () => {
    const minted = 'sk_call2me_live_a/b&c0123456789';
    const body = '{"key":"sk_call2me_live_a\\/b\\u0026c0123456789","id":"key_1"}';
    const out = written(exchange({ response: { status: 201, headers: { 'Content-Type': 'application/json' }, body, truncated: false } }));
    for (const form of encodings(minted)) expect(out).not.toContain(form);
    expect(out).toContain('key_1');
  });

  it('finds secret-named fields in JSON cut at the recording limit', () => {
    const cut = `{"password":"cut-off-pass","padding":"${'x'.repeat(50)}`;
    const out = redactor().body(cut, 'application/json');
    expect(out).not.toContain('cut-off-pass');
    expect(out).toContain(placeholder('cut-off-pass'));
  });

  it('leaves a body with nothing secret byte for byte as it was', () => {
    const body = '{ "name" : "spring",\n  "count": 12345678901234567890 }';
    expect(redactor().body(body, 'application/json')).toBe(body);
  });

  it('survives hostile nesting and falls back to text', () => {
    const deep = `${'['.repeat(100_000)}"${C2M_KEY}"${']'.repeat(100_000)}`;
    const out = redactor().body(deep, 'application/json');
    expect(out).not.toContain(C2M_KEY);
  });
});

describe('known secrets and echoes', () => {
  it('removes a secret found in the request from the response, in every encoding', () => {
    const secret = 'echo/Secret+with spaces&"quotes"\\';
    const response = [secret, encodeURIComponent(secret), JSON.stringify(secret), Buffer.from(secret).toString('base64')].join(' | ');
    const out = written(exchange({ headers: { 'X-Api-Key': secret }, response: { status: 200, headers: {}, body: response, truncated: false } }));
    for (const form of encodings(secret)) expect(out).not.toContain(form);
  });

  it('removes a caller-named secret however short, without cutting into placeholders', () => {
    const out = redactExchange(
      exchange({ body: 'pw=ab and ab again', headers: { 'Content-Type': 'text/plain' } }),
      redactor([{ value: 'ab', label: 'password · 0123456789ab' }]),
    );
    expect(out.request.body).toBe('pw=<password · 0123456789ab> and <password · 0123456789ab> again');
  });

  it('uses the caller label for a vault key', () => {
    const out = redactExchange(
      exchange({ headers: { Authorization: `Bearer ${C2M_KEY}` } }),
      redactor([{ value: C2M_KEY, label: `svc-main · ${fingerprint(C2M_KEY)}` }]),
    );
    expect(out.request.headers.Authorization).toBe(`Bearer <svc-main · ${fingerprint(C2M_KEY)}>`);
  });

  it('does not search the whole exchange for short values found by structure', () => {
    const out = redactExchange(
      exchange({ headers: { Cookie: 'consent=1' }, response: { status: 200, headers: {}, body: '{"count":1,"page":"1"}', truncated: false } }),
      redactor(),
    );
    expect(out.response!.body).toBe('{"count":1,"page":"1"}');
  });

  it('finds JWTs and prefixed keys in free text (error messages)', () => {
    expect(redactor().clean(`connect refused while sending ${JWT} to host`)).toBe(`connect refused while sending ${placeholder(JWT)} to host`);
  });

  it('is idempotent: redacting a redacted exchange changes nothing', () => {
    const raw = exchange({
      url: `https://api.call2me.app/v1/agents?api_key=${C2M_KEY}`,
      headers: { Authorization: `Bearer ${JWT}`, Cookie: 'a=b1234567' },
      body: JSON.stringify({ password: 'secret-pass', note: C2M_KEY }),
      response: { status: 200, headers: { 'Set-Cookie': 'sid=abcdefghij; Path=/' }, body: JSON.stringify({ access_token: JWT }), truncated: false },
    });
    const once = redactExchange(raw, redactor());
    const twice = redactExchange({ ...once.request, response: once.response, error: once.error }, redactor());
    expect(twice).toEqual(once);
  });
});

describe('the pipeline', () => {
  it('diagnoses the raw exchange and redacts the findings too', () => {
    const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
    const processed = processExchange(
      exchange({ headers: { Authorization: `Bearer ${C2M_KEY}` }, response: { status: 401, headers: {}, body: '{"error":"unauthorized"}', truncated: false } }),
      { profile: call2me, now: new Date(), path: '/v1/agents' },
      rules,
    );
    expect(processed.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(processed)).not.toContain(C2M_KEY);
  });

  it('keeps linear time on inputs built to make regexes backtrack', () => {
    const hostile = ['"'.repeat(200_000), `${'a'.repeat(100_000)}_live_`, `"${'\\'.repeat(100_000)}`, `eyJ${'A'.repeat(100_000)}.`, 'sk_'.repeat(50_000)];
    for (const text of hostile) expect(typeof redactor().body(text, 'text/plain')).toBe('string');
  });
});

describe('a redactor that decodes before it decides', () => {
  const S = (n: number) => `Secret-${n}-${'q7Zx'.repeat(3)}`;
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const hex = (text: string) => Buffer.from(text).toString('hex');
  const utf16 = (text: string) => Buffer.from(text, 'utf16le').toString('base64');
  /** Every case from the audit: a body (or header set) and the secrets it hides. */
  const cases: { name: string; raw: Partial<RawExchange>; secrets: string[] }[] = [
    { name: 'fields inside an object named like a secret', raw: { body: JSON.stringify({ password: { new: S(1), old: S(2) } }) }, secrets: [S(1), S(2)] },
    { name: 'a number under a secret name', raw: { body: '{"pin": 48291377, "card_pin": 5512}' }, secrets: ['48291377'] },
    { name: 'a secret-shaped object key', raw: { body: JSON.stringify({ [C2M_KEY]: true }) }, secrets: [C2M_KEY] },
    { name: 'duplicate JSON keys (the first value is dropped by JSON.parse)', raw: { body: `{"password":"${S(3)}","password":""}` }, secrets: [S(3)] },
    { name: 'JSON inside a JSON string', raw: { body: JSON.stringify({ payload: JSON.stringify({ password: S(4) }) }) }, secrets: [S(4)] },
    {
      name: 'a URL inside a value: userinfo and query',
      raw: { body: JSON.stringify({ callback: `https://u:${S(5)}@hooks.example/x?token=${S(6)}` }) },
      secrets: [S(5), S(6)],
    },
    {
      name: 'a URL encoded twice in a query value',
      raw: { url: `https://api.call2me.app/v1/agents?next=${encodeURIComponent(encodeURIComponent(`https://x.example/?token=${S(7)}`))}` },
      secrets: [S(7)],
    },
    {
      name: 'a base64 blob of JSON',
      raw: { body: JSON.stringify({ state: b64(JSON.stringify({ password: S(8) })) }) },
      secrets: [S(8), b64(JSON.stringify({ password: S(8) }))],
    },
    {
      name: 'a hex blob of JSON',
      raw: { body: JSON.stringify({ state: hex(JSON.stringify({ client_secret: S(9) })) }) },
      secrets: [S(9), hex(JSON.stringify({ client_secret: S(9) }))],
    },
    { name: 'UTF-16 text in base64', raw: { body: JSON.stringify({ blob: utf16(`token=${S(10)}`) }) }, secrets: [S(10), utf16(`token=${S(10)}`)] },
    { name: 'pass, pw and passcode fields', raw: { body: JSON.stringify({ pass: S(11), pw: S(12), passcode: S(13) }) }, secrets: [S(11), S(12), S(13)] },
    { name: 'an X-Session-Id header', raw: { headers: { 'X-Session-Id': S(14) } }, secrets: [S(14)] },
    { name: 'a secret-shaped header name', raw: { headers: { [C2M_KEY]: '1' } }, secrets: [C2M_KEY] },
    {
      name: 'a password in a multipart field',
      raw: {
        headers: { 'Content-Type': 'multipart/form-data; boundary=XyZ' },
        body: `--XyZ\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--XyZ\r\nContent-Disposition: form-data; name="password"\r\n\r\n${S(16)}\r\n--XyZ--\r\n`,
      },
      secrets: [S(16)],
    },
    {
      name: 'an XML element and attribute',
      raw: {
        headers: { 'Content-Type': 'application/xml' },
        body: `<?xml version="1.0"?><login user="a"><password>${S(17)}</password><cred api_key="${S(18)}"/></login>`,
      },
      secrets: [S(17), S(18)],
    },
    {
      name: 'a GraphQL argument, inline and in a JSON body',
      raw: { body: JSON.stringify({ query: `mutation { login(email: "a@b.c", password: "${S(19)}") { token } }`, variables: { input: { apiKey: S(21) } } }) },
      secrets: [S(19), S(21)],
    },
    {
      name: 'a GraphQL document body',
      raw: { headers: { 'Content-Type': 'application/graphql' }, body: `mutation { rotate(input: {clientSecret: "${S(22)}"}) { id } }` },
      secrets: [S(22)],
    },
    {
      name: 'a secret in a form field encoded twice',
      raw: {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: `note=${encodeURIComponent(encodeURIComponent(`https://x/?api_key=${S(15)}`))}`,
      },
      secrets: [S(15)],
    },
  ];

  it.each(cases)('$name', ({ raw, secrets }) => {
    const out = written(exchange(raw));
    for (const secret of secrets) for (const form of [...encodings(secret), hex(secret)]) expect(out, `${secret} as ${form}`).not.toContain(form);
  });

  it('keeps what is not secret in structured bodies', () => {
    const xml = '<order id="7"><item>book</item></order>';
    expect(redactor().body(xml, 'application/xml')).toBe(xml);
    const graphql = JSON.stringify({ query: 'query { agents(limit: 5) { id name } }' });
    expect(redactor().body(graphql, 'application/json')).toBe(graphql);
    const multipart = '--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--b--\r\n';
    expect(redactor().body(multipart, 'multipart/form-data; boundary=b')).toBe(multipart);
  });

  it('still leaves a body with nothing secret byte for byte, big numbers and spacing included', () => {
    const body = '{ "n": 123456789012345678901, "note" : "plain text",\n "state": "aGVsbG8gd29ybGQsIGp1c3QgdGV4dA==" }';
    expect(redactor().body(body, 'application/json')).toBe(body);
  });

  it('decodes within a budget: a deeply nested encoding ends, and a huge value is searched as text', () => {
    let value = JSON.stringify({ password: S(20) });
    for (let i = 0; i < 10; i++) value = b64(JSON.stringify({ inner: value }));
    const out = redactor().body(JSON.stringify({ v: value }), 'application/json');
    expect(out.length).toBeGreaterThan(0);
    const huge = JSON.stringify({ v: 'a'.repeat(200_000) });
    expect(redactor().body(huge, 'application/json')).toBe(huge);
  });
});
