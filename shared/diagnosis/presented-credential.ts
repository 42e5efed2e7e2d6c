import { credentialsAfterScheme, trimHeaderValues } from '../exchange/http-message';
import type { CredentialKindProfile, ProviderProfile } from '../providers/provider-profile';
import { secretShape } from '../vault/secret-shape';

export interface PresentedCredential {
  /** The kind whose header carried it (first match by header, then by secret shape). */
  kind: CredentialKindProfile | null;
  header: string;
  value: string;
  malformed: boolean;
}

const REDACTED = /^<[^<>]+ · [0-9a-f]{12}>$/;

const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** Finds what credential a request carries, by the profile's header formats and secret shapes. */
export function presentedCredential(profile: ProviderProfile, headers: Record<string, string>): PresentedCredential | null {
  const h = lower(trimHeaderValues(headers));
  const candidates: PresentedCredential[] = [];
  for (const kind of profile.credentialKinds) {
    const raw = h[kind.header.name.toLowerCase()];
    if (raw === undefined) continue;
    const found = secretIn(kind.header.format, raw);
    const wellFormed = found !== null;
    const value = found ?? raw;
    // Keyhole's own redaction placeholder (an exported or imported HAR): present, just not readable.
    const redacted = REDACTED.test(value);
    candidates.push({ kind, header: kind.header.name, value, malformed: !wellFormed || (!redacted && /\s/.test(value)) });
  }
  if (candidates.length === 0) return null;
  // Several kinds may share a header (Authorization: Bearer): pick the one whose shape matches.
  const shaped = candidates.find((c) => {
    if (c.malformed || !c.kind) return false;
    const { live, test } = secretShape(c.kind, c.value);
    return live || test;
  });
  if (shaped) return shaped;
  const first = candidates[0]!;
  return candidates.length > 1 ? { ...first, kind: null } : first;
}

/**
 * The secret in a header value written to a format (`Bearer {secret}`, `{secret}`): an
 * authentication scheme is matched as HTTP matches it, case-insensitively, with one or more spaces.
 */
function secretIn(format: string, raw: string): string | null {
  const [before, after] = format.split('{secret}') as [string, string];
  const scheme = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*) $/.exec(before);
  if (scheme && after === '') return credentialsAfterScheme(raw, scheme[1]!);
  const fits = raw.startsWith(before) && raw.endsWith(after) && raw.length > before.length + after.length;
  return fits ? raw.slice(before.length, raw.length - after.length) : null;
}

/** Whether a secret looks live or test for its kind; null when it matches neither or both. */
export function secretLooksLive(kind: CredentialKindProfile, value: string): boolean | null {
  const { live, test } = secretShape(kind, value);
  return live === test ? null : live;
}
