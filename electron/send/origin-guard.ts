import { randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../shared/errors/app-error';
import type { Credential } from '../../shared/vault/credential';
import type { AuditRepository } from '../store/audit-repository';
import type { OriginRepository } from '../store/origin-repository';

export interface OriginRequest {
  credential: Credential;
  origin: string;
  /** A live key to plain http on a host other than loopback. */
  insecure: boolean;
}

/**
 * How the shell asks the user to allow a credential at a new origin, outside the page's reach:
 * the desktop app shows a native dialog from the main process; the web shell prints a one-time code
 * in the terminal that runs it; the CLI is the user at a terminal and allows.
 */
export type OriginConfirmer =
  | { kind: 'allow' }
  | { kind: 'dialog'; ask: (request: OriginRequest) => Promise<boolean> }
  | { kind: 'code'; announce: (request: OriginRequest, code: string) => void };

const CODE_MS = 5 * 60_000;
/** Wrong entries a code survives: with 10 digits, three guesses in 10^10 are no way in. */
const CODE_TRIES = 3;
const CODE_DIGITS = 10;

/**
 * Threat model: anything that can call the API (a compromised page, a holder of the web shell's
 * token) can add an environment or change a base URL. Without this guard it could then have Keyhole
 * sign a request with a production key to its own listener. So a credential is only sent to the
 * origins it is pinned to (its environment's, when it was added, and each origin the user confirmed);
 * a first use anywhere else needs a confirmation that the page cannot give, and is audited.
 */
export class OriginGuard {
  private readonly pending = new Map<string, { code: string; expires: number; wrong: number }>();

  constructor(
    private readonly deps: {
      origins: OriginRepository;
      audit: AuditRepository;
      confirmer: () => OriginConfirmer;
      /** An origin the app itself started and vouches for (allowed without a pin, and never pinned). */
      trusted?: (origin: string) => boolean;
      now?: () => Date;
    },
  ) {}

  /** Throws unless `credential` may be sent to `baseUrl`'s origin (asking the user where the shell can). */
  async check(credential: Credential, baseUrl: string, live: boolean): Promise<void> {
    const origin = new URL(baseUrl).origin;
    if (this.deps.origins.has(credential.id, origin) || this.deps.trusted?.(origin)) return;
    const url = new URL(baseUrl);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    const request: OriginRequest = { credential, origin, insecure: live && url.protocol === 'http:' && !loopback };
    const confirmer = this.deps.confirmer();
    if (confirmer.kind === 'allow') return this.pin(credential, origin, 'confirmed at the terminal');
    if (confirmer.kind === 'dialog') {
      if (!(await confirmer.ask(request))) throw new AppError('FORBIDDEN', `${credential.name} was not sent: sending it to ${origin} was not allowed.`);
      return this.pin(credential, origin, 'confirmed in a dialog');
    }
    const code = Array.from({ length: CODE_DIGITS }, () => randomInt(0, 10)).join('');
    this.pending.set(key(credential.id, origin), { code, expires: this.now().getTime() + CODE_MS, wrong: 0 });
    confirmer.announce(request, code);
    throw new AppError(
      'FORBIDDEN',
      `${credential.name} has never been sent to ${origin}${request.insecure ? ' (plain http, and it is a live key)' : ''}, so nothing was sent. ` +
        `To allow it, enter the code just printed in the terminal Keyhole was started in (\`keyhole web\` or \`npm start\`), or run \`keyhole env confirm --credential ${credential.name} --origin ${origin}\`.`,
    );
  }

  /** The web shell's second step: the code printed in the terminal, typed by the user. */
  confirmWithCode(credential: Credential, origin: string, code: string): void {
    const pending = this.pending.get(key(credential.id, origin));
    if (!pending || pending.expires < this.now().getTime() || !sameCode(pending.code, code)) {
      // Each wrong entry counts; the third spends the code, so guessing cannot outlast it.
      if (pending && ++pending.wrong >= CODE_TRIES) this.pending.delete(key(credential.id, origin));
      const left =
        pending && pending.wrong < CODE_TRIES
          ? ` ${CODE_TRIES - pending.wrong} ${CODE_TRIES - pending.wrong === 1 ? 'try is' : 'tries are'} left.`
          : ' Send again for a new code.';
      throw new AppError(
        'FORBIDDEN',
        `That is not the code for sending ${credential.name} to ${origin} (codes are single-use, last 5 minutes and allow ${CODE_TRIES} tries).${left}`,
      );
    }
    this.pending.delete(key(credential.id, origin));
    this.pin(credential, origin, 'confirmed with the terminal code');
  }

  /** Pins without asking: the CLI user's own command (`keyhole env confirm`, adding a credential). */
  pin(credential: Credential, origin: string, how: string): void {
    if (this.deps.origins.pin(credential.id, origin, this.now().toISOString())) {
      this.deps.audit.append({
        action: 'origin-pin',
        credentialId: credential.id,
        credentialName: credential.name,
        fingerprint: credential.fingerprint,
        detail: `may now be sent to ${origin} (${how})`,
      });
    }
  }

  origins(credential: Credential): string[] {
    return this.deps.origins.list(credential.id);
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

const key = (credentialId: string, origin: string) => `${credentialId} ${origin}`;

function sameCode(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
