import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { useAppEvent } from '../api/use-event';
import { ErrorText } from '../app/ErrorText';
import { ProviderEnvironmentFields } from '../vault/ProviderEnvironmentFields';
import { count } from '../app/count';

/**
 * Start and stop recording proxies; shows where to point a service, and the recorder's state, kept
 * current as traffic is written: when recording is behind and the proxy holds new requests, and
 * anything that could not be recorded.
 */
export function ProxyControls({ onChange }: { onChange: () => void }) {
  const api = useApi();
  const [providers] = useLoad(() => api.providers.list(), [api]);
  const [status, reload] = useLoad(() => api.proxy.list(), [api]);
  useAppEvent(['traffic:added'], () => reload());
  const list = providers.state === 'ready' ? providers.value : [];
  const [providerId, setProviderId] = useState('call2me');
  const [environmentId, setEnvironmentId] = useState('sandbox');
  const [error, setError] = useState<string | null>(null);

  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    const result = await run();
    setError(result.ok ? null : (result.error?.message ?? 'failed'));
    reload();
    onChange();
  };

  return (
    <section className="proxy-controls" aria-labelledby="proxy-title">
      <h2 id="proxy-title">Recording proxy</h2>
      <div className="row form">
        {list.length > 0 && (
          <ProviderEnvironmentFields
            providers={list}
            providerId={providerId}
            environmentId={environmentId}
            onChange={(p, e) => {
              setProviderId(p);
              setEnvironmentId(e);
            }}
          />
        )}
        <button type="button" className="primary" onClick={() => void act(() => api.proxy.start({ providerId, environmentId }))}>
          Start proxy
        </button>
      </div>
      <ErrorText message={error} />
      {status.state === 'ready' && (
        <>
          <ul className="proxies">
            {status.value.running.map((p) => (
              <li key={`${p.providerId}/${p.environmentId}`}>
                <span>
                  {p.providerId}/{p.environmentId}: point your service at <code data-testid="proxy-listen">{p.listen}</code> (forwards to {p.upstream})
                </span>
                <button type="button" onClick={() => void act(() => api.proxy.stop({ providerId: p.providerId, environmentId: p.environmentId }))}>
                  Stop
                </button>
              </li>
            ))}
          </ul>
          {status.value.recorder.holding && (
            <p role="status" className="notice">
              Recording is far behind ({count(status.value.recorder.queued, 'exchange')} waiting): the proxy holds new requests until it catches up, so none is
              lost.
            </p>
          )}
          {status.value.recorder.trimmed > 0 && (
            <p role="status" className="notice">
              {count(status.value.recorder.trimmed, 'exchange')} kept without {status.value.recorder.trimmed === 1 ? 'its bodies' : 'their bodies'}: recording
              was behind{status.value.recorder.trimming ? ' (and still is)' : ''}. Their auth facts, findings and any refusal&apos;s answer are kept.
            </p>
          )}
          {status.value.recorder.dropped > 0 && (
            <p role="alert" className="error">
              {count(status.value.recorder.dropped, 'exchange')} could not be recorded (the write queue was full).
            </p>
          )}
        </>
      )}
    </section>
  );
}
