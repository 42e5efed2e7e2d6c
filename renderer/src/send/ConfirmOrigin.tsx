import { useState } from 'react';
import { useApi } from '../api/api-context';

/**
 * The web shell's second step when a key would go to an origin it was never sent to: the code that
 * the terminal Keyhole was started in printed. The page never learns the code by itself.
 */
export function ConfirmOrigin({ credentialId, origin, onConfirmed }: { credentialId: string; origin: string; onConfirmed: () => void }) {
  const api = useApi();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form
      className="confirm-origin"
      aria-label="Confirm a new origin"
      onSubmit={async (event) => {
        event.preventDefault();
        // Typed as printed or in groups: only the digits count.
        const result = await api.origins.confirm({ credential: credentialId, origin, code: code.replace(/[\s-]/g, '') });
        if (!result.ok) return setProblem(result.error.message);
        setProblem(null);
        onConfirmed();
      }}
    >
      <label>
        Code from the terminal Keyhole was started in (keyhole web or npm start), to allow {origin}
        <input value={code} onChange={(e) => setCode(e.target.value)} inputMode="numeric" autoComplete="off" pattern="[\d\s-]{10,16}" required />
      </label>
      <button type="submit">Allow and send</button>
      {problem && <p role="alert">{problem}</p>}
    </form>
  );
}
