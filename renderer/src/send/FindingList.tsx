import type { Finding } from '../../../shared/diagnosis/finding';

/** Findings with what they rest on; predicted ones are labelled as such. */
export function FindingList({ findings, label }: { findings: readonly Finding[]; label: string }) {
  if (findings.length === 0) return null;
  return (
    <ul className="findings" aria-label={label}>
      {findings.map((f, i) => (
        <li key={`${f.code}-${f.source}-${i}`} className={f.severity} data-code={f.code}>
          <div>
            <strong>{f.title}</strong> <code>{f.code}</code>
            <span className="muted"> · {f.source === 'preflight' ? 'predicted' : 'from the response'}</span>
          </div>
          <div>{f.detail}</div>
          <div className="fix">Fix: {f.fix}</div>
        </li>
      ))}
    </ul>
  );
}
