import { diagnoseExchange } from '../../shared/diagnosis/diagnose-exchange';
import type { Finding } from '../../shared/diagnosis/finding';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import { Redactor } from '../send/redact';
import type { HistoryRecord } from '../store/history-repository';
import { fingerprint } from '../vault/fingerprint';

/**
 * What the proxy captures on the request path: raw, secrets included, never persisted as is. It
 * crosses to the history worker in memory, where `toHistoryRecord` redacts and diagnoses it.
 */
export interface CapturedExchange {
  /** Which proxy saw it (`provider/environment`), so the worker knows the profile. */
  proxy: string;
  startedAt: number;
  method: string;
  /** Path and query as the client sent them, relative to the environment's base URL. */
  path: string;
  target: string;
  /** Node's rawHeaders: [name, value, name, value, ...], as received. */
  requestHeaders: string[];
  /** The first bytes of the body (up to the proxy's limit); the full size is in requestBytes. */
  requestBody: Uint8Array | null;
  requestBytes: number;
  status: number | null;
  responseHeaders: string[];
  responseBody: Uint8Array | null;
  responseBytes: number;
  firstByteMs: number | null;
  totalMs: number;
  error: string | null;
}

export interface ProxyContext {
  profile: ProviderProfile;
  environment: EnvironmentProfile;
  /** The vault credential with this fingerprint, if any. */
  identify: (fingerprint: string) => Credential | undefined;
}

export function toHistoryRecord(captured: CapturedExchange, { profile, environment, identify }: ProxyContext): HistoryRecord {
  const requestHeaders = headerRecord(captured.requestHeaders);
  const responseHeaders = headerRecord(captured.responseHeaders);
  const requestBody = bodyText(captured.requestBody, captured.requestBytes);
  const responseBody = bodyText(captured.responseBody, captured.responseBytes);
  const presented = presentedCredential(profile, requestHeaders);
  const print = presented ? fingerprint(presented.value) : null;
  const credential = print ? identify(print) : undefined;
  const redactor = new Redactor(presented ? [{ value: presented.value, label: `${credential?.name ?? 'unknown key'} · ${print}` }] : [], fingerprint);
  const path = captured.path.split('?')[0]!;
  const request = { method: captured.method, url: captured.target, headers: requestHeaders };
  const response = captured.status === null ? undefined : { status: captured.status, headers: responseHeaders, body: responseBody };
  const findings: Finding[] =
    captured.error !== null
      ? [
          {
            code: 'UPSTREAM_UNREACHABLE',
            severity: 'error',
            source: 'response',
            title: 'The upstream did not answer',
            detail: redactor.text(captured.error),
            fix: `Check ${new URL(captured.target).origin} is up and the environment's base URL is right.`,
          },
        ]
      : diagnoseExchange({
          profile,
          request,
          response,
          environment,
          credential: credential && { kind: credential.kind, scopes: credential.scopes, environment, boundId: credential.boundId, status: credential.status },
          path,
          now: new Date(captured.startedAt),
        });
  return {
    at: new Date(captured.startedAt).toISOString(),
    path,
    source: 'proxy',
    credentialId: credential?.id ?? null,
    fingerprint: print,
    providerId: profile.id,
    environmentId: environment.id,
    request: {
      method: captured.method,
      url: redactor.text(captured.target),
      headers: redactor.headers(requestHeaders),
      body: requestBody === '' ? null : redactor.text(requestBody),
    },
    response: response ? { status: response.status, headers: redactor.headers(response.headers), body: redactor.text(response.body), truncated: (captured.responseBody?.length ?? 0) < captured.responseBytes } : null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: captured.firstByteMs, totalMs: captured.totalMs, requestBytes: captured.requestBytes, responseBytes: captured.responseBytes },
    findings,
    error: captured.error === null ? null : redactor.text(captured.error),
  };
}

/** Lower-cased names; repeated headers joined with ", " as HTTP allows. */
function headerRecord(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    headers[name] = name in headers ? `${headers[name]}, ${raw[i + 1]}` : raw[i + 1]!;
  }
  return headers;
}

function bodyText(kept: Uint8Array | null, size: number): string {
  const text = kept ? Buffer.from(kept.buffer, kept.byteOffset, kept.length).toString('utf8') : '';
  return size > (kept?.length ?? 0) ? `${text}…[${size - (kept?.length ?? 0)} more bytes not recorded]` : text;
}
