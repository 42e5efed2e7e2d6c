import { useState } from 'react';
import type { z } from 'zod';
import type { ImportPreviewEntry } from '../../../shared/ipc/contract';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { Dialog } from './Dialog';
import { ProviderEnvironmentFields } from './ProviderEnvironmentFields';
import { WarningList } from './WarningList';

type Preview = z.infer<typeof ImportPreviewEntry>[];

/** Paste or open `NAME=secret` lines, map them to provider, environment and kind, preview, import all or nothing. */
export function ImportEnvDialog({
  providers,
  onClose,
  onImported,
}: {
  providers: readonly ProviderProfile[];
  onClose: () => void;
  onImported: (count: number) => void;
}) {
  const api = useApi();
  const [providerId, setProviderId] = useState(providers[0]!.id);
  const provider = providers.find((p) => p.id === providerId) ?? providers[0]!;
  const [environmentId, setEnvironmentId] = useState(provider.environments[0]!.id);
  const [kind, setKind] = useState(provider.credentialKinds[0]!.id);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [acceptCut, setAcceptCut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const request = { text, providerId, environmentId, kind };

  const changeProvider = (id: string) => {
    const next = providers.find((p) => p.id === id)!;
    setProviderId(id);
    setEnvironmentId(next.environments[0]!.id);
    setKind(next.credentialKinds[0]!.id);
    setPreview(null);
  };

  const runPreview = async () => {
    const result = await api.vault.importPreview(request);
    setPreview(result.ok ? result.value : null);
    setError(result.ok ? null : result.error.message);
  };

  const runImport = async () => {
    const result = await api.vault.import({ ...request, allowInlineComments: acceptCut });
    if (!result.ok) return setError(`Nothing was imported: ${result.error.message}`);
    onImported(result.value.length);
  };

  return (
    <Dialog title="Import from .env" onClose={onClose}>
      <div className="form">
        <div className="row">
          <ProviderEnvironmentFields
            providers={providers}
            providerId={providerId}
            environmentId={environmentId}
            onChange={(nextProvider, nextEnvironment) => {
              if (nextProvider !== providerId) changeProvider(nextProvider);
              else setEnvironmentId(nextEnvironment);
              setPreview(null);
            }}
          />
          <label>
            Kind
            <select value={kind} onChange={(e) => (setKind(e.target.value), setPreview(null))}>
              {provider.credentialKinds.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          NAME=secret lines
          <textarea rows={5} spellCheck={false} autoComplete="off" value={text} onChange={(e) => (setText(e.target.value), setPreview(null))} />
        </label>
        <label>
          Or open a file
          <input type="file" accept=".env,text/plain" onChange={(e) => void e.target.files?.[0]?.text().then((t) => (setText(t), setPreview(null)))} />
        </label>
        {preview && (
          <table className="grid">
            <caption className="visually-hidden">Credentials to import</caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Name</th>
                <th scope="col">Fingerprint</th>
                <th scope="col">Checks</th>
              </tr>
            </thead>
            <tbody>
              {preview.map((entry) => (
                <tr key={entry.line}>
                  <td>{entry.line}</td>
                  <td>{entry.name}</td>
                  <td>{entry.fingerprint ? <code>{entry.fingerprint}</code> : <span className="muted">new</span>}</td>
                  <td>
                    {entry.cut && (
                      <p className="warning">
                        Unquoted “#”: a .env reader keeps {entry.cut.kept} of the {entry.cut.written} characters written (last four {entry.last4 || 'hidden'}).
                        Quote the value, or accept the cut below.
                      </p>
                    )}
                    {entry.warnings.length === 0 && !entry.cut ? 'ok' : <WarningList warnings={entry.warnings} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {preview?.some((e) => e.cut) && (
          <label className="inline">
            <input type="checkbox" checked={acceptCut} onChange={(e) => setAcceptCut(e.target.checked)} /> The text after “#” is a comment: import the shorter
            values
          </label>
        )}
        {/* Next to the buttons, so a refusal is seen where the user clicked. */}
        <ErrorText message={error} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" onClick={() => void runPreview()} disabled={!text.trim()}>
            Preview
          </button>
          <button
            type="button"
            className="primary"
            onClick={() => void runImport()}
            disabled={!preview || preview.some((e) => e.warnings.some((w) => w.severity === 'error'))}
          >
            {preview ? (preview.length === 1 ? 'Import 1 key' : `Import all ${preview.length} keys`) : 'Import'}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
