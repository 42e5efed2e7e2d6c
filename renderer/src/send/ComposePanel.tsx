import { useEffect, useState } from 'react';
import { useComposeNavigation } from '../app/compose-navigation';
import { ErrorText } from '../app/ErrorText';
import { ConfirmOrigin } from './ConfirmOrigin';
import { ExchangeView } from './ExchangeView';
import { RequestForm } from './RequestForm';
import { SavedRequests } from './SavedRequests';
import { useComposer } from './use-composer';

/**
 * Compose as a vault credential and send, like any API client: saved requests on the side, the request
 * and its answer side by side (stacked on narrow windows; the split can be dragged wider).
 */
export function ComposePanel() {
  const c = useComposer();
  const [savedOpen, setSavedOpen] = useState(true);
  const navigation = useComposeNavigation();
  // "Open in composer" from another screen: once the keys are loaded, the waiting request is opened.
  const ready = c.credentials.state === 'ready';
  useEffect(() => {
    if (!ready) return;
    const source = navigation.takeDraft();
    if (source) void c.open(source);
  }, [ready]); // eslint-disable-line react-hooks/exhaustive-deps
  if (c.credentials.state === 'ready' && c.list.length === 0) {
    return <p className="muted">Add a credential in the Vault first (or use “Try it” there for sandbox demo keys).</p>;
  }
  // A first send to an origin the key was never sent to waits for the code printed in the terminal.
  const pendingOrigin = c.error ? (/has never been sent to (\S+?)(?: \(|,)/.exec(c.error)?.[1] ?? null) : null;
  const request = c.request;
  return (
    <div className={`send-workspace${savedOpen ? '' : ' saved-closed'}`}>
      <aside className="saved-side" aria-label="Saved requests">
        <button type="button" className="link" aria-expanded={savedOpen} onClick={() => setSavedOpen((open) => !open)}>
          {savedOpen ? '« Hide saved' : '» Saved'}
        </button>
        {savedOpen && (
          <SavedRequests
            providerId={c.credential?.providerId}
            current={
              request ? { credentialId: request.credential, method: request.method, path: request.path, headers: request.headers, body: request.body } : null
            }
            onLoad={c.load}
          />
        )}
      </aside>
      <div className="send-split">
        <div className="request-pane">
          <RequestForm c={c} />
          <ErrorText message={c.error} />
          {pendingOrigin && c.credential && <ConfirmOrigin credentialId={c.credential.id} origin={pendingOrigin} onConfirmed={() => void c.send()} />}
        </div>
        <div className="response-pane" aria-live="polite">
          {c.exchange ? (
            <ExchangeView exchange={c.exchange} />
          ) : (
            <p className="muted empty-response">Send a request to see the answer here, with its diagnosis.</p>
          )}
        </div>
      </div>
    </div>
  );
}
