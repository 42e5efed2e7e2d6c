import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import type { RedactedRequest } from '../../shared/exchange/exchange';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import { Redactor } from '../send/redact';
import { fingerprint } from '../vault/fingerprint';
import type { PastedExchange } from './pasted-exchanges';

export interface DiagnosedEntry {
  provider: string | null;
  environment: string | null;
  request: RedactedRequest;
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
 * so everything comes from the URL, the headers, the token and the response. Secrets found in the
 * material are redacted in everything returned.
 */
export function diagnosePasted(exchanges: readonly PastedExchange[], providers: readonly ProviderProfile[], now: Date): DiagnosedEntry[] {
  return exchanges.map((exchange) => {
    const place = placeExchange(exchange, providers);
    const redactor = new Redactor(
      credentialValues(exchange, providers).map((value) => ({ value, label: `redacted · ${fingerprint(value)}` })),
      fingerprint,
    );
    const request: RedactedRequest = {
      method: exchange.request.method,
      url: redactor.text(exchange.request.url),
      headers: redactor.headers(exchange.request.headers),
      body: exchange.request.body === null ? null : redactor.text(exchange.request.body),
    };
    const findings = place
      ? diagnoseExchange({ profile: place.profile, request: exchange.request, response: exchange.response, environment: place.environment, path: place.path, now })
      : [];
    return { provider: place?.profile.id ?? null, environment: place?.environment?.id ?? null, request, status: exchange.response?.status ?? null, findings };
  });
}

/** Which provider and environment a URL belongs to: by base URL, then the sandbox's prefixes, then the token's shape. */
function placeExchange(exchange: PastedExchange, providers: readonly ProviderProfile[]): Placement | null {
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

/** The values of every header any provider sends a credential in: what must not be shown again. */
function credentialValues(exchange: PastedExchange, providers: readonly ProviderProfile[]): string[] {
  const values = new Set<string>();
  for (const profile of providers) {
    const presented = presentedCredential(profile, exchange.request.headers);
    if (presented) values.add(presented.value);
  }
  return [...values];
}
