/**
 * HTTP's own rules (RFC 9110), applied once where an exchange enters diagnosis: header names are
 * case-insensitive, optional whitespace around a field value is not part of it, and the request
 * target (path, trailing slash, query, percent-encoding) is kept exactly as sent.
 */

/** The path and query of a URL as written: no dot-segment removal, no re-encoding, no lost slash. */
export function requestTarget(url: string): string {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^#]*)/.exec(url);
  const target = match ? match[1]! : url.split('#')[0]!;
  if (target === '') return '/';
  return target.startsWith('?') ? `/${target}` : target;
}

/** Header values without optional whitespace (SP and HTAB) around them; names as sent. */
export function trimHeaderValues(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = value.replace(/^[ \t]+|[ \t]+$/g, '');
  return out;
}

/** A header's value by case-insensitive name. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/**
 * Splits `Scheme credentials` (RFC 9110 section 11.4): the scheme is case-insensitive and one or
 * more spaces separate it from the credentials. Null when the value does not start with the scheme.
 */
export function credentialsAfterScheme(value: string, scheme: string): string | null {
  if (value.length <= scheme.length || value.slice(0, scheme.length).toLowerCase() !== scheme.toLowerCase()) return null;
  const rest = value.slice(scheme.length);
  return /^ +\S/.test(rest) ? rest.replace(/^ +/, '') : null;
}
