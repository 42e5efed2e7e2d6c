import type { UseFormRegisterReturn } from 'react-hook-form';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import { scopeRisk } from '../../../shared/vault/credential-warnings';

/** The provider's scope catalogue as checkboxes, opt-in and risky ones marked. */
export function ScopeCheckboxes({ provider, field }: { provider: ProviderProfile; field: UseFormRegisterReturn }) {
  return (
    <fieldset>
      <legend>Scopes</legend>
      <div className="scope-grid">
        {provider.scopes.map((scope) => {
          const risk = scopeRisk(scope);
          return (
            <label key={scope.id} title={scope.description} className="check">
              <input type="checkbox" value={scope.id} {...field} />
              {scope.id}
              {risk && <span className={`chip ${risk}`}>{risk}</span>}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
