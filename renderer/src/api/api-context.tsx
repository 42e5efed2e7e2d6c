import { createContext, useContext } from 'react';
import type { KeyholeApi } from '../../../shared/ipc/keyhole-api';

export const ApiContext = createContext<KeyholeApi | null>(null);

export function useApi(): KeyholeApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
