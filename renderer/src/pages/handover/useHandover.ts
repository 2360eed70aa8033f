import { useCallback, useEffect, useState } from 'react';
import type { HandoverEntry, HandoverSheet } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Calls `load` now and again (coalesced) whenever main pushes one of `channels`. */
function useReloadOn(load: () => void, channels: readonly 'handover:changed'[], delayMs: number): void {
  const { bridge } = useConsole();
  const key = channels.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    load();
    const offs = key.split(',').map((channel) =>
      bridge.on(channel as 'handover:changed', () => {
        if (timer === null) timer = setTimeout(() => ((timer = null), load()), delayMs);
      }),
    );
    return () => {
      for (const off of offs) off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [bridge, load, key, delayMs]);
}

/**
 * A sheet folds every closed ticket that still owes a fault report or breached
 * in the shift: 0.5–1.3 s on the e2e province (400 obligations, 300 closed
 * tickets), so it is asked for on opening, on Refresh, when a handover changes
 * and once a minute, not on every board delta; the countdowns run from `dueAt`
 * between two asks.
 */
const SHEET_REFRESH_MS = 60_000;

/** The sheet as it stands now. */
export function useCurrentSheet(): { sheet: HandoverSheet | null; error: string | null; reload: () => void } {
  const { bridge } = useConsole();
  const [sheet, setSheet] = useState<HandoverSheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    bridge
      .invoke('handover:sheet', {})
      .then((s) => (setSheet(s), setError(null)))
      .catch((e: unknown) => setError(message(e)));
  }, [bridge]);
  useReloadOn(reload, ['handover:changed'], 150);
  useEffect(() => {
    const timer = setInterval(reload, SHEET_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return { sheet, error, reload };
}

/** The handovers this console knows (its own and those echoed from other consoles), newest first. */
export function useHandovers(): { handovers: HandoverEntry[] | null; error: string | null } {
  const { bridge } = useConsole();
  const [handovers, setHandovers] = useState<HandoverEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    bridge
      .invoke('handover:list', { limit: 50 })
      .then((list) => (setHandovers(list), setError(null)))
      .catch((e: unknown) => setError(message(e)));
  }, [bridge]);
  useReloadOn(load, ['handover:changed'], 150);
  return { handovers, error };
}

/** One handover's sheet (as signed, or recomputed at its instant for one signed elsewhere); its user is keyed by the id. */
export function useHandoverSheet(id: string | null): { sheet: HandoverSheet | null; error: string | null } {
  const { bridge } = useConsole();
  const [sheet, setSheet] = useState<HandoverSheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (id === null) return;
    let live = true;
    bridge
      .invoke('handover:get', { id })
      .then((found) => live && (setSheet(found.sheet), setError(null)))
      .catch((e: unknown) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [bridge, id]);
  return { sheet, error };
}
