import { useEffect, useRef } from 'react';
import type { AppEvent, AppEventType } from '../../../shared/ipc/events';
import { useApi } from './api-context';

/** Calls `handler` for each event of the given types while the component is mounted. */
export function useAppEvent<T extends AppEventType>(types: readonly T[], handler: (event: Extract<AppEvent, { type: T }>) => void): void {
  const api = useApi();
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  const key = types.join(',');
  useEffect(
    () =>
      api.events.subscribe((event) => {
        if (key.split(',').includes(event.type)) latest.current(event as Extract<AppEvent, { type: T }>);
      }),
    [api, key],
  );
}
