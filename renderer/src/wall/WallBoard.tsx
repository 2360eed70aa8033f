import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardLevel } from '../../../shared/contract';
import { useConsole } from '../app/ConsoleContext';
import { Countdown } from '../components/Countdown';
import { StateBadge } from '../components/StateBadge';
import { StateIcon } from '../components/StateIcon';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { countStates, rowState } from '../../../shared/board/urgency';
import { pickWallRows } from './playlist';

/** A board for the wall: the few most urgent tickets, large, and a count of the rest. */
export function WallBoard({ level, maxRows }: { level: BoardLevel; maxRows: number }) {
  const { t } = useTranslation();
  const { boards } = useConsole();
  const meta = useObservable(boards.meta);
  const now = useNow();
  const rows = useMemo(() => (meta.revision >= 0 ? boards.rows(level) : []), [boards, level, meta.revision]);
  const counts = countStates(rows, now);
  const { shown, hiddenCount, hiddenBreached } = pickWallRows(rows, maxRows, now);
  return (
    <section className="wall-board" data-testid={`wall-board-${level}`} aria-labelledby={`wall-title-${level}`}>
      <header className="wall-board__head">
        <h1 id={`wall-title-${level}`}>{t(`board.title.${level}`)}</h1>
        <div className="wall-board__counts">
          <span className="wall-count wall-count--breached" data-testid="wall-count-breached">
            <StateIcon state="breached" />
            <b>{counts.breached}</b> {t('code.clockState.breached')}
          </span>
          <span className="wall-count wall-count--warning">
            <StateIcon state="warning" />
            <b>{counts.warning}</b> {t('code.clockState.warning')}
          </span>
          <span className="wall-count">
            <b>{counts.total}</b> {t('board.open')}
          </span>
        </div>
      </header>
      {rows.length === 0 ? (
        <div className="wall-empty">
          <StateIcon state="met" />
          <p>{meta.loaded[level] ? t('board.emptyTitle') : t('common.loading')}</p>
        </div>
      ) : (
        <div className="wall-table-wrap">
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
            {shown.map((row) => (
              <tr key={row.key} className={`wall-row wall-row--${rowState(row, now)}`} data-testid="wall-row" data-key={row.key}>
                <td className="wall-row__countdown">
                  <Countdown row={row} now={now} />
                </td>
                <td>
                  <StateBadge state={rowState(row, now)} />
                </td>
                <td className="wall-row__customer">{row.customer?.name ?? row.title ?? row.ticketId}</td>
                <td>{row.city ?? t('common.none')}</td>
                <td>{row.service ? t(`code.service.${row.service}`) : t('common.none')}</td>
                <td>
                  {t(`code.stage.${row.stage}`)}
                  {row.center && <span className="muted"> · {t(`code.center.${row.center}`)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {hiddenCount > 0 && (
        <p className={`wall-more${hiddenBreached > 0 ? ' wall-more--breached' : ''}`} data-testid="wall-more">
          {hiddenBreached > 0
            ? t('board.moreWithBreach', { count: hiddenCount, breached: hiddenBreached })
            : t('board.more', { count: hiddenCount })}
        </p>
      )}
    </section>
  );
}
