import { createContext, useContext } from 'react';
import type { PageRecord } from './load-rows';

/** The records of the list on screen, from the app to its table (see App for why by context). */

export const NO_RECORDS: readonly PageRecord[] = [];

export const LoadedRecords = createContext<readonly PageRecord[]>(NO_RECORDS);

export function useLoadedRecords(): readonly PageRecord[] {
  return useContext(LoadedRecords);
}
