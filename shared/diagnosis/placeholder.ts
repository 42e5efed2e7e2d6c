/**
 * Text pasted from documentation in place of a secret: `$CALLARO_API_KEY` (a shell variable that was
 * not expanded), `${TOKEN}`, `<your-api-key>`, `{{token}}`, `YOUR_TOKEN`, `sk_...`, `xxxxxxxx`.
 * Recognised by shape only; never a real key of either vendor.
 */
const PLACEHOLDER = [
  /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/,
  /^%[A-Za-z_][A-Za-z0-9_]*%$/,
  /^<[^<>]{1,80}>$/,
  /^\{\{[^{}]{1,80}\}\}$/,
  /^\[[^[\]]{1,80}\]$/,
  /(?:^|[_-])your(?:[_-]|$)|^your[A-Z_-]/i,
  /^(?:[A-Za-z0-9]+_)*(?:[xX*.]{3,}|\.\.\.|…)$/,
  /^(?:api[_-]?key|token|secret|access[_-]?token|jwt|key|bearer[_-]?token|changeme|placeholder|redacted)$/i,
];

export function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v !== '' && v.length <= 120 && PLACEHOLDER.some((pattern) => pattern.test(v));
}
