import type { ProviderProfile } from '../../shared/providers/provider-profile';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { HistoryRepository } from '../store/history-repository';
import { placeExchange } from './diagnose-pasted';
import { exchangesFromHar } from './pasted-exchanges';

export interface HarImport {
  imported: number;
  withFindings: number;
}

/**
 * A HAR file from a browser or another tool into history (source "import"): every entry through the
 * exchange pipeline, so it is diagnosed and stored redacted like Keyhole's own traffic. All or
 * nothing: a malformed file is refused before anything is written.
 */
export function importHar(
  text: string,
  source: string,
  deps: { providers: readonly ProviderProfile[]; pipeline: ExchangePipeline; history: HistoryRepository; now: Date },
): HarImport {
  const exchanges = exchangesFromHar(text, source);
  const at = deps.now.toISOString();
  const records = exchanges.map((exchange) => {
    const place = placeExchange(exchange, deps.providers);
    return deps.pipeline.record(
      { ...exchange.request, response: exchange.response ? { ...exchange.response, body: exchange.response.body ?? '', truncated: false } : null, error: null },
      { profile: place?.profile ?? null, environment: place?.environment, path: place?.target, now: deps.now },
      {
        // When the customer's browser sent it; the import time only for an entry that does not say.
        at: exchange.startedAt ?? at,
        // The stored path never holds the query: a query may carry a secret.
        path: place ? place.target.split('?')[0]! : pathOf(exchange.request.url),
        source: 'import',
        credentialId: null,
        fingerprint: null,
        providerId: place?.profile.id ?? null,
        environmentId: place?.environment?.id ?? null,
        timings: null,
      },
    );
  });
  deps.history.insertMany(records);
  return { imported: records.length, withFindings: records.filter((r) => r.findings.length > 0).length };
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '/';
  }
}
