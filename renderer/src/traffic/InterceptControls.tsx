import { useState } from 'react';
import { useApi } from '../api/api-context';
import { useLoad } from '../api/use-call';
import { ErrorText } from '../app/ErrorText';
import { exportLines } from '../../../shared/intercept/intercept';

/**
 * The intercepting proxy: start it, copy the lines that point a terminal's programs at it, see what
 * it decrypts. `keyhole run --intercept -- CMD` does the same for one command without copying.
 */
export function InterceptControls({ onChange }: { onChange: () => void }) {
  const api = useApi();
  const [status, reload] = useLoad(() => api.intercept.status(), [api]);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const running = status.state === 'ready' ? status.value.running : null;

  const act = async (run: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    const result = await run();
    setError(result.ok ? null : (result.error?.message ?? 'failed'));
    setCopied(false);
    reload();
    onChange();
  };
  const lines = running ? exportLines(running.environment) : '';

  return (
    <section className="proxy-controls" aria-labelledby="intercept-title">
      <h2 id="intercept-title">Intercept</h2>
      <p className="hint">
        Decrypts and records HTTPS calls to the vendors&apos; hosts from programs pointed at it, without changing their base URLs. Other hosts pass through
        unread.
      </p>
      <div className="row form">
        {running ? (
          <button type="button" onClick={() => void act(() => api.intercept.stop())}>
            Stop intercepting
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => void act(() => api.intercept.start({ connectTo: [] }))}>
            Start intercepting
          </button>
        )}
      </div>
      <ErrorText message={error} />
      {running && (
        <div data-testid="intercept-running">
          <p role="status">
            Listening on 127.0.0.1:{running.port}, decrypting {running.hosts.join(', ')}. CA fingerprint <code>{running.caFingerprint}</code>.
          </p>
          <label htmlFor="intercept-lines">Paste into a terminal, then start your program there:</label>
          <textarea id="intercept-lines" className="intercept-lines" data-testid="intercept-lines" readOnly rows={6} value={lines} />
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard.writeText(lines).then(
                () => setCopied(true),
                () => setError('The clipboard is not available here: select the lines and copy them.'),
              )
            }
          >
            Copy lines
          </button>
          {copied && <span role="status"> Copied.</span>}
        </div>
      )}
    </section>
  );
}
