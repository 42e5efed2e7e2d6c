import { describe, expect, it } from 'vitest';
import {
  decide,
  foldRotation,
  proposeName,
  type Rotation,
  type RotationCommand,
  type RotationEvent,
  type RotationStep,
  type TrafficEvidence,
} from '../../shared/rotation/rotation';

const now = new Date('2026-05-10T12:00:00.000Z');
const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000).toISOString();
const traffic = (count: number, lastSeen: string | null) => ({
  count,
  firstSeen: lastSeen,
  lastSeen,
  routes: count ? ['/v1/agents'] : [],
  sources: ['history' as const],
});
const evidence = (newCount: number, oldLast: string | null): TrafficEvidence => ({
  newKey: traffic(newCount, newCount ? at(1) : null),
  oldKey: traffic(oldLast ? 5 : 0, oldLast),
  at: at(0),
});

const started: RotationEvent = {
  type: 'started',
  at: at(60),
  credentialId: 'old',
  credentialName: 'prod-key',
  providerId: 'call2me',
  environmentId: 'production',
  plan: { name: 'prod-2026-q2', kind: 'api_key', scopes: ['read'], boundId: 'acme', quietMinutes: 15 },
};
const minted: RotationEvent = { type: 'minted', at: at(50), newCredentialId: 'new', via: 'provider-api', providerKeyId: 'key_1' };
const targetAdded: RotationEvent = { type: 'target-added', at: at(45), target: 'api-server', note: '' };
const deployed: RotationEvent = { type: 'deployed', at: at(40), target: 'api-server', note: 'v42' };
const verified: RotationEvent = { type: 'verified', at: at(30), evidence: evidence(3, at(35)) };
const revoked: RotationEvent = { type: 'revoked', at: at(20), via: 'provider-api', oldKeyCheckStatus: 401, override: null };
const aborted: RotationEvent = { type: 'aborted', at: at(20), reason: 'wrong scopes', newKeyRevoked: true };

/** One rotation at every step, built only from events. */
const at_step: Record<RotationStep, RotationEvent[]> = {
  mint: [started],
  deploy: [started, minted, targetAdded],
  verify: [started, minted, targetAdded, deployed],
  revoke: [started, minted, targetAdded, deployed, verified],
  completed: [started, minted, targetAdded, deployed, verified, revoked],
  aborted: [started, minted, aborted],
};
const rotationAt = (step: RotationStep): Rotation => foldRotation('r1', at_step[step]);

const commands: Record<string, RotationCommand> = {
  'request-mint': { type: 'request-mint', newCredentialId: 'new' },
  'record-mint': { type: 'record-mint', newCredentialId: 'new', via: 'pasted', providerKeyId: null },
  'add-target': { type: 'add-target', target: 'ci-secrets' },
  deploy: { type: 'deploy', target: 'worker', note: '' },
  verify: { type: 'verify', evidence: evidence(2, null) },
  revoke: { type: 'revoke', via: 'confirmed', oldKeyCheckStatus: null, evidence: evidence(2, at(60)), override: null },
  abort: { type: 'abort', reason: 'changed my mind', newKeyRevoked: false },
};

// Which command each step accepts (with the quiet old key and new-key traffic above).
const allowed: Record<RotationStep, string[]> = {
  mint: ['request-mint', 'record-mint', 'abort'],
  deploy: ['add-target', 'deploy', 'abort'],
  verify: ['add-target', 'deploy', 'verify', 'abort'],
  revoke: ['verify', 'revoke', 'abort'], // verifying again refreshes the evidence
  completed: [],
  aborted: [],
};

describe('rotation state machine', () => {
  for (const step of Object.keys(allowed) as RotationStep[]) {
    for (const [name, command] of Object.entries(commands)) {
      const ok = allowed[step].includes(name);
      it(`${step}: ${name} is ${ok ? 'allowed' : 'refused with a reason'}`, () => {
        const decision = decide(rotationAt(step), command, now);
        expect(decision.ok).toBe(ok);
        if (!decision.ok) expect(decision.reason.length).toBeGreaterThan(20);
      });
    }
  }

  it('moves through every step by events alone, and the fold is the same however it is replayed', () => {
    expect((Object.keys(at_step) as RotationStep[]).map((s) => rotationAt(s).step)).toEqual(['mint', 'deploy', 'verify', 'revoke', 'completed', 'aborted']);
    const done = rotationAt('completed');
    expect(done).toMatchObject({
      newCredentialId: 'new',
      minted: { via: 'provider-api', providerKeyId: 'key_1' },
      targets: [{ name: 'api-server', deployedAt: at(40), note: 'v42' }],
      revoked: { oldKeyCheckStatus: 401 },
    });
    expect(foldRotation('r1', at_step.completed)).toEqual(done);
    expect(() => foldRotation('r1', [minted])).toThrow('first event must be "started"');
  });

  it('needs every named target ticked before verifying, and says which are left', () => {
    const rotation = foldRotation('r1', [started, minted, targetAdded, { type: 'target-added', at: at(44), target: 'ci', note: '' }, deployed]);
    expect(rotation.step).toBe('deploy');
    expect(decide(rotation, commands.verify!, now)).toEqual({ ok: false, reason: 'Cannot verify: not yet deployed to ci.' });
    expect(decide(foldRotation('r1', [started, minted]), commands.verify!, now)).toMatchObject({
      reason: expect.stringContaining('at least one deployment target'),
    });
  });

  it('keeps a note given when a target is added, until the tick brings one of its own', () => {
    const added = decide(foldRotation('r1', [started, minted]), { type: 'add-target', target: 'ci', note: ' the GitHub secret ' }, now);
    if (!added.ok) throw new Error(added.reason);
    const planned = foldRotation('r1', [started, minted, added.event]);
    expect(planned.targets).toEqual([{ name: 'ci', deployedAt: null, note: 'the GitHub secret' }]);
    const tick = (note: string) => foldRotation('r1', [started, minted, added.event, { type: 'deployed', at: at(40), target: 'ci', note }]).targets[0]!.note;
    expect(tick('')).toBe('the GitHub secret');
    expect(tick('rotated by Sam')).toBe('rotated by Sam');
  });

  it('refuses to verify without new-key traffic, duplicate targets, and a second tick', () => {
    expect(decide(rotationAt('verify'), { type: 'verify', evidence: evidence(0, null) }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('No traffic authenticated with the new key'),
    });
    expect(decide(rotationAt('deploy'), { type: 'add-target', target: ' api-server ' }, now)).toMatchObject({
      ok: false,
      reason: '"api-server" is already on the checklist.',
    });
    expect(decide(rotationAt('verify'), { type: 'deploy', target: 'api-server', note: '' }, now)).toMatchObject({
      ok: false,
      reason: '"api-server" was already ticked off.',
    });
  });

  it('blocks revoking while the old key is busy unless overridden with a reason, and records the override', () => {
    const busy = evidence(2, at(3));
    const rotation = rotationAt('revoke');
    expect(decide(rotation, { ...commands.revoke, evidence: busy } as RotationCommand, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('still carrying traffic'),
    });
    expect(decide(rotation, { type: 'revoke', via: 'confirmed', oldKeyCheckStatus: null, evidence: busy, override: { reason: 'x' } }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('needs a reason'),
    });
    const forced = decide(
      rotation,
      { type: 'revoke', via: 'confirmed', oldKeyCheckStatus: null, evidence: busy, override: { reason: 'old pods are draining' } },
      now,
    );
    expect(forced).toMatchObject({ ok: true, event: { override: { reason: 'old pods are draining' } } });
    // Quiet for longer than the plan's period: no override needed, none recorded.
    expect(
      decide(rotation, { type: 'revoke', via: 'confirmed', oldKeyCheckStatus: null, evidence: evidence(2, at(16)), override: { reason: 'not needed' } }, now),
    ).toMatchObject({ ok: true, event: { override: null } });
  });

  it('keeps a mint in progress bound to the id it announced', () => {
    const requested = foldRotation('r1', [started, { type: 'mint-requested', at: at(55), newCredentialId: 'planned' }]);
    expect(requested).toMatchObject({ step: 'mint', pendingCredentialId: 'planned' });
    expect(decide(requested, commands['record-mint']!, now)).toMatchObject({ ok: false, reason: expect.stringContaining('planned') });
    expect(decide(requested, { ...commands['record-mint'], newCredentialId: 'planned' } as RotationCommand, now).ok).toBe(true);
  });

  it('proposes environment-and-quarter names that are free', () => {
    expect(proposeName('production', now, () => false)).toBe('prod-2026-q2');
    expect(proposeName('staging', new Date('2026-12-01T00:00:00Z'), (n) => n === 'stag-2026-q4')).toBe('stag-2026-q4-2');
  });
});
