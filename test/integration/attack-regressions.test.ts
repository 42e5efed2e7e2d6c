import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findManifest, readManifest } from '../../electron/run/run-manifest';
import { httpExchange } from '../../electron/send/http-exchange';
import { OriginGuard } from '../../electron/send/origin-guard';
import { AuditRepository } from '../../electron/store/audit-repository';
import { openDatabase } from '../../electron/store/open-database';
import { OriginRepository } from '../../electron/store/origin-repository';
import { EnvironmentProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import { tempDir } from '../support/temp-dir';
import { decodeBody } from '../../electron/redaction/body-decoding';
import { ExchangePipeline } from '../../electron/redaction/exchange-pipeline';
import { diagnosePasted } from '../../electron/exchange-import/diagnose-pasted';
import { exchangesFromHar } from '../../electron/exchange-import/pasted-exchanges';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { openVault } from '../support/vault-harness';
import { createApplication } from '../../electron/application/keyhole-application';

/** Attacks from the security audit, each refused here; every test failed on the code before its fix. */
describe('attacks that used to get through', () => {
  it('INSERT OR REPLACE and REPLACE INTO cannot rewrite an audit row or a rotation event', () => {
    const db = openDatabase(path.join(tempDir(), 'keyhole.db'));
    new AuditRepository(db, 'me').append({ action: 'create', detail: 'the original' });
    const { id } = db.prepare('SELECT id FROM audit_log').get() as { id: number };
    for (const verb of ['INSERT OR REPLACE INTO', 'REPLACE INTO']) {
      expect(() => db.prepare(`${verb} audit_log (id, at, actor, action, detail) VALUES (?, 'x', 'x', 'create', 'forged')`).run(id)).toThrow(/append-only/);
    }
    expect(db.prepare('SELECT detail FROM audit_log').all()).toEqual([{ detail: 'the original' }]);
  });

  it('the origin code is 10 digits and spent after three wrong tries', async () => {
    const db = openDatabase(path.join(tempDir(), 'keyhole.db'));
    const announced: string[] = [];
    const guard = new OriginGuard({
      origins: new OriginRepository(db),
      audit: new AuditRepository(db, 'me'),
      confirmer: () => ({ kind: 'code', announce: (_request, code) => announced.push(code) }),
    });
    db.prepare(
      `INSERT INTO credentials (id, name, provider_id, environment_id, kind, scopes, fingerprint, last4, created_at, updated_at, status)
       VALUES ('c1', 'prod', 'call2me', 'production', 'api_key', '[]', 'f0f0f0f0f0f0', '', 'x', 'x', 'active')`,
    ).run();
    const credential = { id: 'c1', name: 'prod', fingerprint: 'f0f0f0f0f0f0' } as Credential;
    await expect(guard.check(credential, 'https://evil.example', true)).rejects.toThrow(/never been sent/);
    expect(announced[0]).toMatch(/^\d{10}$/);
    const wrong = announced[0] === '1111111111' ? '2222222222' : '1111111111';
    expect(() => guard.confirmWithCode(credential, 'https://evil.example', wrong)).toThrow(/2 tries are left/);
    expect(() => guard.confirmWithCode(credential, 'https://evil.example', wrong)).toThrow(/1 try is left/);
    expect(() => guard.confirmWithCode(credential, 'https://evil.example', wrong)).toThrow(/Send again for a new code/);
    // The right code no longer works: the third wrong try spent it.
    expect(() => guard.confirmWithCode(credential, 'https://evil.example', announced[0]!)).toThrow(/not the code/);
  });

  it('Send has an overall deadline: an upstream dribbling a byte at a time is cut off', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const started = Date.now();
    try {
      await expect(httpExchange({ method: 'GET', url, headers: {}, body: null }, 700)).rejects.toThrow(/did not finish answering within 0.7 s/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('keyhole run ignores a keyhole.json another user could have written, unless it is named', () => {
    const parent = tempDir();
    const project = path.join(parent, 'project');
    fs.mkdirSync(project);
    const manifest = path.join(parent, 'keyhole.json');
    fs.writeFileSync(manifest, JSON.stringify({ env: { KEY: 'vault:call2me/production/prod' } }));
    fs.chmodSync(manifest, 0o666);
    expect(() => findManifest(project)).toThrow(/can be changed by other users, so Keyhole does not use it.*--manifest/);
    fs.chmodSync(manifest, 0o644);
    expect(findManifest(project)).toBe(manifest);
  });

  it('a manifest cannot set NODE_OPTIONS, LD_PRELOAD or another loader variable to a plain value', () => {
    const dir = tempDir();
    for (const name of ['NODE_OPTIONS', 'LD_PRELOAD', 'DYLD_INSERT_LIBRARIES', 'PYTHONSTARTUP', 'JAVA_TOOL_OPTIONS', 'PATH']) {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify({ env: { [name]: '--require /tmp/evil.js' } }));
      expect(() => readManifest(file), name).toThrow(new RegExp(`${name} loads code into the command`));
    }
  });

  it('a base URL cannot hold a gateway password (it would sit in the database and the audit log)', () => {
    const parsed = EnvironmentProfile.safeParse({ id: 'gw', label: 'Gateway', baseUrl: 'https://user:hunter2@gw.example', live: true });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/cannot hold a user name or password/);
  });
});

describe('no API confirms a guessed secret for free', () => {
  it('an import preview shows fingerprints only of stored keys, audits every match and limits how many secrets are checked', async () => {
    const { services } = await openVault({ secretsMode: 'memory' });
    const stored = 'sk_call2me_live_storedKey1234567890';
    await services.vault.add({
      name: 'prod',
      providerId: 'call2me',
      environmentId: 'production',
      kind: 'api_key',
      secret: stored,
      scopes: ['read'],
      boundId: 'acme',
    });
    const app = createApplication(services);
    const preview = app.vault.importPreview({
      text: `GUESS=sk_call2me_live_guessGuess123456\nHIT=${stored}\n`,
      providerId: 'call2me',
      environmentId: 'production',
      kind: 'api_key',
      allowInlineComments: false,
    });
    expect(preview.map((e) => e.fingerprint)).toEqual(['', services.vault.get('prod').fingerprint]);
    expect(
      services.audit
        .list({ limit: 10 })
        .filter((e) => e.action === 'secret-match')
        .map((e) => e.credentialName),
    ).toEqual(['prod']);
    const guesses = Array.from({ length: 120 }, (_, i) => `G${i}=sk_call2me_live_guess${String(i).padStart(12, '0')}`).join('\n');
    expect(() =>
      app.vault.importPreview({ text: guesses, providerId: 'call2me', environmentId: 'production', kind: 'api_key', allowInlineComments: false }),
    ).toThrow(/Too many different secrets/);
  });
});

describe('bodies are decoded before redaction decides', () => {
  const secret = `{"client_secret":"cs_${'9'.repeat(24)}","note":"${'x'.repeat(40_000)}"}`;
  it('gzip, deflate and br (a cut stream as far as it goes), UTF-16, and a zip bomb stops at its bound', () => {
    expect(decodeBody(zlib.gzipSync(secret), { 'Content-Encoding': 'gzip' })).toBe(secret);
    expect(decodeBody(zlib.deflateSync(secret), { 'content-encoding': 'deflate' })).toBe(secret);
    expect(decodeBody(zlib.brotliCompressSync(secret), { 'content-encoding': 'br' })).toBe(secret);
    expect(decodeBody(zlib.gzipSync(secret).subarray(0, 60), { 'content-encoding': 'gzip' })).toContain('"client_secret":"cs_');
    expect(decodeBody(Buffer.from(secret, 'utf16le'), { 'Content-Type': 'application/json; charset=UTF-16LE' })).toBe(secret);
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(decodeBody(bomb, { 'content-encoding': 'gzip' }).length).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  it('a HAR body marked "encoding": "base64" is redacted like any other', () => {
    const pipeline = new ExchangePipeline(
      () => builtinProviders,
      (s) => createHmac('sha256', 'k').update(s).digest('hex').slice(0, 12),
    );
    const har = JSON.stringify({
      log: {
        entries: [
          {
            request: { method: 'POST', url: 'https://api.call2me.app/v1/auth/login', headers: [] },
            response: { status: 200, headers: [], content: { text: Buffer.from(secret).toString('base64'), encoding: 'base64' } },
          },
        ],
      },
    });
    const [entry] = diagnosePasted(exchangesFromHar(har, 'x.har'), builtinProviders, new Date(), pipeline);
    expect(entry!.response!.body).toContain('"client_secret":"<redacted');
    expect(JSON.stringify(entry)).not.toContain(`cs_${'9'.repeat(24)}`);
  });
});

describe('a derived credential goes only where its signer may', () => {
  it('a JWT minted with a production key is pinned to the key’s confirmed origins, not to where production was just pointed', async () => {
    const { services } = await openVault({ secretsMode: 'memory' });
    const app = createApplication(services);
    const { credential: signer } = await services.vault.add({
      name: 'prod-signer',
      providerId: 'call2me',
      environmentId: 'production',
      kind: 'api_key',
      scopes: ['admin'],
      boundId: 'acme',
      secret: 'sk_call2me_live_signingKeySigningKey01',
    });
    app.workspace.setEnvironmentUrl({ providerId: 'call2me', environmentId: 'production', baseUrl: 'https://evil.example' });
    const minted = await app.tools.mintJwt({ signingCredential: signer.id, claims: '{"sub":"u1"}', alg: 'HS256', expiresInSeconds: 600, name: 'minted' });
    expect(services.origins.origins(minted.credential)).toEqual(['https://api.call2me.app']);
  });
});
