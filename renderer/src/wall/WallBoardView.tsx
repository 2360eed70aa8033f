import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardLevel, BoardRow, FeedHealth } from '../../../shared/contract';
import type { BoardFreshness } from '../../../shared/board/freshness';
import { countStates, liveClockState, rowState } from '../../../shared/board/urgency';
import { displayedClock, LONG_BREACH_MS, type WallRows } from '../../../shared/board/wall';
import { StateBadge } from '../components/StateBadge';
import { StateIcon } from '../components/StateIcon';
import { localizedDuration } from '../format/duration';
import { BoardDataAge, BoardStaleBanner } from './BoardFreshness';
import { WallCountdown } from './WallCountdown';
import { customerTakesTwoLines } from './customerLines';

export interface WallBoardViewProps {
  level: BoardLevel;
  /** The board's rows as the screen holds them (its first rows until `whole`). */
  rows: readonly BoardRow[];
  /** Whether `rows` is the board's whole list: until then nothing is counted. */
  whole: boolean;
  freshness: BoardFreshness<FeedHealth>;
  now: number;
  /** How many rows fit (data-rows-fit) and the rows picked for them. */
  fit: number;
  picked: WallRows;
  flashing: ReadonlySet<string>;
  wrap?: Ref<HTMLDivElement>;
}

/**
 * What a wall board draws, from its props alone: the app's wall (WallBoard)
 * and the web shell's first paint (./firstPaint, the same rows as markup
 * before any script has run) draw it with this one component.
 */
export function WallBoardView({ level, rows, whole, freshness, now, fit, picked, flashing, wrap }: WallBoardViewProps) {
  const { t } = useTranslation();
  const counts = countStates(rows, now);
  const { shown, hiddenCount, hiddenBreached, longBreaches } = picked;
  const long = localizedDuration(t, LONG_BREACH_MS);
  return (
    <section
      className={`wall-board${freshness.stale ? ' wall-board--stale' : ''}`}
      data-testid={`wall-board-${level}`}
      data-stale={String(freshness.stale)}
      data-rows-fit={fit}
      data-long-breaches={longBreaches}
      data-loaded={String(whole)}
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
