import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { HistoryRetention } from '../../../shared/settings/settings';
import { useApi } from '../api/api-context';
import { ErrorText } from '../app/ErrorText';
import { count } from '../app/count';

// Text fields so "empty" can mean "no limit"; the IPC contract checks the numbers again.
const limit = (min: number, what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d*$/, `${what}: whole numbers only, or empty for no limit`)
    .refine((v) => v === '' || Number(v) >= min, `${what}: at least ${min}, or empty for no limit`);
const RetentionFields = z.object({ maxRows: limit(1000, 'Rows'), maxAgeDays: limit(1, 'Days') });
type RetentionFields = z.infer<typeof RetentionFields>;

const toField = (value: number | null) => (value === null ? '' : String(value));
const toLimit = (value: string) => (value === '' ? null : Number(value));

/** History retention: saved and applied at once, with what it removed. */
export function RetentionForm({ retention, onSaved }: { retention: HistoryRetention; onSaved: (retention: HistoryRetention) => void }) {
  const api = useApi();
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<RetentionFields>({
    resolver: zodResolver(RetentionFields),
    defaultValues: { maxRows: toField(retention.maxRows), maxAgeDays: toField(retention.maxAgeDays) },
  });

  const save = handleSubmit(async (fields) => {
    const result = await api.traffic.prune({ maxRows: toLimit(fields.maxRows), maxAgeDays: toLimit(fields.maxAgeDays) });
    if (result.ok) {
      onSaved(result.value.retention);
      setOutcome(`Saved. Removed ${count(result.value.removed, 'exchange')}; ${result.value.remaining.toLocaleString('en')} remain.`);
    }
    setError(result.ok ? null : result.error.message);
  });

  const fieldError = formState.errors.maxRows?.message ?? formState.errors.maxAgeDays?.message ?? null;
  return (
    <form onSubmit={(e) => void save(e)} aria-labelledby="retention-heading">
      <h3 id="retention-heading">Traffic history retention</h3>
      <p className="muted">Applied now and at every start. Leave a field empty for no limit on it.</p>
      <label>
        Keep at most (exchanges)
        <input {...register('maxRows')} inputMode="numeric" aria-invalid={Boolean(formState.errors.maxRows)} />
      </label>
      <label>
        Keep for (days)
        <input {...register('maxAgeDays')} inputMode="numeric" aria-invalid={Boolean(formState.errors.maxAgeDays)} />
      </label>
      <button type="submit" disabled={formState.isSubmitting}>
        Save and prune now
      </button>
      <ErrorText message={fieldError ?? error} />
      <p role="status">{outcome}</p>
    </form>
  );
}
