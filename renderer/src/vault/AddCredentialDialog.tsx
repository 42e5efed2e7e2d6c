import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import type { Credential, NewCredential } from '../../../shared/vault/credential';
import type { CredentialWarning } from '../../../shared/vault/credential-warnings';
import { useApi } from '../api/api-context';
import { Dialog } from './Dialog';
import { BOUND_LABEL } from './provider-lookup';
import { ScopeCheckboxes } from './ScopeCheckboxes';
import { WarningList } from './WarningList';
import { ErrorText } from '../app/ErrorText';

const AddForm = z.object({
  providerId: z.string().min(1, 'pick a provider'),
  environmentId: z.string().min(1, 'pick an environment'),
  kind: z.string().min(1, 'pick a kind'),
  name: z.string().trim().min(1, 'a name is required').max(80),
  secret: z
    .string()
    .min(1, 'paste the secret')
    .refine((s) => s.trim() === s, 'remove the leading or trailing spaces'),
  scopes: z.array(z.string()),
  boundId: z.string().trim().max(120, 'at most 120 characters'),
  notes: z
    .string()
    .max(2000, { error: (issue) => `notes are limited to 2,000 characters (these have ${(issue.input as string).length.toLocaleString('en')})` }),
  expires: z.string().refine((s) => s === '' || !Number.isNaN(Date.parse(s)), 'not a date'),
});
type AddForm = z.infer<typeof AddForm>;

function toNewCredential(form: AddForm): NewCredential {
  return {
    providerId: form.providerId,
    environmentId: form.environmentId,
    kind: form.kind,
    name: form.name,
    secret: form.secret,
    scopes: form.scopes,
    boundId: form.boundId || null,
    notes: form.notes,
    expiresAt: form.expires ? new Date(`${form.expires}T00:00:00Z`).toISOString() : null,
  };
}

interface Props {
  providers: readonly ProviderProfile[];
  initialProvider?: string;
  onClose: () => void;
  onAdded: (credential: Credential, warnings: CredentialWarning[]) => void;
}

export function AddCredentialDialog({ providers, initialProvider, onClose, onAdded }: Props) {
  const api = useApi();
  const first = providers.find((p) => p.id === initialProvider) ?? providers[0]!;
  const form = useForm<AddForm>({
    resolver: zodResolver(AddForm),
    mode: 'onTouched',
    defaultValues: {
      providerId: first.id,
      environmentId: first.environments[0]!.id,
      kind: defaultKind(first),
      name: '',
      secret: '',
      scopes: [],
      boundId: '',
      notes: '',
      expires: '',
    },
  });
  const { register, handleSubmit, setValue, formState, control } = form;
  const values = useWatch({ control }) as AddForm;
  const provider = providers.find((p) => p.id === values.providerId) ?? first;
  const kind = provider.credentialKinds.find((k) => k.id === values.kind) ?? provider.credentialKinds[0]!;
  const [warnings, setWarnings] = useState<CredentialWarning[]>([]);
  const [submitError, setSubmitError] = useState<string | null>(null);

  // The same checks the vault runs on save, live while typing (debounced; nothing is stored).
  const checkable = useMemo(() => AddForm.safeParse(values), [values]);
  useEffect(() => {
    if (!checkable.success) return;
    const timer = setTimeout(() => {
      void api.vault.check(toNewCredential(checkable.data)).then((result) => setWarnings(result.ok ? result.value : []));
    }, 250);
    return () => clearTimeout(timer);
  }, [api, checkable]);

  const submit = handleSubmit(async (data) => {
    setSubmitError(null);
    const result = await api.vault.add(toNewCredential(data));
    if (!result.ok) return setSubmitError(result.error.message);
    onAdded(result.value.credential, result.value.warnings);
  });

  const error = (name: keyof AddForm) =>
    formState.errors[name] && (
      <span className="field-error" id={`${name}-error`} role="alert">
        {formState.errors[name]?.message}
      </span>
    );
  const describedBy = (name: keyof AddForm) => (formState.errors[name] ? `${name}-error` : undefined);
  const shown = checkable.success ? warnings : [];
  const blocked = shown.some((w) => w.severity === 'error');

  return (
    <Dialog title="Add credential" onClose={onClose}>
      <form onSubmit={submit} noValidate className="form">
        <div className="row">
          <label>
            Provider
            <select
              {...register('providerId', {
                // A new provider resets what belonged to the old one.
                onChange: (event: { target: { value: string } }) => {
                  const next = providers.find((p) => p.id === event.target.value) ?? first;
                  setValue('environmentId', next.environments[0]!.id);
                  setValue('kind', defaultKind(next));
                  setValue('scopes', []);
                },
              })}
            >
              {providers.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Environment
            {/* Keyed by provider: the select is rebuilt with the new options, so what it shows is what the form holds. */}
            <select key={values.providerId} {...register('environmentId')}>
              {provider.environments.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.label}
                  {e.live ? ' (live)' : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            Kind
            <select key={values.providerId} {...register('kind')}>
              {provider.credentialKinds.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p className="muted hint">{kind.usage}</p>

        {provider.decisionTable.length > 0 && (
          <details className="helper">
            <summary>Which credential should I use?</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col">Use</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {provider.decisionTable.map((row) => (
                  <tr key={row.scenario}>
                    <td>{row.scenario}</td>
                    <td>
                      <button type="button" className="link" onClick={() => setValue('kind', row.kind)}>
                        {provider.credentialKinds.find((k) => k.id === row.kind)?.label ?? row.kind}
                      </button>
                    </td>
                    <td>{row.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        )}

        <label>
          Name
          <input
            {...register('name')}
            placeholder="prod-2026-q2"
            autoComplete="off"
            aria-invalid={Boolean(formState.errors.name)}
            aria-describedby={describedBy('name')}
          />
          {error('name')}
        </label>
        <label>
          Secret
          <input
            {...register('secret')}
            type="password"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={Boolean(formState.errors.secret)}
            aria-describedby={describedBy('secret')}
          />
          {error('secret')}
        </label>

        {kind.scoped && <ScopeCheckboxes provider={provider} field={register('scopes')} />}

        <div className="row">
          {kind.boundTo !== 'none' && (
            <label>
              {BOUND_LABEL[kind.boundTo]}
              <input {...register('boundId')} autoComplete="off" />
            </label>
          )}
          <label>
            Expires (optional)
            <input {...register('expires')} type="date" aria-invalid={Boolean(formState.errors.expires)} aria-describedby={describedBy('expires')} />
            {error('expires')}
          </label>
        </div>
        <label>
          Notes
          <textarea {...register('notes')} rows={2} aria-invalid={Boolean(formState.errors.notes)} aria-describedby={describedBy('notes')} />
          {error('notes')}
        </label>

        <div aria-live="polite">
          <WarningList warnings={shown} />
        </div>
        <ErrorText message={submitError} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={formState.isSubmitting || blocked}>
            {shown.length > 0 && !blocked ? 'Add anyway' : 'Add'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A key the customer issues, not a session (sessions come from Log in): the kind most people paste. */
function defaultKind(provider: ProviderProfile): string {
  return (provider.credentialKinds.find((k) => k.customerIssued && k.id !== 'jwt') ?? provider.credentialKinds[0]!).id;
}
