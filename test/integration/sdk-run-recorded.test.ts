import { describe, expect, it } from 'vitest';
import { Call2MeApiError, Call2MeNodeStyleClient } from '../support/call2me-node-client';
import { skipWithoutKeychain } from '../support/keychain';
import { sandboxEnvironments } from '../support/sandbox-env';
import { filesContaining, openVault } from '../support/vault-harness';

const AGENT = { agent_name: 'Support', voice_id: 'openai-nova', response_engine: { type: 'call2me-llm', system_prompt: '' } };

/**
 * What `keyhole run --record` shows a customer whose SDK code meets the vendor's refusals: the
 * client talks to the recording proxy as it would to api.call2me.app, the sandbox answers as the
 * vendor documents, and every refusal in history carries the product's exact diagnosis.
 */
describe.skipIf(skipWithoutKeychain)('an SDK client recorded through the proxy: each refusal diagnosed exactly', () => {
  it('422 names the field, 400 the number, 402 the wallet, 403 the tier, 404 the id, 409 the key; nothing readable on disk', async () => {
    const harness = await openVault();
    const { services } = harness;
    const sandbox = await sandboxEnvironments(services.catalog);
    const mint = (scope: string) =>
      sandbox.state.mintKey({ provider: 'call2me', kind: 'api_key', name: `sdk-${scope}`, scopes: [scope], workspace: 'acme', tenant: null, partner: null });
    const [writer, reader] = [mint('write'), mint('read')];
    for (const key of [writer, reader]) {
      await services.vault.add({
        name: key.name,
        providerId: 'call2me',
        environmentId: 'sandbox',
        kind: 'api_key',
        scopes: key.scopes,
        boundId: 'acme',
        secret: key.secret,
      });
    }
    const proxy = await services.proxies.start('call2me', 'sandbox');
    const sdk = new Call2MeNodeStyleClient(writer.secret, proxy.listen);
    const attempt = async (method: string, path: string, body: unknown = null) =>
      sdk.request(method, path, body).then(
        () => sdk.lastStatus,
        (error: unknown) => (error instanceof Call2MeApiError ? error.status : Promise.reject(error)),
      );

    const agent = (await sdk.request('POST', '/v1/agents', AGENT)) as { agent_id: string };
    expect(await attempt('POST', '/v1/agents', { name: 'no agent_name' })).toBe(422);
    expect(await attempt('POST', '/v1/calls', { agent_id: agent.agent_id, to_number: '5551234' })).toBe(422);
    expect(await attempt('POST', '/v1/calls', { agent_id: agent.agent_id, to_number: '+15551234567' })).toBe(400);
    expect(await attempt('GET', '/v1/agents/agent_000000000000')).toBe(404);
    expect(await attempt('GET', '/v1/wallet/balance')).toBe(403);
    sandbox.state.wallets.set('acme', 0);
    const numbers = (await sdk.request('GET', '/v1/phone-numbers')) as { number: string }[];
    expect(await attempt('POST', '/v1/calls', { agent_id: agent.agent_id, to_number: '+15551234567', from_number: numbers[0]!.number })).toBe(402);
    // The same Idempotency-Key with another body (a raw fetch: the SDK sends no such header).
    const retry = (name: string) =>
      fetch(`${proxy.listen}/v1/agents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${writer.secret}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'agent-setup-1' },
        body: JSON.stringify({ ...AGENT, agent_name: name }),
      });
    expect((await retry('first')).status).toBe(201);
    expect((await retry('second')).status).toBe(409);
    const readerSdk = new Call2MeNodeStyleClient(reader.secret, proxy.listen);
    await expect(readerSdk.request('DELETE', `/v1/agents/${agent.agent_id}`)).rejects.toThrow(/Call2Me API Error 403: A read-only key may only GET/);
    await services.proxies.recorder.drained();

    const recorded = services.history.query({ source: 'proxy', limit: 50 });
    const diagnosed = (status: number, path: string) =>
      recorded
        .filter((e) => e.response?.status === status && e.path === path)
        .flatMap((e) => e.findings.map((f) => ({ code: f.code, field: f.field ?? null })));
    expect(diagnosed(422, '/v1/agents')).toEqual([{ code: 'VALIDATION_FAILED', field: 'agent_name' }]);
    expect(diagnosed(422, '/v1/calls')).toEqual([{ code: 'VALIDATION_FAILED', field: 'to_number' }]);
    expect(diagnosed(400, '/v1/calls')).toEqual([{ code: 'VALIDATION_FAILED', field: 'from_number' }]);
    expect(diagnosed(402, '/v1/calls')).toEqual([{ code: 'WALLET_EMPTY', field: null }]);
    expect(diagnosed(404, '/v1/agents/agent_000000000000')).toEqual([{ code: 'RESOURCE_NOT_FOUND', field: null }]);
    expect(diagnosed(403, '/v1/wallet/balance')).toEqual([{ code: 'SCOPE_MISSING', field: null }]);
    expect(diagnosed(403, `/v1/agents/${agent.agent_id}`)).toEqual([{ code: 'SCOPE_MISSING', field: null }]);
    expect(diagnosed(409, '/v1/agents')).toEqual([{ code: 'CONFLICT', field: null }]);
    // The successful calls carry no findings.
    expect(recorded.filter((e) => (e.response?.status ?? 0) < 300).flatMap((e) => e.findings)).toEqual([]);
    await services.close();
    expect(filesContaining(harness.dataDir, [writer.secret, reader.secret])).toEqual([]);
  });
});
