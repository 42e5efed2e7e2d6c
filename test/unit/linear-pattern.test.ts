import { describe, expect, it } from 'vitest';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { ProviderProfile } from '../../shared/providers/provider-profile';
import { linearPatternProblem } from '../../shared/security/linear-pattern';

describe('profile patterns that can take too long', () => {
  it.each(['^(a+)+$', '^(a|a)*$', '^(a|aa)+b$', '^([a-z]+)*$', '^(?:x+x+)+y$', '^(\\w+\\s?)*$'])('refuses %s (a repeated group)', (pattern) => {
    expect(linearPatternProblem(pattern)).toMatch(/repeated group/);
  });

  it('refuses unanchored patterns, backreferences and repetitions that must guess where they end', () => {
    expect(linearPatternProblem('sk_[a-z]+')).toMatch(/anchor/);
    expect(linearPatternProblem('^(a)\\1$')).toMatch(/backreference/);
    // Bounded runs too: each of these backtracks polynomially or exponentially in its length.
    for (const pattern of [
      '^a*a*a*$',
      '^[a-z.]+\\.[a-z]+$',
      '^\\w+\\d+$',
      '^x{1,1000}x$',
      '^[a-z]{0,64}[a-z]{0,64}[a-z]{0,64}!$',
      '^a?a?a?a?a?aaaaa$',
      '^\\w{1,60}\\w{1,60}$',
    ]) {
      expect(linearPatternProblem(pattern), pattern).toMatch(/guess where it ends/);
    }
  });

  it('accepts every built-in pattern and ordinary key shapes', () => {
    for (const kind of builtinProviders.flatMap((p) => p.credentialKinds)) {
      expect(linearPatternProblem(kind.secretPattern.live), kind.id).toBeNull();
      expect(linearPatternProblem(kind.secretPattern.test), kind.id).toBeNull();
    }
    expect(linearPatternProblem('^acme_(?:live|test)_[A-Za-z0-9]{32}$')).toBeNull();
    expect(linearPatternProblem('^key-(?:v2-)?[a-f0-9]{8,64}$')).toBeNull();
    expect(linearPatternProblem('^k(?:a)?(?:b)?(?:c)?(?:d)?(?:e)?$')).toMatch(/optional groups/);
  });

  it('an imported profile with ^(a+)+$ is refused, naming the field, before anything runs it', () => {
    const [call2me] = builtinProviders.filter((p) => p.id === 'call2me');
    const hostile = structuredClone(call2me!);
    hostile.id = 'hostile';
    hostile.credentialKinds[0]!.secretPattern.live = '^(a+)+$';
    const parsed = ProviderProfile.safeParse(hostile);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({
      path: ['credentialKinds', 0, 'secretPattern', 'live'],
      message: expect.stringContaining('could take too long to match'),
    });
  });

  it('accepted patterns return on the longest hostile input they are given (a refused one would not)', () => {
    const jwt = builtinProviders[0]!.credentialKinds.find((k) => k.id === 'jwt')!.secretPattern.live;
    const hostile = `eyJ${'a'.repeat(1000)}.${'b'.repeat(1000)}.!`;
    expect(new RegExp(jwt).test(hostile)).toBe(false);
    expect(new RegExp('^sk_(?!call2me_)[A-Za-z0-9_-]{8,}$').test(`sk_${'a'.repeat(2040)}!`)).toBe(false);
  });
});
