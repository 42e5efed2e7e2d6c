import { MAX_PATTERN_INPUT } from '../security/linear-pattern';
import type { CredentialKindProfile } from '../providers/provider-profile';

// Patterns come from profiles and are checked on every request the proxy sees: compile each once.
const compiled = new Map<string, RegExp>();
const pattern = (source: string) => {
  let re = compiled.get(source);
  if (!re) compiled.set(source, (re = new RegExp(source)));
  return re;
};

/** Whether a secret matches its kind's live and test patterns (a JWT matches both). */
export function secretShape(kind: CredentialKindProfile, secret: string): { live: boolean; test: boolean } {
  // Profile patterns are checked to match in about n² steps (linear-pattern.ts); n is bounded here.
  if (secret.length > MAX_PATTERN_INPUT) return { live: false, test: false };
  return { live: pattern(kind.secretPattern.live).test(secret), test: pattern(kind.secretPattern.test).test(secret) };
}
