/** The door the tabs work through (hosts/types.ts), for components below the shell. */
import { createContext, useContext } from 'react';
import type { Host } from './types';

export const HostContext = createContext<Host | null>(null);

export function useHost(): Host {
  const host = useContext(HostContext);
  if (!host) throw new Error('HostContext missing');
  return host;
}
