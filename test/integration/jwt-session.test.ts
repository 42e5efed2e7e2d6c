import { sandboxEnvironments } from '../support/sandbox-env';
import { describe, expect, it } from 'vitest';
import { skipWithoutKeychain } from '../support/keychain';
import { filesContaining, openVault } from '../support/vault-harness';

describe.skipIf(skipWithoutKeychain)('JWT sessions against the sandbox', () => {
  it('logs in, refreshes once on token_expired, records both exchanges redacted, and cleans up', async () => {
    const harness = await openVault();
    const { services, keychain } = harness;
    const sandbox = await sandboxEnvironments(services.catalog);
    const user = sandbox.state.addUser({ provider: 'call2me', email: 'ops@acme.test', scopes: ['admin'], workspace: 'acme', tenant: null });

    await expect(
      services.sessions.login({ providerId: 'call2me', environmentId: 'sandbox', name: 'bad', email: user.email, password: 'nope' }),
    ).rejects.toThrow(/Login failed \(401\)/);
    const session = await services.sessions.login({
      providerId: 'call2me',
      environmentId: 'sandbox',
      name: 'ops-session',
      email: user.email,
      password: user.password,
    });
    expect(session).toMatchObject({ kind: 'jwt', boundId: 'acme', status: 'active' });
    expect(new Date(session.expiresAt!).getTime()).toBeGreaterThan(Date.now());
    const firstRefresh = await keychain.get(`${session.id}:refresh`);
    expect(firstRefresh).toMatch(/^rt_/);
    expect((await services.vault.reconcile()).orphanAccounts).toEqual([]);

    expect((await services.send.send({ credential: 'ops-session', method: 'GET', path: '/v1/agents' })).response!.status).toBe(200);
    sandbox.state.clockOffsetMs += 3601_000;
    const afterExpiry = await services.send.send({ credential: 'ops-session', method: 'GET', path: '/v1/agents' });
    expect(afterExpiry.refreshedSession).toBe(true);
    expect(afterExpiry.response!.status).toBe(200);
    expect(await keychain.get(`${session.id}:refresh`)).not.toBe(firstRefresh);
    expect(services.vault.get('ops-session').fingerprint).not.toBe(session.fingerprint);
    expect(services.audit.list({ action: 'session-refresh', limit: 5 })).toHaveLength(1);

    // The spent refresh token no longer works: refresh tokens rotate.
    const reuse = await fetch(`${sandbox.baseUrls.call2me}/v1/auth/refresh`, { method: 'POST', body: JSON.stringify({ refresh_token: firstRefresh }) });
    expect(reuse.status).toBe(401);

    const tokens = [
      user.password,
      firstRefresh!,
      (await keychain.get(`${session.id}:refresh`))!,
      await services.vault.secretOf(services.vault.get('ops-session')),
    ];
    await services.vault.remove('ops-session');
    expect(await keychain.get(`${session.id}:refresh`)).toBeNull();
    await services.close();
    expect(filesContaining(harness.dataDir, tokens)).toEqual([]);
  });

  it('never reuses a session token in another environment', async () => {
    const { services } = await openVault();
    const sandbox = await sandboxEnvironments(services.catalog);
    const user = sandbox.state.addUser({ provider: 'call2me', email: 'a@acme.test', scopes: ['read'], workspace: 'acme', tenant: null });
    await services.sessions.login({ providerId: 'call2me', environmentId: 'sandbox', name: 's', email: user.email, password: user.password });
    await expect(services.send.send({ credential: 's', environmentId: 'production', method: 'GET', path: '/v1/agents' })).rejects.toThrow(
      /never reused across environments/,
    );
  });
});
