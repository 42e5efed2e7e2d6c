import { requestTarget } from '../../shared/exchange/http-message';
import { misplacedCredential } from '../../shared/diagnosis/misplaced-credential';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import { secretShape } from '../../shared/vault/secret-shape';
import { matchRoute } from '../../shared/providers/route-match';
import type { PastedDiagnosis } from '../../shared/diagnosis/pasted-diagnosis';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { PastedExchange } from './pasted-exchanges';

export type DiagnosedEntry = PastedDiagnosis;

interface Placement {
  profile: ProviderProfile;
  environment?: EnvironmentProfile;
  /** The request target relative to the API's base URL, as sent (query included): what diagnosis reads. */
  target: string;
  placedBy: 'host' | 'path' | 'credential';
}

/**
 * Diagnoses exchanges pasted by a user (a customer's failing curl or HAR): the credential is unknown,
 * so everything comes from the URL, the headers, the token and the response. The material goes
 * through the one exchange pipeline: everything returned is redacted.
 */
export function diagnosePasted(
  exchanges: readonly PastedExchange[],
  providers: readonly ProviderProfile[],
  now: Date,
  pipeline: ExchangePipeline,
): DiagnosedEntry[] {
  return exchanges.map((exchange) => {
    const place = placeExchange(exchange, providers);
    const { request, response, findings } = pipeline.process(
      { ...exchange.request, response: exchange.response ? { ...exchange.response, body: exchange.response.body ?? '', truncated: false } : null, error: null },
      { profile: place?.profile ?? null, environment: place?.environment, path: place?.target, now },
    );
    return {
      provider: place?.profile.id ?? null,
      environment: place?.environment?.id ?? null,
      placedBy: place?.placedBy ?? null,
      request,
      response,
      status: exchange.response?.status ?? null,
      findings,
    };
  });
}

/**
 * Which provider and environment an exchange belongs to, and what decided it, in this order: the
 * host (an environment's base URL), then the path (a path under a profile's prefix that matches one
 * of its routes), then the credential's shape. A key of one
 * provider sent to an unknown host on another provider's path is placed by the path.
 */
export function placeExchange(exchange: PastedExchange, providers: readonly ProviderProfile[]): Placement | null {
  let url: URL;
  try {
    url = new URL(exchange.request.url);
  } catch {
    return null;
  }
  // The target as sent (query, trailing slash, encoding): the URL class would normalise it.
  const target = requestTarget(exchange.request.url);
  const pathname = target.split('?')[0]!;
  for (const profile of providers) {
    for (const environment of profile.environments) {
      if (!environment.baseUrl) continue;
      const base = new URL(environment.baseUrl);
      const basePath = base.pathname.replace(/\/+$/, '');
      if (base.origin === url.origin && (pathname === basePath || pathname.startsWith(`${basePath}/`))) {
        return { profile, environment, target: target.slice(basePath.length) || '/', placedBy: 'host' };
      }
    }
  }
  const byPath = providers.find((p) => p.pathPrefix !== '' && pathname.startsWith(`${p.pathPrefix}/`) && matchRoute(p, exchange.request.method, pathname));
  if (byPath) return { profile: byPath, target, placedBy: 'path' };
  // By shape: a credential that matches one of a provider's kinds, in its header or misplaced.
  const byShape = providers.find((p) => {
    const presented = presentedCredential(p, exchange.request.headers);
    return (presented?.kind && secretLooksLikeKind(presented.kind, presented.value)) || misplacedCredential(p, exchange.request);
  });
  return byShape ? { profile: byShape, target, placedBy: 'credential' } : null;
}

function secretLooksLikeKind(kind: Parameters<typeof secretShape>[0], value: string): boolean {
  const { live, test } = secretShape(kind, value);
  return live || test;
}
