import { useSyncExternalStore } from 'react';

export const ROUTES = ['group', 'province', 'heatmaps', 'reports', 'handover', 'alarms', 'feeds', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

// Hash routes: they work the same from a file:// page in Electron and over
// HTTP in web mode, and survive a reload.
export function routeFromHash(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  return (ROUTES as readonly string[]).includes(name ?? '') ? (name as Route) : 'group';
}

export function hrefOf(route: Route): string {
  return `#/${route}`;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => routeFromHash(window.location.hash));
}
