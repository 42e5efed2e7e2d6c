import type { Finding } from '../../shared/diagnosis/finding';
import { presentedCredential } from '../../shared/diagnosis/presented-credential';
import type { EnvironmentProfile, ProviderProfile } from '../../shared/providers/provider-profile';
import type { Credential } from '../../shared/vault/credential';
import type { RawExchange } from '../../shared/redaction/redact-exchange';
import { decodeBody } from '../redaction/body-decoding';
import type { ExchangePipeline } from '../redaction/exchange-pipeline';
import type { HistoryRecord } from '../store/history-repository';

/**
 * What the proxy captures on the request path: raw, secrets included, never persisted as is. It
 * crosses to the history worker in memory, where `toHistoryRecord` redacts and diagnoses it.
 */
export interface CapturedExchange {
  /** Which proxy saw it (`provider/environment`), so the worker knows the profile. */
  proxy: string;
  /** The reverse proxy in front of a base URL, or the intercepting proxy a client was pointed at. */
  source: 'proxy' | 'intercept';
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
  /** How the exchange ended early, if it did: the upstream failed or was silent, or either side hung up. */
  failure: 'unreachable' | 'untrusted' | 'timeout' | 'upstream-closed' | 'client-closed' | null;
  /** Recording was behind when it started: bodies were counted, not kept (a refusal's response body excepted). */
  trimmed: boolean;
}

export interface ProxyContext {
  profile: ProviderProfile;
  environment: EnvironmentProfile;
  /** The vault credential with this fingerprint, if any. */
  identify: (fingerprint: string) => Credential | undefined;
}

export function toHistoryRecord(captured: CapturedExchange, { profile, environment, identify }: ProxyContext, pipeline: ExchangePipeline): HistoryRecord {
  const requestHeaders = headerRecord(captured.requestHeaders);
  const responseHeaders = headerRecord(captured.responseHeaders);
  const presented = presentedCredential(profile, requestHeaders);
  const print = presented ? pipeline.fingerprint(presented.value) : null;
  const credential = print ? identify(print) : undefined;
  const path = captured.path.split('?')[0]!;
  const upstreamFailed = captured.failure === 'unreachable' || captured.failure === 'untrusted' || captured.failure === 'timeout';
  const findings: Finding[] | undefined =
    !upstreamFailed || captured.error === null
      ? undefined
      : [
          {
            code: 'UPSTREAM_UNREACHABLE',
            severity: 'error',
            source: 'response',
            title:
              captured.failure === 'timeout'
                ? 'The upstream did not answer in time (504)'
                : captured.failure === 'untrusted'
                  ? "The upstream's certificate was not trusted, so nothing was sent (502)"
                  : 'The upstream could not be reached (502)',
            detail: captured.error,
            fix:
              captured.failure === 'untrusted'
                ? `Something between you and ${new URL(captured.target).origin} presents a certificate your system does not trust. If it is your own gateway, trust its CA (keyhole run --intercept --upstream-ca FILE; for the recording proxy, NODE_EXTRA_CA_CERTS); otherwise do not send keys through it.`
                : `Check ${new URL(captured.target).origin} is up and the environment's base URL is right.`,
            retryable: captured.failure !== 'untrusted',
          },
        ];
  const raw: RawExchange = {
    method: captured.method,
    url: captured.target,
    headers: requestHeaders,
    body: captured.requestBytes === 0 ? null : captured.trimmed ? '' : bodyText(captured.requestBody, captured.requestBytes, requestHeaders) || null,
    response:
      captured.status === null
        ? null
        : {
            status: captured.status,
            headers: responseHeaders,
            // While trimming, a success's body is not kept; a refusal's is, up to the limit.
            body: captured.trimmed && captured.status < 400 ? '' : bodyText(captured.responseBody, captured.responseBytes, responseHeaders),
            truncated: cut(captured.responseBody, captured.responseBytes) !== null,
          },
    error: captured.error,
  };
  return pipeline.record(
    raw,
    {
      profile,
      environment,
      credential: credential && { kind: credential.kind, scopes: credential.scopes, environment, boundId: credential.boundId, status: credential.status },
      // Diagnosis reads the target as the client sent it; the stored path never holds the query.
      path: captured.path,
      now: new Date(captured.startedAt),
      known: presented ? [{ value: presented.value, label: `${credential?.name ?? 'unknown key'} · ${print}` }] : [],
      findings,
    },
    {
      at: new Date(captured.startedAt).toISOString(),
      path,
      source: captured.source,
      credentialId: credential?.id ?? null,
      fingerprint: print,
      providerId: profile.id,
      environmentId: environment.id,
      trimmed: captured.trimmed,
      // A trimmed body was not kept at all: `trimmed` says so, not a cut.
      cut: captured.trimmed
        ? { request: null, response: captured.status !== null && captured.status >= 400 ? cut(captured.responseBody, captured.responseBytes) : null }
        : { request: cut(captured.requestBody, captured.requestBytes), response: cut(captured.responseBody, captured.responseBytes) },
      timings: {
        dnsMs: null,
        connectMs: null,
        tlsMs: null,
        firstByteMs: captured.firstByteMs,
        totalMs: captured.totalMs,
        requestBytes: captured.requestBytes,
        responseBytes: captured.responseBytes,
      },
    },
  );
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

/** The body's size as sent when only its first bytes were captured; null when it was captured whole. */
const cut = (kept: Uint8Array | null, size: number): number | null => (size > (kept?.length ?? 0) ? size : null);

function bodyText(kept: Uint8Array | null, size: number, headers: Record<string, string>): string {
  const text = kept ? decodeBody(kept, headers) : '';
  // The cut may fall inside a secret, whose first part no longer looks like one: the last token
  // before the cut is dropped rather than kept half-recognisable.
  return cut(kept, size) === null ? text : text.replace(/[^\s,"'&<>;:=]{1,4096}$/, '');
}
