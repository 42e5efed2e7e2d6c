import { processExchange, redactExchange, type ExchangeContext, type ProcessedExchange, type RawExchange } from '../../shared/redaction/redact-exchange';
import { Redactor, type KnownSecret, type RedactionRules } from '../../shared/redaction/redactor';
import { SecretShapes } from '../../shared/redaction/secret-shapes';
import type { ProviderProfile } from '../../shared/providers/provider-profile';
import type { HistoryRecord } from '../store/history-repository';
import type { Fingerprint } from '../vault/fingerprint';

export type RecordMeta = Omit<HistoryRecord, 'request' | 'response' | 'error' | 'findings'>;

/**
 * "Exchange -> diagnose -> redact -> record", owned here for the Node side: Send, logins and refreshes,
 * key management, HAR import, pasted diagnosis and the proxy's worker all make their stored or shown
 * form of an exchange through `process`, and nothing else turns a raw exchange into a history record.
 */
export class ExchangePipeline {
  private shapes: { profiles: readonly ProviderProfile[]; sources: string; shapes: SecretShapes } | null = null;

  constructor(
    private readonly profiles: () => readonly ProviderProfile[],
    readonly fingerprint: Fingerprint,
  ) {}

  /** The redaction rules for the profiles known now (imported profiles add secret shapes). */
  rules(): RedactionRules {
    const profiles = this.profiles();
    // The same list (the catalog's cache, the worker's registry) needs no second look.
    if (this.shapes?.profiles !== profiles) {
      const sources = profiles.flatMap((p) => p.credentialKinds.map((k) => `${k.secretPattern.live}\n${k.secretPattern.test}`)).join('\n');
      this.shapes = { profiles, sources, shapes: this.shapes?.sources === sources ? this.shapes.shapes : new SecretShapes(profiles) };
    }
    return { shapes: this.shapes.shapes, fingerprint: this.fingerprint };
  }

  process(raw: RawExchange, context: ExchangeContext): ProcessedExchange {
    return processExchange(raw, context, this.rules());
  }

  /**
   * The history record of an exchange: redacted and diagnosed, ready for the repository. Its path is
   * an indexed column stored in the clear, so it is redacted too (a JWT in a URL path, a key the
   * headers carried), without its query.
   */
  record(raw: RawExchange, context: ExchangeContext, meta: RecordMeta): HistoryRecord {
    return { ...meta, path: this.storedPath(meta.path, raw.headers, context.known), ...this.process(raw, context) };
  }

  /** A path as the clear `path` column may hold it: no query, secret shapes and the headers' secrets out. */
  storedPath(path: string, headers: Record<string, string>, known: readonly KnownSecret[] = []): string {
    const redactor = this.redactor(known);
    redactor.headers(headers);
    return redactor.scrub(redactor.url(path.split('?')[0]!));
  }

  /**
   * A stored exchange once more through redaction on its way out (shown, exported, bundled): rows
   * written by older versions, or by rules that have since learnt a new shape, are caught here.
   * Placeholders are left as they are, so this changes nothing in a row written by this version.
   */
  reredact<T extends Pick<HistoryRecord, 'request' | 'response' | 'error'>>(entry: T): T {
    const redactor = this.redactor();
    const raw: RawExchange = { ...entry.request, response: entry.response, error: entry.error };
    return { ...entry, ...redactExchange(raw, redactor) };
  }

  /** A redactor for text that stands alone (a message quoting a server's answer). */
  redactor(known: readonly KnownSecret[] = []): Redactor {
    return new Redactor(this.rules(), known);
  }

  /** A secret's placeholder label, `name · fingerprint`. */
  label(name: string, secret: string): KnownSecret {
    return { value: secret, label: `${name} · ${this.fingerprint(secret)}` };
  }
}
