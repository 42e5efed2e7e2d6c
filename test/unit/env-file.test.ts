import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../electron/vault/env-file';

describe('parseEnvFile', () => {
  it('reads NAME=value lines with comments, export and quotes', () => {
    const text = '# keys\nexport CALL2ME_KEY=sk_call2me_test_aaaa\n\nCALLARO_KEY="sk_bbbbbbbbbb" # inline comment\n';
    expect(parseEnvFile(text, '.env')).toEqual([
      { name: 'CALL2ME_KEY', secret: 'sk_call2me_test_aaaa', line: 2, cut: null },
      { name: 'CALLARO_KEY', secret: 'sk_bbbbbbbbbb', line: 4, cut: null },
    ]);
  });

  it('names the line that is not an assignment', () => {
    expect(() => parseEnvFile('A=1\nthis is prose\n', 'keys.env')).toThrow('keys.env line 2 is not NAME=value.');
  });

  it('refuses empty values, repeats and empty files', () => {
    expect(() => parseEnvFile('A=\n', 'f')).toThrow('f line 1: A has no value.');
    expect(() => parseEnvFile('A=1\nA=2\n', 'f')).toThrow('f line 2 repeats A.');
    expect(() => parseEnvFile('# nothing\n', 'f')).toThrow('f has no NAME=value lines.');
  });
});
