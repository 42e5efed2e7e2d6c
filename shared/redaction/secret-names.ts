/**
 * Which names (headers, query parameters, JSON and form fields, cookies) carry a secret. A name is
 * split into words (`X-Partner-Api-Key`, `client_secret`, `accessToken`); it is secret when a word
 * contains key, token, secret, password, credential, signature, session or cookie, or is auth-ish
 * (`auth`, `authorization`, `authentication`, not `author` or `authority`). Names whose last word says
 * they describe a secret rather than hold one (`token_type`, `session_id`, `key_name`, `expires_at`)
 * are ordinary, and so are a few well-known headers that only look like it.
 */
const SECRET_WORD =
  /key|token|secret|passw|passphrase|passcode|^pass$|^pw$|pwd|^pin$|credential|signature|session|cookie|^auth(?!or(?![iy]z|is))|^jwt$|^bearer$|^otp$/;
const DESCRIPTIVE_LAST_WORD = new Set([
  'id',
  'ids',
  'type',
  'types',
  'name',
  'names',
  'count',
  'at',
  'expires',
  'expiry',
  'prefix',
  'last4',
  'hint',
  'length',
  'len',
  'url',
  'uri',
  'header',
  'format',
  'version',
  'status',
  'scope',
  'scopes',
  'label',
  'fingerprint',
  'mask',
  'masked',
  'created',
  'updated',
  'enabled',
  'required',
  'method',
  'methods',
  'used',
  'limit',
  'ttl',
  'in',
]);
const ORDINARY = new Set(['idempotency-key', 'www-authenticate', 'proxy-authenticate', 'sec-websocket-key', 'sec-websocket-accept']);

const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

const cache = new Map<string, boolean>();

export function isSecretName(name: string): boolean {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const lower = name.toLowerCase();
  const parts = words(name);
  const secret =
    !ORDINARY.has(lower) &&
    !lower.startsWith('access-control-') &&
    !lower.replaceAll('_', '-').endsWith('idempotency-key') &&
    parts.length > 0 &&
    // A session header is the session: whoever holds it is logged in. (A `voice_session_id` field
    // names a call, and stays.)
    (/^x-session-?id$/.test(lower) || (!DESCRIPTIVE_LAST_WORD.has(parts[parts.length - 1]!) && parts.some((word) => SECRET_WORD.test(word))));
  if (cache.size < 10_000) cache.set(name, secret);
  return secret;
}
