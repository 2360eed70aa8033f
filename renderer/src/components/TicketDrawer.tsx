import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardRow, ClockDto, TicketDetail } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { formatDateTime, formatShortDateTime } from '../format/time';
import { useNow } from '../store/now';
import { liveClockState } from '../../../shared/board/urgency';
import { Countdown } from './Countdown';
import { StateBadge } from './StateBadge';
import { Timeline } from './Timeline';
import { ReportActions } from './reports/ReportActions';
import { SupervisionPanel } from './supervision/SupervisionPanel';
import { RiskPanel } from './risk/RiskPanel';
import { localizedDuration } from '../format/duration';
import { TicketAlarms } from '../alarms/TicketAlarms';

/** A running, unpaused clock's elapsed time moves on with `now`; the rest is as main computed it. */
function liveElapsed(clock: ClockDto, now: number): number {
  const running = clock.stoppedAt === null && clock.dueAt !== null;
  return running ? Math.max(0, clock.limitMs - ((clock.dueAt ?? now) - now)) : clock.elapsedMs;
}

type Loaded = { key: string; updatedAt: number } & ({ detail: TicketDetail } | { error: string });

/** Words that may break between them but not inside one (a date's hyphen, a duration's 分 and 秒). */
function Unbroken({ words }: { words: string }) {
  return words.split(' ').map((word, index) => (
    <Fragment key={index}>
      {index > 0 && ' '}
      <span>{word}</span>
    </Fragment>
  ));
}

/** The ticket on the right of the desk: every clock, the whole timeline, what was quarantined. */
export function TicketDrawer({ row, onClose }: { row: BoardRow; onClose: () => void }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const now = useNow();
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  // Fetch again whenever a delta changed the ticket, so the timeline stays current.
  useEffect(() => {
    let current = true;
    const mark = { key: row.key, updatedAt: row.updatedAt };
    bridge
      .invoke('ticket:get', { source: row.source, ticketId: row.ticketId })
      .then((detail) => current && setLoaded({ ...mark, detail }))
      .catch((error: unknown) => current && setLoaded({ ...mark, error: error instanceof Error ? error.message : String(error) }));
    return () => {
      current = false;
    };
  }, [bridge, row.key, row.source, row.ticketId, row.updatedAt]);

  const fresh = loaded?.key === row.key ? loaded : null;
  // "12-04 14:41" breaks between its day and its hour only (not after the day's hyphen).
  const time = (ms: number | null) => (ms === null ? t('common.none') : <Unbroken words={formatShortDateTime(ms)} />);
  return (
    <aside className="drawer" aria-label={t('detail.title')} data-testid="ticket-drawer">
      <header className="drawer__head">
        <div>
          <p className="drawer__id">{row.ticketId}</p>
          <h2>{row.customer?.name ?? row.title ?? row.ticketId}</h2>
          <p className="muted">
            {[row.city, row.district, row.service && t(`code.service.${row.service}`), row.customer && t(`code.tier.${row.customer.tier}`)]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('common.close')} data-testid="drawer-close">
          ×
        </button>
      </header>
      <div className="drawer__now">
        <Countdown row={row} now={now} />
        <span>
          {t(`code.stage.${row.stage}`)}
          {row.center && ` · ${t(`code.center.${row.center}`)}`}
          {row.handler && ` · ${row.handler}`}
        </span>
      </div>
      <RiskPanel row={row} now={now} />
      {!fresh && <p className="muted">{t('common.loading')}</p>}
      {fresh && 'error' in fresh && <p className="text-breached">{t('detail.loadFailed', { message: fresh.error })}</p>}
      {fresh && 'detail' in fresh && (
        <>
          <section>
            <h3>{t('detail.clocks')}</h3>
            <table className="clock-table" data-testid="clock-table">
              <thead>
                <tr>
                  <th scope="col">{t('detail.clock.name')}</th>
                  <th scope="col">{t('detail.clock.state')}</th>
                  <th scope="col">{t('detail.clock.start')}</th>
                  <th scope="col">{t('detail.clock.due')}</th>
                  <th scope="col">{t('detail.clock.stop')}</th>
                  <th scope="col">{t('detail.clock.elapsed')}</th>
                </tr>
              </thead>
              <tbody>
                {fresh.detail.clocks.map((clock) => (
                  <tr key={`${clock.name}-${clock.index}`}>
                    <th scope="row">
                      {t(`code.clock.${clock.name}`)}
                      {clock.index > 0 && ` #${clock.index + 1}`}
                    </th>
                    <td>
                      <StateBadge state={liveClockState(clock, now)} />
                    </td>
                    <td className="clock-table__wraps">{time(clock.startedAt)}</td>
                    <td className="clock-table__wraps">{time(clock.dueAt)}</td>
                    <td className="clock-table__wraps">{time(clock.stoppedAt)}</td>
                    <td className="clock-table__wraps">
                      <span>{localizedDuration(t, liveElapsed(clock, now))}</span>
                      {clock.pausedMs > 0 && (
                        <>
                          {' '}
                          <span className="muted">
                            ({t('detail.clock.paused')} {localizedDuration(t, clock.pausedMs)})
                          </span>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">{t('detail.policy', { version: fresh.detail.policyVersion })}</p>
          </section>
          {(fresh.detail.description || fresh.detail.cause || fresh.detail.resolution) && (
            <dl className="facts">
              {fresh.detail.description && (
                <div>
                  <dt>{t('detail.description')}</dt>
                  <dd>{fresh.detail.description}</dd>
                </div>
              )}
              {fresh.detail.cause && (
                <div>
                  <dt>{t('detail.cause')}</dt>
                  <dd>{fresh.detail.cause}</dd>
                </div>
              )}
              {fresh.detail.resolution && (
                <div>
                  <dt>{t('detail.resolution')}</dt>
                  <dd>{fresh.detail.resolution}</dd>
                </div>
              )}
            </dl>
          )}
          <TicketAlarms row={row} />
          <SupervisionPanel row={row} />
          <ReportActions row={fresh.detail.row} detail={fresh.detail} />
          <section>
            <h3>{t('detail.timeline')}</h3>
            <Timeline entries={fresh.detail.timeline} />
          </section>
          <section>
            <h3>{t('detail.quarantined')}</h3>
            {fresh.detail.quarantined.length === 0 ? (
              <p className="muted">{t('detail.noQuarantined')}</p>
            ) : (
              <ul className="quarantine-list" data-testid="detail-quarantined">
                {fresh.detail.quarantined.map((entry, index) => (
                  <li key={`${entry.receivedAt}-${index}`}>
                    <p>
                      <strong>{entry.reason}</strong>
                      <span className="muted"> · {t('detail.received', { time: formatDateTime(entry.receivedAt) })}</span>
                      {entry.seq !== null && <span className="muted"> · {t('detail.seq', { seq: entry.seq })}</span>}
                    </p>
                    <pre>{entry.raw}</pre>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </aside>
  );
}
