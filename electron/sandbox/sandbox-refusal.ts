/** A refusal as the vendors send it: a status, a stable code, the facts needed to fix it. */
export class SandboxRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly facts: Record<string, unknown> = {},
    /** RFC 6750 `WWW-Authenticate` parameters, for 401 and scope refusals. */
    readonly bearer?: { error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope'; scope?: string; description?: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: Record<string, unknown> } {
    return { error: { code: this.code, message: this.message, ...this.facts } };
  }

  wwwAuthenticate(realm: string): string | undefined {
    if (!this.bearer) return undefined;
    // RFC 6750 3.1: a request with no credentials at all gets the challenge without an error code.
    const params = [`realm="${realm}"`];
    if (this.bearer.error) params.push(`error="${this.bearer.error}"`);
    if (this.bearer.scope) params.push(`scope="${this.bearer.scope}"`);
    if (this.bearer.description) params.push(`error_description="${this.bearer.description}"`);
    return `Bearer ${params.join(', ')}`;
  }
}

export const refuse = {
  missing: (what: string) =>
    new SandboxRefusal(401, 'missing_credentials', `No credential was sent: ${what}.`, {}, {}),
  invalidToken: (why: string) => new SandboxRefusal(401, 'invalid_token', why, {}, { error: 'invalid_token', description: why }),
  revoked: (keyId: string) =>
    new SandboxRefusal(401, 'key_revoked', 'This key was revoked.', { key_id: keyId }, { error: 'invalid_token', description: 'the key was revoked' }),
  expired: (expiredAt: string) =>
    new SandboxRefusal(401, 'token_expired', 'The JWT is past its exp; use the refresh token to mint a new one.', { expired_at: expiredAt }, {
      error: 'invalid_token',
      description: 'the token expired',
    }),
  scope: (required: string, granted: readonly string[]) =>
    new SandboxRefusal(403, 'insufficient_scope', `This route needs the ${required} scope.`, { required_scope: required, granted_scopes: granted }, {
      error: 'insufficient_scope',
      scope: required,
    }),
  kind: (kind: string, accepted: readonly string[], family: string) =>
    new SandboxRefusal(403, 'wrong_credential_kind', `The ${family} routes do not accept ${kind} credentials.`, {
      credential_kind: kind,
      accepted_kinds: accepted,
    }),
  notFound: (what: string) => new SandboxRefusal(404, 'not_found', `${what} was not found.`),
};
