import { sandboxEnvironments, vaultSandboxKey } from '../support/sandbox-env';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../electron/platform/logger';
import { exchangesFromHar } from '../../electron/exchange-import/pasted-exchanges';
import { createDispatch } from '../../electron/ipc/dispatch';
import { createHandlers } from '../../electron/ipc/handlers';
import { createApplication } from '../../electron/application/keyhole-application';
import { skipWithoutKeychain } from '../support/keychain';
import { openVault } from '../support/vault-harness';
import { harSchemaErrors } from '../support/har-schema';

// The HAR 1.2 fields every entry must have (http://www.softwareishard.com/blog/har-12-spec/).
const NameValues = z.array(z.object({ name: z.string(), value: z.string() }));
const Har12 = z.object({
  log: z.object({
    version: z.literal('1.2'),
    creator: z.object({ name: z.string(), version: z.string() }),
    entries: z.array(
      z.object({
        startedDateTime: z.iso.datetime(),
        time: z.number(),
        request: z.object({
          method: z.string(),
          url: z.string(),
          httpVersion: z.string(),
          cookies: z.array(z.unknown()),
          headers: NameValues,
          queryString: NameValues,
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        response: z.object({
          status: z.number(),
          statusText: z.string(),
          httpVersion: z.string(),
          cookies: z.array(z.unknown()),
          headers: NameValues,
          content: z.object({ size: z.number(), mimeType: z.string() }),
          redirectURL: z.string(),
          headersSize: z.number(),
          bodySize: z.number(),
        }),
        cache: z.object({}),
        timings: z.object({ send: z.number(), wait: z.number(), receive: z.number() }),
      }),
    ),
  }),
});

describe.skipIf(skipWithoutKeychain)('support bundle', () => {
  it('exports history as valid HAR 1.2 with findings, naming the key without revealing it', async () => {
    const { services } = await openVault();
    const dispatch = createDispatch(createHandlers(createApplication(services)), silentLogger);
    const sandbox = await sandboxEnvironments(services.catalog);
    const { credential, secret } = await vaultSandboxKey(services, sandbox, 'customer-key', ['read']);
    const a = await services.send.send({ credential: 'customer-key', method: 'POST', path: '/v1/agents', body: '{"name":"x"}' });
    const b = await services.send.send({ credential: 'customer-key', method: 'GET', path: `/v1/agents?token=${secret}` });

    const recent = await dispatch('history:recent', { limit: 10 });
    const [aId, bId] = [a.historyId, b.historyId];
    expect(recent).toMatchObject({
      ok: true,
      value: [
        { id: bId, status: 200 },
        { id: aId, status: 403, findingCodes: ['SCOPE_MISSING'] },
      ],
    });

    const result = await dispatch('history:bundle', { ids: [aId, bId] });
    if (!result.ok) throw new Error(result.error.message);
    const { content, filename } = result.value as { content: string; filename: string };
    expect(filename).toMatch(/^keyhole-support-\d{4}-\d{2}-\d{2}\.har$/);
    expect(content).not.toContain(secret);
    expect(content).toContain(`<customer-key · ${credential.fingerprint}>`);
    expect(harSchemaErrors(JSON.parse(content))).toEqual([]);
    const har = Har12.parse(JSON.parse(content));
    expect(har.log.entries).toHaveLength(2);
    expect(JSON.parse(content).log.entries[0]._keyhole.findings[0]).toMatchObject({ code: 'SCOPE_MISSING', requiredScope: 'write' });
    // And Keyhole reads its own bundles back.
    expect(exchangesFromHar(content, 'bundle').map((e) => e.response?.status)).toEqual([403, 200]);
  });
});
