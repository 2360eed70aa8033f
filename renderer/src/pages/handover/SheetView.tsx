// A handover sheet on screen: the same sections as its printed page, each list
// saying what it leaves out, and never "nothing pending" while anything is.
// With `ack`, each item has a box the incoming lead ticks.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HandoverSheet, Obligation } from '../../../../shared/contract';
import { alarmItem, feedAlarmItem, nothingPending } from '../../../../shared/handover';
import { StateBadge } from '../../components/StateBadge';
import { formatCountdown, formatShortDateTime } from '../../format/time';
import { useNow } from '../../store/now';

export interface ItemAck {
  /** Items already acknowledged, with who and when (for the title). */
  done: ReadonlyMap<string, string>;
  /** The incoming lead's ticks not yet sent. */
  picked: ReadonlySet<string>;
  toggle(item: string): void;
  /** False for the outgoing lead and for an acknowledged handover. */
  enabled: boolean;
}

function AckCell({ item, ack }: { item: string; ack: ItemAck | undefined }) {
  const { t } = useTranslation();
  if (!ack) return null;
  const by = ack.done.get(item);
  return (
    <td className="handover-ack">
      <input
        type="checkbox"
        aria-label={t('handover.acknowledge')}
        title={by ?? t('handover.acknowledge')}
        checked={by !== undefined || ack.picked.has(item)}
        disabled={by !== undefined || !ack.enabled}
        onChange={() => ack.toggle(item)}
        data-testid="handover-item"
        data-item={item}
      />
    </td>
  );
}

function Section({ title, count, children, testId }: { title: string; count?: number; children: ReactNode; testId: string }) {
  return (
    <section className="handover-section" data-testid={testId}>
      <h2>
        {title}
        {count !== undefined && <span className="handover-section__count">{count}</span>}
      </h2>
      {children}
    </section>
  );
}

const ticketLabel = (t: { ticketId: string; customer: string | null }) => (
  <>
    <span className="handover-ticket">{t.ticketId}</span>
    {t.customer && <span className="handover-customer">{t.customer}</span>}
  </>
);

/** Time left (or over) to the due instant, ticking on its own so the sheet does not re-render every second. */
function Left({ o }: { o: Obligation }) {
  const { t } = useTranslation();
  const now = useNow();
  if (o.dueAt === null) return <span>{t('handover.paused')}</span>;
  const left = o.dueAt - now;
  return <span className={left < 0 ? 'text-breached' : undefined}>{t(left < 0 ? 'handover.over' : 'handover.left', { d: formatCountdown(left) })}</span>;
}

export function SheetView({ sheet, ack }: { sheet: HandoverSheet; ack?: ItemAck }) {
  const { t } = useTranslation();
  const clockName = (c: { clock: Obligation['clock']; index: number }) => `${t(`code.clock.${c.clock}`)}${c.index > 0 ? ` #${c.index + 1}` : ''}`;
  const none = <p className="handover-none">{t('handover.none')}</p>;
  const ackHead = ack ? <th scope="col" className="handover-ack" /> : null;
  return (
    <div className="handover-sheet" data-testid="handover-sheet">
      {nothingPending(sheet) && <p className="handover-clear">{t('handover.nothingPending')}</p>}
      <Section title={t('handover.sectionObligations')} count={sheet.obligations.length} testId="handover-obligations">
        {sheet.obligations.length === 0 ? (
          none
        ) : (
          <table className="handover-table">
            <thead>
              <tr>
                {ackHead}
                <th scope="col">{t('handover.ticket')}</th>
                <th scope="col">{t('handover.clock')}</th>
                <th scope="col">{t('handover.due')}</th>
                <th scope="col">{t('handover.remaining')}</th>
                <th scope="col">{t('handover.state')}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.obligations.map((o) => {
                const item = `obligation:${o.source}:${o.ticketId}:${o.clock}:${o.index}`;
                return (
                  <tr key={item} data-testid="handover-obligation" data-ticket={o.ticketId} data-clock={o.clock}>
                    <AckCell item={item} ack={ack} />
                    <td>{ticketLabel(o)}</td>
                    <td>{clockName(o)}</td>
                    <td className="num">{o.dueAt === null ? t('handover.paused') : formatShortDateTime(o.dueAt)}</td>
                    <td className="num">
                      <Left o={o} />
                    </td>
                    <td>
                      <StateBadge state={o.state} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p className="handover-leftout">{t('handover.leftOut.localTickets')} {t('handover.leftOut.closedTicketsExceptFaultReport')}</p>
      </Section>
      <Section title={t('handover.sectionBreaches')} count={sheet.breaches.length} testId="handover-breaches">
        {sheet.breaches.length === 0 ? (
          none
        ) : (
          <table className="handover-table">
            <tbody>
              {sheet.breaches.map((b) => {
                const item = `breach:${b.source}:${b.ticketId}:${b.clock}:${b.index}`;
                return (
                  <tr key={item}>
                    <AckCell item={item} ack={ack} />
                    <td>{ticketLabel(b)}</td>
                    <td>{clockName(b)}</td>
                    <td className="num">{formatShortDateTime(b.breachedAt)}</td>
                    <td>
                      <StateBadge state={b.state} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('handover.sectionReports')} testId="handover-reports">
        <dl className="handover-tally">
          <dt>{t('handover.sent')}</dt>
          <dd>{sheet.reports.sent}</dd>
          <dt>{t('handover.queued')}</dt>
          <dd className={sheet.reports.queued > 0 ? 'text-warning' : undefined}>{sheet.reports.queued}</dd>
          <dt>{t('handover.refused')}</dt>
          <dd className={sheet.reports.refused > 0 ? 'text-breached' : undefined}>{sheet.reports.refused}</dd>
          <dt>{t('handover.yielded')}</dt>
          <dd>{sheet.reports.yielded}</dd>
        </dl>
        {sheet.reports.unsettled.length > 0 && (
          <table className="handover-table">
            <tbody>
              {sheet.reports.unsettled.map((r) => (
                <tr key={r.id}>
                  <AckCell item={`report:${r.id}`} ack={ack} />
                  <td className="num">{formatShortDateTime(r.createdAt)}</td>
                  <td>{r.ticketId ?? t('common.none')}</td>
                  <td>{t(`code.reportKind.${r.kind}`)}</td>
                  <td>{t(`outbox.state.${r.state}`)}</td>
                  <td>{r.refusal ?? r.title}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="handover-leftout">{t('handover.leftOut.otherConsolesQueues')}</p>
      </Section>
      <Section title={t('handover.sectionChecks')} count={sheet.unansweredChecks.length} testId="handover-checks">
        {sheet.unansweredChecks.length === 0 ? (
          none
        ) : (
          <table className="handover-table">
            <tbody>
              {sheet.unansweredChecks.map((c) => (
                <tr key={c.reportId}>
                  <AckCell item={`check:${c.reportId}`} ack={ack} />
                  <td>{ticketLabel(c)}</td>
                  <td>{t(`supervise.party.${c.party}`)}</td>
                  <td className="num">{formatShortDateTime(c.createdAt)}</td>
                  <td>{c.operator ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('handover.sectionSuspensions')} count={sheet.pendingSuspensions.length} testId="handover-suspensions">
        {sheet.pendingSuspensions.length === 0 ? (
          none
        ) : (
          <table className="handover-table">
            <tbody>
              {sheet.pendingSuspensions.map((s) => (
                <tr key={s.reportId}>
                  <AckCell item={`suspension:${s.reportId}`} ack={ack} />
                  <td>{ticketLabel(s)}</td>
                  <td className="num">{formatShortDateTime(s.createdAt)}</td>
                  <td>{s.operator ?? t('common.none')}</td>
                  <td>{t(`handover.suspensionState.${s.state}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section
        title={t('handover.sectionAlarms')}
        count={sheet.alarms.tracked ? sheet.alarms.unacknowledged.length + sheet.alarms.feeds.length : undefined}
        testId="handover-alarms"
      >
        {sheet.alarms.tracked ? (
          sheet.alarms.unacknowledged.length + sheet.alarms.feeds.length === 0 ? (
            none
          ) : (
            <table className="handover-table">
              <tbody>
                {sheet.alarms.unacknowledged.map((a) => {
                  const item = alarmItem(a);
                  return (
                    <tr key={item} data-testid="handover-alarm" data-ticket={a.ticketId} data-clock={a.clock}>
                      <AckCell item={item} ack={ack} />
                      <td className="num">{formatShortDateTime(a.since)}</td>
                      <td>{t(`alarm.severity.${a.severity}`)}</td>
                      <td>{ticketLabel(a)}</td>
                      <td>{clockName(a)}</td>
                    </tr>
                  );
                })}
                {sheet.alarms.feeds.map((f) => {
                  const item = feedAlarmItem(f);
                  return (
                    <tr key={item} data-testid="handover-alarm" data-feed={f.source}>
                      <AckCell item={item} ack={ack} />
                      <td className="num">{formatShortDateTime(f.since)}</td>
                      <td>{t(`alarm.severity.${f.severity}`)}</td>
                      <td>{f.name}</td>
                      <td>{t('alarm.cause.feedStale')}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        ) : (
          <p className="handover-untracked" data-testid="handover-alarms-untracked">
            {t('handover.alarmsNotTracked')}
          </p>
        )}
      </Section>
      {sheet.note.trim() !== '' && (
        <Section title={t('handover.sectionNote')} testId="handover-note">
          <p className="handover-note">
            {ack && (
              <input type="checkbox" checked={ack.done.has('note') || ack.picked.has('note')} disabled={ack.done.has('note') || !ack.enabled} onChange={() => ack.toggle('note')} data-testid="handover-item" data-item="note" aria-label={t('handover.acknowledge')} />
            )}
            {sheet.note}
          </p>
        </Section>
      )}
    </div>
  );
}
