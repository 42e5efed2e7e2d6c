import { z } from 'zod';

/** A running intercepting proxy, as the page and the CLI see it. */
export const RunningIntercept = z.object({
  port: z.number().int(),
  /** `http://keyhole:PASSWORD@127.0.0.1:PORT`: the password is this proxy's own, not a vendor secret. */
  proxyUrl: z.string(),
  /** Public certificates only: the system's and Keyhole's CA; removed when the proxy stops. */
  bundleFile: z.string(),
  /** The hosts it decrypts; every other host is tunnelled unread. */
  hosts: z.array(z.string()),
  caFingerprint: z.string(),
  /** The variables a process needs to go through it. */
  environment: z.record(z.string(), z.string()),
});
export type RunningIntercept = z.infer<typeof RunningIntercept>;

export const InterceptStatus = z.object({ running: RunningIntercept.nullable() });
export type InterceptStatus = z.infer<typeof InterceptStatus>;

export const InterceptCa = z.object({
  /** SHA-256 of the certificate, colon-separated hex, as `openssl x509 -fingerprint -sha256` prints it. */
  fingerprint: z.string(),
  pem: z.string(),
  /** The names it may sign for (its name constraints). */
  hosts: z.array(z.string()),
  notAfter: z.string(),
});
export type InterceptCa = z.infer<typeof InterceptCa>;

/** `export NAME='value'` lines for a POSIX shell, single-quoted so nothing in a value is expanded. */
export function exportLines(environment: Record<string, string>): string {
  return Object.entries(environment)
    .map(([name, value]) => `export ${name}='${value.replace(/'/g, `'\\''`)}'`)
    .join('\n');
}
