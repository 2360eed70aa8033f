import { createContext, useContext } from 'react';
import type { ConsoleState } from '../store/console';

export const ConsoleContext = createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const state = useContext(ConsoleContext);
  if (!state) throw new Error('useConsole outside <ConsoleContext.Provider>');
  return state;
}
