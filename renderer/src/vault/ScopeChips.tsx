import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import { scopeRisk } from '../../../shared/vault/credential-warnings';

export function ScopeChips({ provider, scopes }: { provider: ProviderProfile | undefined; scopes: readonly string[] }) {
  if (scopes.length === 0) return <span className="chip none">No permissions</span>;
  return (
    <ul className="chips" aria-label="Scopes">
      {scopes.map((id) => {
        const scope = provider?.scopes.find((s) => s.id === id);
        const risk = scope ? scopeRisk(scope) : null;
        return (
          <li key={id} className={`chip ${risk ?? ''}`} title={scope?.description}>
            {id}
            {risk && <span className="chip-mark"> · {risk}</span>}
          </li>
        );
      })}
    </ul>
  );
}
