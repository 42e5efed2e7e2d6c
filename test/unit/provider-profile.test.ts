import { describe, expect, it } from 'vitest';
import { call2meProfile } from '../../shared/providers/call2me-profile';
import { builtinProviders } from '../../shared/providers/builtin-providers';
import { ProviderProfile } from '../../shared/providers/provider-profile';
import { describeZodError } from '../../shared/errors/app-error';

const clone = () => structuredClone(call2meProfile) as Record<string, unknown> & typeof call2meProfile;

function errorOf(raw: unknown): string {
  const parsed = ProviderProfile.safeParse(raw);
  expect(parsed.success).toBe(false);
  return parsed.success ? '' : describeZodError(parsed.error, 'profile');
}

describe('built-in provider profiles', () => {
  it('describe both seeds with the kind and scope ids used everywhere', () => {
    const [callaro, call2me] = builtinProviders;
    expect(callaro!.credentialKinds.map((k) => k.id)).toEqual(['jwt', 'tenant_api_key', 'partner_api_key', 'runtime_server_key']);
    expect(call2me!.credentialKinds.map((k) => k.id)).toEqual(['api_key', 'jwt', 'end_user_token']);
    expect(call2me!.scopes.map((s) => s.id)).toEqual(['read', 'write', 'admin']);
    expect(callaro!.scopes.filter((s) => s.optIn).map((s) => s.id)).toEqual(['billing:partner:allocate', 'call_traces:admin_read']);
    expect(callaro!.tenantHeader).toBe('X-Tenant-Id');
    for (const p of builtinProviders) expect(p.environments.map((e) => e.id)).toEqual(['sandbox', 'staging', 'production']);
    expect(call2me!.environments.find((e) => e.id === 'production')!.baseUrl).toBe('https://api.call2me.app');
  });

  it('say where they chose a default the vendor docs are silent on', () => {
    expect(builtinProviders.find((p) => p.id === 'callaro')!.notes.join(' ')).toMatch(/not documented/);
    expect(builtinProviders.find((p) => p.id === 'call2me')!.notes.join(' ')).toMatch(/not documented/);
  });

  it('any sk_call2me_ key is a Call2Me API key, and never a Callaro tenant key', () => {
    const call2me = builtinProviders.find((p) => p.id === 'call2me')!.credentialKinds[0]!;
    const tenant = builtinProviders.find((p) => p.id === 'callaro')!.credentialKinds.find((k) => k.id === 'tenant_api_key')!;
    expect(new RegExp(call2me.secretPattern.live).test('sk_call2me_abcdefgh1234')).toBe(true);
    expect(new RegExp(tenant.secretPattern.live).test('sk_call2me_abcdefgh1234')).toBe(false);
    expect(new RegExp(tenant.secretPattern.live).test('sk_1234567890abcdef')).toBe(true);
  });

  it('recognise live and test key shapes', () => {
    const apiKey = builtinProviders[1]!.credentialKinds[0]!;
    expect(new RegExp(apiKey.secretPattern.live).test('sk_call2me_live_abcdefgh')).toBe(true);
    expect(new RegExp(apiKey.secretPattern.test).test('sk_call2me_live_abcdefgh')).toBe(false);
  });
});

describe('profile validation names the field and why', () => {
  it('missing fields', () => {
    const raw = clone();
    delete (raw as Record<string, unknown>).environments;
    expect(errorOf(raw)).toMatch(/environments: /);
  });

  it('a bad id and a bad URL', () => {
    expect(errorOf({ ...clone(), id: 'Bad Id' })).toMatch(/id: use lower-case letters/);
    const raw = clone();
    raw.environments = [{ id: 'prod', label: 'Prod', baseUrl: 'ftp://x', live: true }];
    expect(errorOf(raw)).toMatch(/environments\.0\.baseUrl/);
  });

  it('an invalid regular expression', () => {
    const raw = clone();
    raw.credentialKinds = [{ ...raw.credentialKinds[0]!, secretPattern: { live: '([', test: '^x' } }];
    expect(errorOf(raw)).toMatch(/credentialKinds\.0\.secretPattern\.live: not a valid regular expression/);
  });

  it('references to scopes and kinds that do not exist', () => {
    const raw = clone();
    raw.routeFamilies = [{ id: 'x', label: 'x', paths: ['/x'], scopes: [{ methods: ['GET'], scope: 'nope' }], kinds: ['ghost'] }];
    const message = errorOf(raw);
    expect(message).toMatch(/routeFamilies\.0\.kinds\.0: unknown credential kind "ghost"/);
    expect(message).toMatch(/routeFamilies\.0\.scopes\.0\.scope: unknown scope "nope"/);
  });

  it('duplicate ids', () => {
    const raw = clone();
    raw.scopes = [...raw.scopes, raw.scopes[0]!];
    expect(errorOf(raw)).toMatch(/scopes\.3\.id: duplicate id "read"/);
  });
});
