import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keychainServiceFor, resolveDataDir } from '../../electron/platform/data-dir';

describe('resolveDataDir', () => {
  it('prefers KEYHOLE_HOME, made absolute', () => {
    expect(resolveDataDir({ KEYHOLE_HOME: 'relative/home' }, 'linux')).toBe(path.resolve('relative/home'));
  });

  it('matches Electron userData for an app named Keyhole on each OS', () => {
    const home = os.homedir();
    expect(resolveDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Keyhole'));
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe(path.join('/x/cfg', 'Keyhole'));
    expect(resolveDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Keyhole'));
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\u\\AppData\\Roaming', 'Keyhole'));
  });
});

describe('keychainServiceFor', () => {
  it('keeps "keyhole" for the default home and gives every other home a service of its own', () => {
    const env = { XDG_CONFIG_HOME: '/x/cfg' };
    expect(keychainServiceFor('/x/cfg/Keyhole', env, 'linux')).toBe('keyhole');
    const a = keychainServiceFor('/tmp/home-a', env, 'linux');
    expect(a).toMatch(/^keyhole@[0-9a-f]{12}$/);
    expect(keychainServiceFor('/tmp/home-b', env, 'linux')).not.toBe(a);
    expect(keychainServiceFor('/tmp/home-a/', { ...env, KEYHOLE_HOME: '/tmp/home-a' }, 'linux')).toBe(a);
  });
});
