import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { LabState, LabStore } from '../store/lab-store.ts';

export const LabStoreContext = createContext<LabStore | null>(null);

export function useLabStoreApi(): LabStore {
  const store = useContext(LabStoreContext);
  if (!store) throw new Error('LabStoreContext is missing: render inside <LabStoreContext value={store}>');
  return store;
}

/** Subscribe to one slice of the state; the component re-renders only when it changes. */
export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(useLabStoreApi(), selector);
}
