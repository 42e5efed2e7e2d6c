import type { Finding } from '../../shared/diagnosis/finding';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import type { ExchangeResponseShape, RedactedRequest } from '../../shared/exchange/exchange';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { PastedExchange } from './pasted-exchanges';

export interface DiagnosedEntry {
  provider: string | null;
  environment: string | null;
  request: RedactedRequest;
  /** The pasted answer, redacted like the request (a HAR entry's response, a raw HTTP response). */
  response: ExchangeResponseShape | null;
  status: number | null;
  findings: Finding[];
}

interface Placement {
  profile: ProviderProfile;
  environment?: EnvironmentProfile;
  path: string;
}

/**
 * Diagnoses exchanges pasted by a user (a customer's failing curl or HAR): the credential is unknown,
 * so everything comes from the URL, the headers, the token and the response. The material goes
 * through the one exchange pipeline: everything returned is redacted.
 */
export function diagnosePasted(exchanges: readonly PastedExchange[], providers: readonly ProviderProfile[], now: Date, pipeline: ExchangePipeline): DiagnosedEntry[] {
  return exchanges.map((exchange) => {
    const place = placeExchange(exchange, providers);
    const { request, response, findings } = pipeline.process(
      { ...exchange.request, response: exchange.response ? { ...exchange.response, body: exchange.response.body ?? '', truncated: false } : null, error: null },
      { profile: place?.profile ?? null, environment: place?.environment, path: place?.path, now },
    );
    return { provider: place?.profile.id ?? null, environment: place?.environment?.id ?? null, request, response, status: exchange.response?.status ?? null, findings };
  });
}

/** Which provider and environment a URL belongs to: by base URL, then the sandbox's prefixes, then the token's shape. */
export function placeExchange(exchange: PastedExchange, providers: readonly ProviderProfile[]): Placement | null {
  const url = new URL(exchange.request.url);
  for (const profile of providers) {
    for (const environment of profile.environments) {
      if (!environment.baseUrl) continue;
      const base = new URL(environment.baseUrl);
      const basePath = base.pathname.replace(/\/+$/, '');
      if (base.origin === url.origin && (url.pathname === basePath || url.pathname.startsWith(`${basePath}/`))) {
        return { profile, environment, path: url.pathname.slice(basePath.length) || '/' };
      }
    }
  }
  const sandboxPrefix = /^\/(call2me|callaro)(\/.*)$/.exec(url.pathname);
  const byPrefix = sandboxPrefix && providers.find((p) => p.id === sandboxPrefix[1]);
  if (byPrefix) return { profile: byPrefix, environment: byPrefix.environments.find((e) => e.id === 'sandbox'), path: sandboxPrefix![2]! };
  const byShape = providers.find((p) => presentedCredential(p, exchange.request.headers)?.kind);
  return byShape ? { profile: byShape, path: url.pathname } : null;
}
