import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';

function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split('; ').map((d) => {
    const [name, ...values] = d.split(' ');
    return [name!, values];
  }));
}

describe('contentSecurityPolicy', () => {
  it('allows only our own scripts, styles and RPC in production', () => {
    const policy = directives(contentSecurityPolicy());
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(inline|eval)|\*/);
  });

  it('relaxes only styles and the hot-reload socket in dev', () => {
    const policy = directives(contentSecurityPolicy({ dev: true }));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws:']);
  });
});
