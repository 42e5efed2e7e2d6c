import { describe, expect, it } from 'vitest';
import { channels } from '../../shared/ipc/contract';
import { createKeyholeApi, methodName, type Transport } from '../../shared/ipc/keyhole-api';

describe('createKeyholeApi', () => {
  it('turns verbs into camelCase method names', () => {
    expect(methodName('use-memory')).toBe('useMemory');
    expect(methodName('import-env-file')).toBe('importEnvFile');
    expect(methodName('list')).toBe('list');
  });

  it('exposes one named function per channel, events.subscribe, and nothing else', () => {
    const api = createKeyholeApi(async () => ({ ok: true, value: null })) as unknown as Record<string, Record<string, unknown>>;
    const exposed = Object.entries(api).flatMap(([area, verbs]) => Object.keys(verbs).map((verb) => `${area}.${verb}`));
    const expected = channels.map((channel) => {
      const [area, verb] = channel.split(':') as [string, string];
      return `${area}.${methodName(verb)}`;
    });
    expected.push('events.subscribe');
    expect(exposed.sort()).toEqual(expected.sort());
  });

  it('sends the channel and input through the transport, defaulting input to {}', async () => {
    const calls: [string, unknown][] = [];
    const transport: Transport = async (channel, input) => {
      calls.push([channel, input]);
      return { ok: true, value: 'done' };
    };
    const api = createKeyholeApi(transport);
    await api.settings.update({ theme: 'dark' });
    await api.app.status();
    expect(calls).toEqual([
      ['settings:update', { theme: 'dark' }],
      ['app:status', {}],
    ]);
  });
});
