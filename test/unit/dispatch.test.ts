import { describe, expect, it } from 'vitest';
import { silentLogger, type Logger } from '../../electron/platform/logger';
import { createDispatch } from '../../electron/ipc/dispatch';
import type { Handlers } from '../../electron/ipc/handlers';
import { DEFAULT_SETTINGS } from '../../shared/settings/settings';
import { AppError } from '../../shared/errors/app-error';

const status = {
  version: '1.0.0',
  shell: 'web' as const,
  dataDir: '/d',
  databaseFile: '/d/keyhole.db',
  schemaVersion: 1,
  keychain: { state: 'available' as const, backend: 'test' },
  secretsMode: 'keychain' as const,
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app:status': () => status,
    'secrets:use-memory': () => status,
    'settings:get': () => DEFAULT_SETTINGS,
    'settings:update': (patch) => ({ ...DEFAULT_SETTINGS, ...patch }),
    ...overrides,
  } as Handlers;
}

describe('dispatch', () => {
  it('passes parsed input to the handler and wraps the value', async () => {
    const dispatch = createDispatch(handlers(), silentLogger);
    expect(await dispatch('settings:update', { theme: 'dark' })).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, theme: 'dark' } });
  });

  it('refuses unknown channels, including inherited property names', async () => {
    const dispatch = createDispatch(handlers(), silentLogger);
    for (const channel of ['vault:steal', 'toString', '__proto__']) {
      const result = await dispatch(channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });

  it('names the offending field (not the channel) when input is invalid, and never calls the handler', async () => {
    let called = false;
    const dispatch = createDispatch(handlers({ 'settings:update': () => ((called = true), DEFAULT_SETTINGS) }), silentLogger);
    const result = await dispatch('settings:update', { theme: 'sepia' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    // In the user's words: the field and what is wrong with it, never the channel's name.
    expect(result.error.message).not.toContain('settings:update');
    expect(result.error.message).toMatch(/^That was not accepted: theme: /);
    expect(called).toBe(false);
    expect(await dispatch('settings:update', 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('passes AppError codes through and hides unexpected errors behind INTERNAL', async () => {
    const logged: string[] = [];
    const logger: Logger = { ...silentLogger, error: (m) => logged.push(m) };
    const dispatch = createDispatch(
      handlers({
        'secrets:use-memory': () => {
          throw new AppError('CONFLICT', 'keychain is available');
        },
        'settings:get': () => {
          throw new TypeError('boom at line 3');
        },
      }),
      logger,
    );
    expect(await dispatch('secrets:use-memory', {})).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: 'keychain is available' },
    });
    const internal = await dispatch('settings:get', {});
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('boom');
    expect(logged.join('\n')).toContain('boom at line 3');
  });

  it('strips fields a handler returns that the contract does not name', async () => {
    const leaky = { ...status, secret: 'sk_call2me_live_do_not_leak' };
    const dispatch = createDispatch(handlers({ 'app:status': () => leaky }), silentLogger);
    const result = await dispatch('app:status', {});
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('do_not_leak');
  });

  it('turns an output that breaks the contract into INTERNAL rather than sending it', async () => {
    const dispatch = createDispatch(handlers({ 'settings:get': () => ({ ...DEFAULT_SETTINGS, theme: 'sepia' }) as never }), silentLogger);
    expect(await dispatch('settings:get', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
