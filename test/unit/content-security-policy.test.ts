import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../shared/security/content-security-policy';

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split('; ').map((d) => {
      const [name, ...values] = d.split(' ');
      return [name!, values];
    }),
  );
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

  it('relaxes only what the hot-reload client needs in dev', () => {
    const dev = directives(contentSecurityPolicy({ dev: true }));
    const prod = directives(contentSecurityPolicy());
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws:']);
    const changed = [...dev.keys()].filter((name) => dev.get(name)!.join() !== prod.get(name)!.join());
    expect(changed.sort()).toEqual(['connect-src', 'script-src', 'style-src']);
  });
});
