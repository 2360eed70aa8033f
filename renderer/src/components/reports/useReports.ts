import { useCallback, useEffect, useState } from 'react';
import type { ReportEntry, ReportFilter } from '../../../../shared/contract';
import { useConsole } from '../../app/ConsoleContext';

export type ReportQuery = Partial<ReportFilter>;

/**
 * The outbox entries matching `query`, asked again (coalesced) whenever main
 * pushes a report change, so states move from queued to acknowledged on every
 * open screen without polling.
 */
export function useReports(query: ReportQuery): { reports: ReportEntry[] | null; error: string | null } {
  const { bridge } = useConsole();
  const [reports, setReports] = useState<ReportEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(query);

  const load = useCallback(() => {
    const filter = JSON.parse(key) as ReportQuery;
    return bridge
      .invoke('report:list', { filter })
      .then((list) => {
        setReports(list);
        setError(null);
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [bridge, key]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    void load();
    const off = bridge.on('report:changed', () => {
      if (timer === null) timer = setTimeout(() => ((timer = null), void load()), 150);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [bridge, load]);

  return { reports, error };
}
