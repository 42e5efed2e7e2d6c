import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { ProviderProfile } from '../../../shared/providers/provider-profile';
import type { Credential } from '../../../shared/vault/credential';
import type { CredentialWarning } from '../../../shared/vault/credential-warnings';
import { useApi } from '../api/api-context';
import { Dialog } from './Dialog';
import { BOUND_LABEL } from './provider-lookup';
import { ScopeCheckboxes } from './ScopeCheckboxes';
import { ErrorText } from '../app/ErrorText';

const EditForm = z.object({
  name: z.string().trim().min(1, 'a name is required').max(80),
  scopes: z.array(z.string()),
  boundId: z.string().trim().max(120),
  notes: z.string().max(2000, 'notes are limited to 2,000 characters'),
  /** A date (yyyy-mm-dd) or empty for "does not expire". */
  expires: z.string().refine((s) => s === '' || !Number.isNaN(Date.parse(s)), 'not a date'),
});
type EditForm = z.infer<typeof EditForm>;

interface Props {
  credential: Credential;
  provider: ProviderProfile | undefined;
  onClose: () => void;
  onSaved: (credential: Credential, warnings: CredentialWarning[]) => void;
}

/** Metadata only: the secret cannot be changed here (rotate the key instead). */
export function EditCredentialDialog({ credential, provider, onClose, onSaved }: Props) {
  const api = useApi();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<EditForm>({
    resolver: zodResolver(EditForm),
    defaultValues: {
      name: credential.name,
      scopes: credential.scopes,
      boundId: credential.boundId ?? '',
      notes: credential.notes,
      expires: credential.expiresAt?.slice(0, 10) ?? '',
    },
  });
  const kind = provider?.credentialKinds.find((k) => k.id === credential.kind);

  const submit = handleSubmit(async (data) => {
    const { expires, ...fields } = data;
    const expiresAt = expires ? new Date(`${expires}T00:00:00Z`).toISOString() : null;
    const result = await api.vault.update({ id: credential.id, edit: { ...fields, boundId: fields.boundId || null, expiresAt } });
    if (!result.ok) return setSubmitError(result.error.message);
    onSaved(result.value.credential, result.value.warnings);
  });

  return (
    <Dialog title={`Edit ${credential.name}`} onClose={onClose}>
      <form onSubmit={submit} noValidate className="form">
        <label>
          Name
          <input {...register('name')} autoComplete="off" aria-invalid={Boolean(formState.errors.name)} />
          {formState.errors.name && <span className="field-error">{formState.errors.name.message}</span>}
        </label>
        {kind?.scoped && provider && <ScopeCheckboxes provider={provider} field={register('scopes')} />}
        {kind && kind.boundTo !== 'none' && (
          <label>
            {BOUND_LABEL[kind.boundTo]}
            <input {...register('boundId')} autoComplete="off" />
          </label>
        )}
        <label>
          Notes
          <textarea {...register('notes')} rows={2} />
        </label>
        <label>
          Expires (empty: does not expire)
          <input {...register('expires')} type="date" aria-invalid={Boolean(formState.errors.expires)} />
          {formState.errors.expires && <span className="field-error">{formState.errors.expires.message}</span>}
        </label>
        <ErrorText message={submitError} />
        <div className="actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
