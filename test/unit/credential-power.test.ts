import { describe, expect, it } from 'vitest';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { credentialPower, isPowerful, leastPowerfulFirst } from '../../shared/vault/credential-power';

const key = (name: string, providerId: string, kind: string, scopes: string[]) => ({ name, providerId, kind, scopes });

describe('credential power: the one ranking Send, the composer and Replay use', () => {
  it('ranks read < write < admin keys, then by scope count, and a session above every key', () => {
    const keys = [
      key('session', 'call2me', 'jwt', []),
      key('admin', 'call2me', 'api_key', ['admin']),
      key('write', 'call2me', 'api_key', ['write']),
      key('read', 'call2me', 'api_key', ['read']),
      key('callaro-two-reads', 'callaro', 'tenant_api_key', ['contacts:read', 'phone_numbers:read']),
      key('callaro-one-read', 'callaro', 'tenant_api_key', ['contacts:read']),
    ];
    expect(leastPowerfulFirst(keys, builtinProviders).map((k) => k.name)).toEqual([
      'read',
      'callaro-one-read',
      'callaro-two-reads',
      'write',
      'admin',
      'session',
    ]);
    expect(keys.filter((k) => isPowerful(k, builtinProviders)).map((k) => k.name)).toEqual(['session', 'admin']);
  });

  it('keeps the given order within a rank (the composer’s last-used order survives)', () => {
    const a = key('a', 'call2me', 'api_key', ['read']);
    const b = key('b', 'call2me', 'api_key', ['read']);
    expect(leastPowerfulFirst([b, a], builtinProviders)).toEqual([b, a]);
    expect(credentialPower(a, builtinProviders)).toBe(credentialPower(b, builtinProviders));
  });
});
