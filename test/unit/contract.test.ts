import { describe, expect, it } from 'vitest';
import { channels, contract, isChannel } from '../../shared/ipc/contract';

describe('IPC contract', () => {
  it('names every channel area:verb in lower kebab case', () => {
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/);
  });

  it('knows its own channels and nothing inherited', () => {
    expect(isChannel('app:status')).toBe(true);
    expect(isChannel('app:nope')).toBe(false);
    expect(isChannel('constructor')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
  });

  it('rejects unknown fields on inputs instead of ignoring them', () => {
    expect(contract['app:status'].input.safeParse({ extra: 1 }).success).toBe(false);
    expect(contract['settings:update'].input.safeParse({ theme: 'dark', extra: 1 }).success).toBe(false);
    expect(contract['settings:update'].input.safeParse({ theme: 'sepia' }).success).toBe(false);
  });
});
