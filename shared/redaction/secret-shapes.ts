import type { ProviderProfile } from '../providers/provider-profile';
import { MAX_PATTERN_INPUT } from '../security/linear-pattern';

/**
 * What a secret looks like, whatever it is called: the secret patterns of every provider's credential
 * kinds (tested against whole values only, and only up to MAX_PATTERN_INPUT characters, since profile
 * patterns come from users), and built-in shapes that are also searched for inside free text: compact
 * JWTs, `sk_`/`pk_`/`rk_` keys and `<prefix>_live_`/`_test_` keys. The built-ins are linear: no nested
 * quantifiers, and each character class excludes what follows it.
 */
const MIN_TEXT_SECRET = 16;

const BUILT_IN_TEXT = [
  // A compact JWT: header and payload are base64url JSON objects ("eyJ" is base64 for '{"').
  /eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
  // Stripe-style prefixed keys (Callaro's sk_/pk_, Call2Me's sk_call2me_...).
  /\b(?:sk|pk|rk)_[A-Za-z0-9][A-Za-z0-9_-]{15,}/g,
  // Any `<vendor>_[<kind>_]live_...` / `_test_...` key.
  /\b[a-z]{2,10}_(?:[a-z0-9]{2,10}_){0,3}(?:live|test)_[A-Za-z0-9_-]{8,}/g,
];

export interface SecretRun {
  start: number;
  end: number;
  value: string;
}

export class SecretShapes {
  /** Every profile pattern as one alternation: one pass per value instead of one per pattern. */
  private readonly whole: RegExp | null;

  constructor(profiles: readonly ProviderProfile[]) {
    const sources = [...new Set(profiles.flatMap((p) => p.credentialKinds.flatMap((k) => [k.secretPattern.live, k.secretPattern.test])))].filter((source) => {
      try {
        new RegExp(source);
        return true;
      } catch {
        return false;
      }
    });
    this.whole = sources.length ? new RegExp(sources.map((source) => `(?:${source})`).join('|')) : null;
  }

  /** Whether a whole value (a header's credential, a field's value) looks like a secret. */
  matches(value: string, runs: SecretRun[] = this.find(value)): boolean {
    if (value.length < 8) return false;
    if (runs.some((m) => m.start === 0 && m.end === value.length)) return true;
    return value.length <= MAX_PATTERN_INPUT && this.whole !== null && this.whole.test(value);
  }

  /** Secret-shaped runs inside free text (an unparseable body, an error message, a URL path). */
  find(text: string): SecretRun[] {
    // Every built-in shape has an underscore or starts with "eyJ": most text is ruled out here.
    if (text.length < MIN_TEXT_SECRET || (!text.includes('_') && !text.includes('eyJ'))) return [];
    const found: SecretRun[] = [];
    for (const pattern of BUILT_IN_TEXT) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
        if (m[0].length >= MIN_TEXT_SECRET) found.push({ start: m.index, end: m.index + m[0].length, value: m[0] });
      }
    }
    return found;
  }
}
