import { describe, expect, it } from 'vitest';
import { createApplication } from '../../electron/application/keyhole-application';
import { openVault } from '../support/vault-harness';

const entry = (startedDateTime: string | undefined, path: string) => ({
  ...(startedDateTime === undefined ? {} : { startedDateTime }),
  request: { method: 'GET', url: `https://api.call2me.app${path}`, headers: [{ name: 'Authorization', value: 'Bearer sk_call2me_live_customerKey0001' }] },
  response: { status: 403, headers: [], content: { text: '{"detail":"Insufficient permissions"}' } },
});

describe('HAR import', () => {
  it('keeps each entry’s own time (the customer’s timeline), and stays out of Send’s Recent list', async () => {
    const { services } = await openVault();
    const app = createApplication(services);
    const before = Date.now();
    const har = {
      log: {
        entries: [
          entry('2026-03-02T09:15:00.000+01:00', '/v1/agents'),
          entry('2026-03-02T08:14:59.500Z', '/v1/calls'),
          entry(undefined, '/v1/voices'),
          entry('not a time', '/v1/wallet'),
        ],
      },
    };
    expect(await app.traffic.importHar({ text: JSON.stringify(har), source: 'customer.har' })).toMatchObject({ imported: 4 });
    const rows = app.traffic.list({ limit: 10, source: 'import' });
    const at = Object.fromEntries(rows.map((r) => [r.path, r.at]));
    expect(at['/v1/agents']).toBe('2026-03-02T08:15:00.000Z');
    expect(at['/v1/calls']).toBe('2026-03-02T08:14:59.500Z');
    // No time, or not a time: the import's.
    for (const path of ['/v1/voices', '/v1/wallet']) expect(Date.parse(at[path]!)).toBeGreaterThanOrEqual(before - 1000);
    // Oldest last, as they happened.
    expect(rows.slice(-2).map((r) => r.path)).toEqual(['/v1/agents', '/v1/calls']);
    expect(app.traffic.recent({ limit: 50 })).toEqual([]);
  });
});
