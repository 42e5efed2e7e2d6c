import { describe, expect, it } from 'vitest';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { aOrAn, AOrAn, count } from '../../shared/text/words';

describe('words', () => {
  it('says "a" or "an" by sound, for every credential kind the built-in profiles name', () => {
    expect(['API key', 'JWT session', 'end-user token', 'eut_ token', 'HTTP header', 'MCP key', 'user token', 'one-time code', 'SSO token'].map(aOrAn)).toEqual(
      ['an API key', 'a JWT session', 'an end-user token', 'an eut_ token', 'an HTTP header', 'an MCP key', 'a user token', 'a one-time code', 'an SSO token'],
    );
    for (const kind of builtinProviders.flatMap((p) => p.credentialKinds)) expect(AOrAn(kind.label)).not.toMatch(/^A [AEIO]/);
  });

  it('counts with the right noun', () => {
    expect([count(1, 'request'), count(2, 'request'), count(1_000_000, 'entry', 'entries')]).toEqual(['1 request', '2 requests', '1,000,000 entries']);
  });
});
