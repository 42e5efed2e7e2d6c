/**
 * Profile regexes come from users (an imported provider profile) and run on every request the proxy
 * records, on every keystroke of the add dialog, on pasted material. A backtracking engine can take
 * exponential (`^(a+)+$`, `^(a|a)*$`) or polynomial (`^a*a*a*$`) time, so only a subset is accepted in
 * which matching never has to guess where a repetition ends:
 * - anchored at both ends (`^...$`), so matching starts at one place only;
 * - no repeated group (nested or overlapping repetition); an optional group (`(...)?`) is fine;
 * - every repetition of variable length (`*`, `+`, `?`, `{n,}`, `{n,m}`) is followed by the end of the
 *   pattern or by a character it cannot match (`[A-Za-z0-9_-]+\.` is fine, `[a-z.]+\.` is not, and
 *   neither are adjacent bounded runs like `[a-z]{0,64}[a-z]{0,64}`);
 * - no backreferences.
 * Every built-in pattern (key prefixes, JWTs) is in this subset. Inputs are also bounded
 * (MAX_PATTERN_INPUT). Returns what is wrong, in words, or null when the pattern is acceptable.
 */
export const MAX_PATTERN_INPUT = 2048;

interface Atom {
  source: string;
  /** A single literal character (plain or escaped), which is what can end a repetition unambiguously. */
  literal: string | null;
  group: boolean;
}

export function linearPatternProblem(source: string): string | null {
  if (!source.startsWith('^') || !source.endsWith('$') || source.endsWith('\\$')) return 'anchor the pattern at both ends: ^...$';
  const atoms: { atom: Atom; at: number; quantifier: string }[] = [];
  const groupStarts: number[] = [];
  for (let i = 1; i < source.length - 1; i++) {
    const c = source[i]!;
    let atom: Atom | null = null;
    const start = i;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return `a backreference at character ${i + 1}`;
      i += 1;
      atom = { source: `\\${next}`, literal: /[dDwWsSbBpPuxc0]/.test(next) ? null : next, group: false };
    } else if (c === '[') {
      let j = i + 1;
      if (source[j] === '^') j += 1;
      if (source[j] === ']') j += 1;
      while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
      if (j >= source.length) return `an unclosed [ at character ${i + 1}`;
      atom = { source: source.slice(i, j + 1), literal: null, group: false };
      i = j;
    } else if (c === '(') {
      groupStarts.push(i);
      continue;
    } else if (c === ')') {
      const opened = groupStarts.pop();
      if (opened === undefined) return `an unmatched ) at character ${i + 1}`;
      atom = { source: source.slice(opened, i + 1), literal: null, group: true };
    } else if (c === '|' || c === '^' || c === '$') {
      atoms.push({ atom: { source: c, literal: null, group: false }, at: i, quantifier: '' });
      continue;
    } else {
      atom = { source: c, literal: c === '.' ? null : c, group: false };
    }
    const quantifier = /^(?:[*+?]|\{\d+(?:,\d*)?\})\??/.exec(source.slice(i + 1))?.[0] ?? '';
    i += quantifier.length;
    atoms.push({ atom, at: start, quantifier });
  }
  if (groupStarts.length > 0) return `an unclosed ( at character ${groupStarts[0]! + 1}`;

  const repeatOf = (quantifier: string) => (quantifier.length > 1 ? quantifier.replace(/\?$/, '') : quantifier);
  for (const { atom, at, quantifier } of atoms) {
    const repeat = repeatOf(quantifier);
    if (atom.group && repeat && repeat !== '?' && repeat !== '{0,1}')
      return `a repeated group at character ${at + 1}: repeat single characters or classes instead`;
  }
  const optionalGroups = atoms.filter(({ atom, quantifier }) => atom.group && ['?', '{0,1}'].includes(repeatOf(quantifier))).length;
  if (optionalGroups > 4) return `${optionalGroups} optional groups: matching could try 2^${optionalGroups} ways (at most 4)`;
  for (const [index, { atom, at, quantifier }] of atoms.entries()) {
    const repeat = repeatOf(quantifier);
    const bounds = /^\{(\d+)(,(\d*))?\}$/.exec(repeat);
    // Any repetition of variable length must end unambiguously, bounded ones too: adjacent
    // `[a-z]{0,64}` runs (or `a?` runs) backtrack polynomially (exponentially) in their count.
    const fixed = repeat === '' || (bounds !== null && (bounds[2] === undefined || bounds[3] === bounds[1]));
    // An optional group (`(?:v2-)?`) is a choice of two, counted below instead.
    if (fixed || (atom.group && (repeat === '?' || repeat === '{0,1}'))) continue;
    // What follows must end the repetition unambiguously: the pattern's end, or a mandatory literal
    // character the repeated atom cannot match.
    const next = atoms[index + 1];
    const atEnd = index === atoms.length - 1;
    const endsCleanly = atEnd || (next !== undefined && next.quantifier === '' && next.atom.literal !== null && !matchesOne(atom.source, next.atom.literal));
    if (!endsCleanly)
      return `the repetition at character ${at + 1} is not followed by the end or by a character it cannot match, so matching would have to guess where it ends`;
  }
  return null;
}

function matchesOne(atom: string, char: string): boolean {
  try {
    return new RegExp(`^(?:${atom})$`).test(char);
  } catch {
    return true;
  }
}
