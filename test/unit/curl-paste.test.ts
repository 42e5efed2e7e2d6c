import { describe, expect, it } from 'vitest';
import { exchangeFromCurl } from '../../electron/exchange-import/pasted-exchanges';

describe('a pasted curl of any size', () => {
  const big = JSON.stringify({ agent_name: 'desk', prompt: 'é'.repeat(40_000) });

  it('reads a body over 32 KB in single quotes (the shell parser refuses such a word on its own)', () => {
    const pasted = exchangeFromCurl(
      `curl https://api.call2me.app/v1/agents -H 'Authorization: Bearer sk_call2me_live_k' -H 'Content-Type: application/json' -d '${big}'`,
    );
    expect(pasted.request).toMatchObject({ method: 'POST', url: 'https://api.call2me.app/v1/agents', body: big });
    expect(pasted.request.headers).toMatchObject({ Authorization: 'Bearer sk_call2me_live_k' });
  });

  it('reads one in double quotes with its escapes, and a long header', () => {
    const escaped = big.replace(/"/g, '\\"');
    const header = `X-Trace: ${'t'.repeat(40_000)}`;
    const pasted = exchangeFromCurl(`curl -X PATCH "https://api.call2me.app/v1/agents/agent_1" -H '${header}' --data "${escaped}"`);
    expect(pasted.request.body).toBe(big);
    expect(pasted.request.method).toBe('PATCH');
    expect(pasted.request.headers['X-Trace']).toBe('t'.repeat(40_000));
  });

  it('refuses a long argument whose quote never closes, or one full of control characters, in fixed words', () => {
    for (const broken of [
      `curl https://api.call2me.app/v1/agents -d '${'x'.repeat(40_000)}`,
      `curl https://api.call2me.app/v1/agents -d "${'\u0000\u001b'.repeat(20_000)}`,
    ]) {
      expect(() => exchangeFromCurl(broken)).toThrow(/^The curl command could not be read: check its quotes/);
    }
  });

  it('leaves what expands to the parser, and a short command as it was', () => {
    expect(exchangeFromCurl(`curl https://api.call2me.app/v1/agents -d '{"a":"b"}'`).request.body).toBe('{"a":"b"}');
    expect(exchangeFromCurl(`curl "https://api.call2me.app/v1/agents?x=it's"`).request.url).toBe("https://api.call2me.app/v1/agents?x=it's");
  });
});
