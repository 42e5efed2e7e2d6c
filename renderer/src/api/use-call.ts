import { useCallback, useEffect, useState } from 'react';
import type { Result } from '../../../shared/ipc/result';

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

/** Loads once, and again whenever `reload` is called or `deps` change. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: unknown[]): [Loadable<T>, () => void] {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (live) setValue(result.ok ? { state: 'ready', value: result.value } : { state: 'error', message: result.error.message });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [value, reload];
}
