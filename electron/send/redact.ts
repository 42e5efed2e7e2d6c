/**
 * Replaces secrets in anything Keyhole shows or stores. Known secrets become `<name · fingerprint>`
 * so a reader still knows which key was used; unknown credential-looking values in auth headers
 * become `<redacted · fingerprint>`.
 */
export interface KnownSecret {
  value: string;
  label: string;
}

const AUTH_HEADERS = new Set(['authorization', 'x-api-key', 'x-runtime-key', 'proxy-authorization', 'cookie', 'set-cookie']);

export class Redactor {
  private readonly known: KnownSecret[];

  constructor(
    known: readonly KnownSecret[],
    private readonly fingerprint: (secret: string) => string,
  ) {
    // Longest first, so a secret that contains another is replaced whole.
    this.known = [...known].filter((k) => k.value.length >= 6).sort((a, b) => b.value.length - a.value.length);
  }

  /** This redactor plus more known secrets (a key minted in the response being redacted). */
  with(more: readonly KnownSecret[]): Redactor {
    return new Redactor([...this.known, ...more], this.fingerprint);
  }

  text(value: string): string {
    let out = value;
    for (const { value: secret, label } of this.known) out = out.split(secret).join(`<${label}>`);
    return out;
  }

  headers(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(
      Object.entries(headers).map(([name, value]) => {
        const known = this.text(value);
        if (known !== value || !AUTH_HEADERS.has(name.toLowerCase())) return [name, known];
        return [name, this.unknownCredential(value)];
      }),
    );
  }

  /** `Bearer abc...` -> `Bearer <redacted · 1a2b3c4d5e6f>`: the scheme stays, the secret goes. */
  private unknownCredential(value: string): string {
    const match = /^(\w+\s+)?(.+)$/.exec(value);
    const scheme = match?.[1] && /^(Bearer|Basic|Token)\s+$/i.test(match[1]) ? match[1] : '';
    const secret = scheme ? match![2]! : value;
    return `${scheme}<redacted · ${this.fingerprint(secret)}>`;
  }
}
