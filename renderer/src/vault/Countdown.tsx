import { useEffect, useState } from 'react';

/** "in 42 minutes" / "3 minutes ago", kept current while shown. */
export function Countdown({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.round((new Date(at).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  const text =
    abs < 90 ? `${abs} s` : abs < 5400 ? `${Math.round(abs / 60)} min` : abs < 172_800 ? `${Math.round(abs / 3600)} h` : `${Math.round(abs / 86_400)} days`;
  return <span className={seconds <= 0 ? 'expired' : undefined}>{seconds > 0 ? `in ${text}` : `expired ${text} ago`}</span>;
}
