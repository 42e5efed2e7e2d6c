import { useState } from 'react';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { count } from '../app/count';

/**
 * What used to need the CLI: a custom provider profile (JSON; refused whole, naming each bad field) or
 * an OpenAPI 3.0/3.1 document read into one,
 * and a HAR file from a browser into history (every entry diagnosed and stored redacted). The files'
 * contents go to Keyhole's trusted side only; they are never shown here.
 */
export function ImportSettings() {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const read = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    return file ? { name: file.name, text: await file.text() } : null;
  };
  const importProfile = async (input: HTMLInputElement) => {
    const file = await read(input);
    if (!file) return;
    const result = await api.providers.import({ text: file.text, source: file.name });
    setError(result.ok ? null : result.error.message);
    const routes = result.ok && result.value.operations.length > 0 ? `, ${count(result.value.operations.length, 'route')}` : '';
    setNotice(result.ok ? `Imported provider ${result.value.name} (${result.value.id}${routes}) from ${file.name}.` : null);
  };
  const importHar = async (input: HTMLInputElement) => {
    const file = await read(input);
    if (!file) return;
    setBusy(true);
    const result = await api.traffic.importHar({ text: file.text, source: file.name });
    setBusy(false);
    setError(result.ok ? null : result.error.message);
    setNotice(
      result.ok
        ? `Imported ${count(result.value.imported, 'exchange')} from ${file.name} (${count(result.value.withFindings, 'with findings', 'with findings')}).`
        : null,
    );
  };
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import</h2>
      <ErrorText message={error} />
      <div aria-live="polite">{notice && <p className="notice">{notice}</p>}</div>
      <p>
        <label className="file-button">
          Provider profile or OpenAPI…
          <input type="file" accept=".json,.yaml,.yml,application/json,application/yaml" onChange={(e) => void importProfile(e.currentTarget)} />
        </label>{' '}
        <span className="muted">
          A provider of your own: a Keyhole profile (JSON), or the vendor&apos;s OpenAPI 3.0/3.1 document (JSON or YAML), read into routes, security schemes and
          error shapes. Nothing is fetched over the network.
        </span>
      </p>
      <p>
        <label className="file-button">
          HAR file into Traffic…
          <input type="file" accept=".har,application/json" disabled={busy} onChange={(e) => void importHar(e.currentTarget)} />
        </label>{' '}
        <span className="muted">{busy ? 'Importing…' : 'From a browser or another tool; every entry is diagnosed and stored redacted.'}</span>
      </p>
    </section>
  );
}
