import { useCallback, useEffect, useState } from 'react';
import type { HandoverEntry, HandoverSheet } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Calls `load` now and again (coalesced) whenever main pushes one of `channels`. */
function useReloadOn(load: () => void, channels: readonly ('handover:changed' | 'report:changed' | 'board:delta')[], delayMs: number): void {
  const { bridge } = useConsole();
  const key = channels.join(',');
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    load();
    const offs = key.split(',').map((channel) =>
      bridge.on(channel as (typeof channels)[number], () => {
        if (timer === null) timer = setTimeout(() => ((timer = null), load()), delayMs);
      }),
    );
    return () => {
      for (const off of offs) off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [bridge, load, key, delayMs]);
}

/** The sheet as it stands now, asked again when tickets or reports change (at most every 2 s). */
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
  useReloadOn(reload, ['board:delta', 'report:changed', 'handover:changed'], 2000);
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
