import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardLevel } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { StateBadge } from '../components/StateBadge';
import { StateIcon } from '../components/StateIcon';
import { localizedDuration } from '../format/duration';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { boardFreshness } from '../../../shared/board/freshness';
import { countStates, liveClockState, rowState } from '../../../shared/board/urgency';
import { displayedClock, LONG_BREACH_MS, pickWallRows } from '../../../shared/board/wall';
import { BoardDataAge, BoardStaleBanner } from './BoardFreshness';
import { useFittingRows } from './useFittingRows';
import { useFlash } from './useFlash';
import { WallCountdown } from './WallCountdown';
import { customerTakesTwoLines } from './customerLines';

/**
 * A board for the wall: the few most urgent tickets, large, as many as fit; its
 * long-standing breaches only counted; its own data age, loud when stale.
 */
export function WallBoard({ level, maxRows }: { level: BoardLevel; maxRows: number }) {
  const { t } = useTranslation();
  const { boards, connection } = useConsole();
  const meta = useObservable(boards.meta);
  const { feeds } = useObservable(connection);
  const now = useNow();
  const rows = useMemo(() => (meta.revision >= 0 ? boards.rows(level) : []), [boards, level, meta.revision]);
  // Until the board's whole list is in, its rows are the most urgent few (the start's first rows): counted,
  // they said 64 open of 10,000, and "every ticket here breached long ago" when only those few had.
  const whole = meta.loaded[level];
  const freshness = boardFreshness(level, feeds?.sources ?? [], rows, now);
  const counts = countStates(rows, now);
  const wrap = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  const fit = useFittingRows(wrap, maxRows, drawn);
  const { shown, hiddenCount, hiddenBreached, longBreaches } = pickWallRows(rows, fit, now);
  if (drawn !== shown.length > 0) setDrawn(shown.length > 0);
  const long = localizedDuration(t, LONG_BREACH_MS);
  const flashing = useFlash(rows, now);
  return (
    <section
      className={`wall-board${freshness.stale ? ' wall-board--stale' : ''}`}
      data-testid={`wall-board-${level}`}
      data-stale={String(freshness.stale)}
      data-rows-fit={fit}
      data-long-breaches={longBreaches}
      data-loaded={String(meta.loaded[level])}
      aria-labelledby={`wall-title-${level}`}
    >
      <header className="wall-board__head">
        <div className="wall-board__title">
          <h1 id={`wall-title-${level}`}>{t(`board.title.${level}`)}</h1>
          <BoardDataAge freshness={freshness} now={now} />
        </div>
        <div className="wall-board__counts">
          <span className="wall-count wall-count--breached" data-testid="wall-count-breached">
            <StateIcon state="breached" />
            <b>{whole ? counts.breached : '…'}</b> {t('code.clockState.breached')}
          </span>
          <span className="wall-count wall-count--warning">
            <StateIcon state="warning" />
            <b>{whole ? counts.warning : '…'}</b> {t('code.clockState.warning')}
          </span>
          <span className="wall-count">
            <b>{whole ? counts.total : '…'}</b> {t('board.open')}
          </span>
        </div>
      </header>
      <BoardStaleBanner freshness={freshness} now={now} />
      {rows.length === 0 ? (
        <div className="wall-empty">
          <StateIcon state="met" />
          <p>{whole ? t('board.emptyTitle') : t('common.loading')}</p>
        </div>
      ) : shown.length === 0 && !whole ? (
        <div className="wall-empty">
          <p>{t('common.loading')}</p>
        </div>
      ) : shown.length === 0 ? (
        // Every ticket here breached long ago: nothing new to act on, and the strip counts them.
        <div className="wall-empty wall-empty--long" data-testid="wall-all-long">
          <StateIcon state="breached" />
          <p>{t('wall.allLong', { count: longBreaches, duration: long })}</p>
        </div>
      ) : (
        <div className="wall-table-wrap" ref={wrap}>
          <table className="wall-table">
            <thead>
              <tr>
                <th scope="col">{t('board.col.urgency')}</th>
                <th scope="col">{t('board.col.state')}</th>
                <th scope="col">{t('board.col.customer')}</th>
                <th scope="col">{t('board.col.city')}</th>
                <th scope="col">{t('board.col.service')}</th>
                <th scope="col">{t('board.col.stage')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => {
                const clock = displayedClock(row, now);
                // The badge says the state of the clock the countdown shows, not the row's worst.
                const state = clock ? liveClockState(clock, now) : rowState(row, now);
                const customer = row.customer?.name ?? row.title ?? row.ticketId;
                const service = row.service ? t(`code.service.${row.service}`) : t('common.none');
                const stage = `${t(`code.stage.${row.stage}`)}${row.center ? ` · ${t(`board.centerShort.${row.center}`)}` : ''}`;
                const flash = flashing.has(row.key);
                return (
                  <tr
                    key={row.key}
                    className={`wall-row wall-row--${rowState(row, now)}${flash ? ' wall-row--flash' : ''}`}
                    data-testid="wall-row"
                    data-key={row.key}
                    data-flash={String(flash)}
                  >
                    <td className="wall-row__countdown">
                      <WallCountdown row={row} clock={clock} now={now} />
                    </td>
                    <td>
                      <StateBadge state={state} />
                    </td>
                    <td className={`wall-row__customer${customerTakesTwoLines(customer) ? ' wall-row__customer--two-lines' : ''}`} title={customer}>
                      <span>{customer}</span>
                    </td>
                    <td title={row.city ?? undefined}>{row.city ?? t('common.none')}</td>
                    <td title={service}>{service}</td>
                    <td title={stage}>{stage}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className={`wall-more${whole && hiddenBreached > 0 ? ' wall-more--breached' : ''}`} data-testid="wall-more">
        {!whole && rows.length > 0 && t('common.loading')}
        {whole &&
          hiddenCount > 0 &&
          (hiddenBreached > 0
            ? t('board.moreWithBreach', { count: hiddenCount, breached: hiddenBreached })
            : t('board.more', { count: hiddenCount }))}
        {whole && longBreaches > 0 && shown.length > 0 && (
          <span className="wall-more__long" data-testid="wall-long-breaches" data-count={longBreaches}>
            {t('wall.longOnBoard', { count: longBreaches, duration: long })}
          </span>
        )}
      </p>
    </section>
  );
}
