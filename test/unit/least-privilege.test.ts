import { describe, expect, it } from 'vitest';
import { adviseScopes } from '../../shared/advisor/least-privilege';
import { builtinProviders } from '../../shared/providers/builtin-providers';

const callaro = builtinProviders.find((p) => p.id === 'callaro')!;
const call2me = builtinProviders.find((p) => p.id === 'call2me')!;
const req = (method: string, path: string, times = 1) => Array.from({ length: times }, () => ({ method, path }));

describe('adviseScopes', () => {
  it('lists unused scopes and the minimal set, flagging opt-in and write scopes never needed', () => {
    const held = ['contacts:read', 'contacts:write', 'bulk_call_campaigns:read', 'billing:partner:allocate'];
    const advice = adviseScopes(callaro, held, [
      ...req('GET', '/api/v1/contacts', 5),
      ...req('GET', '/api/v1/contacts/c1', 2),
      ...req('GET', '/api/v1/bulk_call_campaigns'),
    ]);
    expect(advice.used).toEqual([
      { scope: 'contacts:read', requests: 7 },
      { scope: 'bulk_call_campaigns:read', requests: 1 },
    ]);
    expect(advice.minimal).toEqual(['bulk_call_campaigns:read', 'contacts:read']);
    expect(advice.unused).toEqual(['billing:partner:allocate', 'contacts:write']);
    expect(advice.flagged).toEqual([
      { scope: 'contacts:write', why: 'write' },
      { scope: 'billing:partner:allocate', why: 'opt-in' },
    ]);
    expect(advice.unserved).toBe(0);
  });

  it('folds implied scopes: Call2Me traffic that wrote needs write only, and admin was never needed', () => {
    const advice = adviseScopes(call2me, ['admin'], [...req('GET', '/v1/agents', 3), ...req('POST', '/v1/agents')]);
    expect(advice.minimal).toEqual(['write']);
    expect(advice.unused).toEqual(['admin']);
    expect(advice.flagged).toEqual([{ scope: 'admin', why: 'admin' }]);
  });

  it('counts requests the held scopes cannot serve, and ignores routes without a scope', () => {
    const advice = adviseScopes(call2me, ['read'], [...req('POST', '/v1/calls', 2), ...req('POST', '/v1/auth/login'), ...req('GET', '/v1/unknown')]);
    expect(advice.unserved).toBe(2);
    expect(advice.requestsConsidered).toBe(2);
    expect(advice.minimal).toEqual(['write']);
  });

  it('counts only served requests as needed, and never offers a wider set as narrower', () => {
    const served = (method: string, path: string, status: number) => ({ method, path, status });
    const refusedWrites = adviseScopes(
      call2me,
      ['read'],
      [served('GET', '/v1/agents', 200), served('POST', '/v1/calls', 403), served('POST', '/v1/calls', 403)],
    );
    expect(refusedWrites).toMatchObject({ minimal: ['read'], unserved: 2, narrower: false });
    const writeKeyReading = adviseScopes(call2me, ['write'], [served('GET', '/v1/agents', 200), served('POST', '/v1/agents', 500)]);
    expect(writeKeyReading).toMatchObject({ minimal: ['read'], narrower: true });
    expect(adviseScopes(call2me, ['read'], [served('GET', '/v1/agents', 200)]).narrower).toBe(false);
  });
});
