import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { encodings } from '../../shared/redaction/redactor';
import { skipWithoutKeychain } from '../support/keychain';
import { runCli } from '../support/run-cli';
import { tempDir } from '../support/temp-dir';
import { openVault } from '../support/vault-harness';

/**
 * The leak corpus: a distinct secret in every place an exchange can carry one, sent down every path
 * that stores, shows or exports exchanges; then every byte Keyhole wrote or answered is searched for
 * each secret in raw, URL-encoded, JSON-escaped and base64 form.
 */
const unique = (label: string) => `${label}${randomBytes(9).toString('hex')}`;
const S = {
  vaultKey: `sk_call2me_live_${unique('vault')}`,
  queryApiKey: unique('qApiKey'),
  queryAccessToken: unique('qAccess'),
  queryToken: unique('qToken'),
  partnerHeader: `pk_${unique('partner')}`,
  authTokenHeader: unique('xAuthToken'),
  sessionHeader: unique('xSession'),
  cookie: unique('cookie'),
  jsonPassword: unique('jsonPassword'),
  nestedClientSecret: unique('nestedClientSecret'),
  escaped: `esc"aped\\${unique('slash/')}&`,
  formSecret: unique('form secret+'),
  innocentNote: `sk_call2me_live_${unique('note')}`,
  responseJwt: `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ${unique('respJwt')}.${unique('sig')}`,
  setCookie: unique('setCookie'),
  loginPassword: 'p"\\w',
  loginAccess: `eyJhbGciOiJIUzI1NiJ9.eyJ3b3Jrc3BhY2UiOiJhY21lIn0.${unique('access')}`,
  loginRefresh: unique('refresh'),
  minted: `sk_call2me_live_${unique('mint/ed&')}`,
  proxyBasicPassword: unique('basicPass'),
  proxyQuery: unique('proxyQuery'),
  proxyBody: unique('proxyBodyPassword'),
  proxyKey: `sk_call2me_live_${unique('proxyKey')}`,
  harHeader: unique('harAuthToken'),
  harQuery: unique('harQuery'),
  harBody: unique('harClientSecret'),
  harResponse: `sk_call2me_live_${unique('harResponse')}`,
  curlKey: `sk_call2me_live_${unique('curl')}`,
  curlBody: unique('curlPassword'),
  jwtSigner: 'tooShortForRsa',
};

/** An upstream that echoes everything it was sent, sets cookies, logs in and mints keys. */
async function echoServer(): Promise<string> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url?.endsWith('/v1/auth/login')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ access_token: S.loginAccess, refresh_token: S.loginRefresh, expires_in: 3600, you_sent: body }));
      }
      if (req.url?.endsWith('/v1/api-keys')) {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        // Escaped the way PHP and Go encoders do: "\/" and "\u0026".
        return res.end(`{"id":"key_9","key":${JSON.stringify(S.minted).replaceAll('/', '\\/').replaceAll('&', '\\u0026')}}`);
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': `sid=${S.setCookie}; Path=/; HttpOnly` });
      res.end(
        JSON.stringify({
          url: req.url,
          headers: req.headers,
          body,
          bodyBase64: Buffer.from(body).toString('base64'),
          result: S.responseJwt,
        }),
      );
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function hits(haystack: string | Buffer, where: string): string[] {
  const found: string[] = [];
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack) : haystack;
  for (const [name, secret] of Object.entries(S)) {
    for (const form of encodings(secret)) if (bytes.includes(Buffer.from(form))) found.push(`${where}: ${name} (${form === secret ? 'raw' : form})`);
  }
  return found;
}

describe.skipIf(skipWithoutKeychain)('no secret at rest or in view', () => {
  it('finds none of the corpus in the data directory, IPC replies or CLI output, whichever path an exchange took', { timeout: 60_000 }, async () => {
    const harness = await openVault();
    const { services, dataDir } = harness;
    const replies: string[] = [];
    const dispatch = createDispatch(
      createHandlers(createApplication(services)),
      createLogger('test', () => {}),
    );
    const call = async (channel: string, input: unknown) => {
      const result = await dispatch(channel, input);
      replies.push(JSON.stringify(result));
      return result as { ok: true; value: never } | { ok: false; error: { message: string } };
    };
    const base = await echoServer();
    await services.catalog.setEnvironmentUrl('call2me', 'staging', base);
    await services.vault.add({
      name: 'svc-main',
      providerId: 'call2me',
      environmentId: 'staging',
      kind: 'api_key',
      scopes: ['write'],
      boundId: 'acme',
      secret: S.vaultKey,
    });

    // Send: query, extra credential headers, JSON (nested, escaped, innocent names) and form bodies.
    const query = `?api_key=${S.queryApiKey}&access_token=${S.queryAccessToken}&token=${encodeURIComponent(S.queryToken)}&page=2`;
    const headers = {
      'X-Partner-Api-Key': S.partnerHeader,
      'X-Auth-Token': S.authTokenHeader,
      'X-Session-Token': S.sessionHeader,
      Cookie: `session=${S.cookie}; theme=dark`,
    };
    const json = JSON.stringify({
      password: S.jsonPassword,
      deep: { list: [{ client_secret: S.nestedClientSecret }] },
      escaped_password: S.escaped,
      note: S.innocentNote,
    });
    const sent = await call('send:execute', { credential: 'svc-main', method: 'POST', path: `/v1/agents${query}`, headers, body: json });
    expect(sent.ok).toBe(true);
    const form = `grant_type=client_credentials&client_secret=${encodeURIComponent(S.formSecret)}`;
    expect(
      (
        await call('send:execute', {
          credential: 'svc-main',
          method: 'POST',
          path: '/v1/calls',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: form,
        })
      ).ok,
    ).toBe(true);
    await call('send:preflight', { credential: 'svc-main', method: 'POST', path: `/v1/agents${query}`, headers, body: json });

    // JWT login: a short password with a quote and a backslash; tokens in the answer.
    expect(
      (await call('session:login', { providerId: 'call2me', environmentId: 'staging', name: 'me', email: 'me@example.com', password: S.loginPassword })).ok,
    ).toBe(true);

    // Rotation's key minting: the new key comes back JSON-escaped.
    const { exchange: mint, rawBody } = await services.send.sendRevealing(
      { credential: 'svc-main', method: 'POST', path: '/v1/api-keys', body: '{"name":"prod-2026-q4"}' },
      (raw) => [{ value: (JSON.parse(raw) as { key: string }).key, label: 'prod-2026-q4 · new' }],
    );
    expect(rawBody).toContain('\\u0026');
    replies.push(JSON.stringify(mint));

    // The recording proxy: Basic auth, a query token, a JSON password, the vault key.
    await services.catalog.setEnvironmentUrl('call2me', 'production', base);
    const proxy = await services.proxies.start('call2me', 'production');
    const basic = Buffer.from(`support@example.com:${S.proxyBasicPassword}`).toString('base64');
    await (
      await fetch(`${proxy.listen}/v1/agents?token=${S.proxyQuery}`, {
        headers: { 'Proxy-Authorization': `Basic ${basic}`, Authorization: `Bearer ${S.proxyKey}` },
      })
    ).text();
    await (
      await fetch(`${proxy.listen}/v1/agents`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: { password: S.proxyBody } }),
      })
    ).text();
    await services.proxies.recorder.drained();

    // Pasted diagnosis: curl and HAR.
    const curl = `curl -X POST 'https://api.call2me.app/v1/agents' -H 'Authorization: Bearer ${S.curlKey}' --data '{"password":"${S.curlBody}"}'`;
    expect((await call('diagnose:paste', { format: 'curl', text: curl, status: 403 })).ok).toBe(true);
    const har = JSON.stringify({
      log: {
        entries: [
          {
            request: {
              method: 'POST',
              url: `https://api.call2me.app/v1/agents?access_token=${S.harQuery}`,
              headers: [{ name: 'X-Auth-Token', value: S.harHeader }],
              postData: { text: JSON.stringify({ client_secret: S.harBody }) },
            },
            response: { status: 200, headers: [], content: { text: JSON.stringify({ data: { created_with: S.harResponse } }) } },
          },
        ],
      },
    });
    expect((await call('diagnose:paste', { format: 'har', text: har })).ok).toBe(true);
    const harFile = path.join(tempDir(), 'customer.har');
    fs.writeFileSync(harFile, har);
    const env = { ...process.env, KEYHOLE_HOME: dataDir };
    const cli = [await runCli(['traffic', 'import', harFile, '--json'], env)];
    expect(cli[0]!.code).toBe(0);

    // A vault secret that is not a private key: the mint error must not quote it.
    await services.vault.add({ name: 'signer', providerId: 'call2me', environmentId: 'staging', kind: 'jwt', secret: S.jwtSigner });
    const minted = await call('jwt:mint', { signingCredential: 'signer', claims: '{"sub":"x"}', alg: 'RS256', expiresInSeconds: 60, name: 'test-jwt' });
    expect(minted.ok).toBe(false);

    // Everything that reads history back out: lists, details, replay, bundles, exports.
    const listed = (await call('traffic:list', { limit: 100 })) as { ok: true; value: { id: number }[] };
    expect(listed.value.length).toBeGreaterThanOrEqual(6);
    for (const { id } of listed.value) await call('history:get', { id });
    const replayed = await call('history:replay', { id: listed.value.find((_, i) => i === listed.value.length - 1)!.id, credential: 'svc-main' });
    await call('history:bundle', { ids: listed.value.map((e) => e.id) });
    await call('traffic:export', { limit: 1000 });
    const exportFile = path.join(tempDir(), 'traffic.har');
    cli.push(await runCli(['traffic', 'list', '--json'], env));
    cli.push(await runCli(['traffic', 'export', '--har', exportFile], env));
    cli.push(await runCli(['diagnose', '--har', harFile, '--json'], env));
    expect(cli.every((run) => run.code === 0)).toBe(true);
    expect(replayed.ok).toBe(false);

    await services.close();
    const found = [
      ...fs
        .readdirSync(dataDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .flatMap((e) => hits(fs.readFileSync(path.join(e.parentPath, e.name)), e.name)),
      ...replies.flatMap((reply, i) => hits(reply, `IPC reply ${i}`)),
      ...cli.flatMap((run, i) => hits(run.stdout + run.stderr, `CLI run ${i}`)),
      ...hits(fs.readFileSync(exportFile), 'exported HAR'),
      ...harness.logs.flatMap((line) => hits(line, 'log')),
    ];
    expect(found).toEqual([]);
    // The corpus did reach the upstream: the search above would have found it had it been kept.
    expect(JSON.stringify(sent)).toContain('svc-main · ');
    for (const file of ['keyhole.db', 'keyhole.db-wal']) {
      if (fs.existsSync(path.join(dataDir, file))) expect(fs.statSync(path.join(dataDir, file)).mode & 0o777).toBe(0o600);
    }
  });
});
