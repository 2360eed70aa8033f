// The drawer's 督办 section: where each party stands (the last check to the city
// NOC and to the handler, who sent it from which console, the answer or its
// absence), who is reporting now, and the two acts a supervisor presses with:
// 核实 (both parties at once) and 催办 (one party, on one late clock).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardRow } from '../../../../shared/contract';
import { REPLY_PARTIES, type ReplyParty } from '../../../../shared/protocol';
import { reportDue } from '../../../../shared/reports/due';
import { urgeableClocks } from '../../../../shared/reports/supervision';
import { useConsole } from '../../app/ConsoleContext';
import { formatShortDateTime } from '../../format/time';
import { useReporter } from '../reports/useReporter';
import './supervision.css';

function PartyLine({ row, party }: { row: BoardRow; party: ReplyParty }) {
  const { t } = useTranslation();
  const check = row.supervision.checks[party];
  const name = t(`supervise.party.${party}`);
  if (!check) {
    return (
      <li className="supervision__party" data-testid={`supervision-${party}`}>
        <strong>{name}</strong> <span className="muted">{t('supervise.noCheck')}</span>
      </li>
    );
  }
  const reply = check.reply;
  return (
    <li className="supervision__party" data-testid={`supervision-${party}`} data-state={reply ? 'replied' : check.noReply ? 'no-reply' : 'awaiting'}>
      <strong>{name}</strong>{' '}
      <span className="muted">
        {t('code.reportKind.check')} {formatShortDateTime(check.createdAt)}
        {check.operator && ` · ${t('supervise.sentBy', { name: check.operator.name, console: check.operator.console })}`}
      </span>
      <br />
      {reply ? (
        <span>
          {formatShortDateTime(reply.at)} {reply.name ?? ''} {t(`supervise.replyStatus.${reply.status}`)}
          {reply.note && <span className="muted">（{reply.note}）</span>}
        </span>
      ) : check.noReply ? (
        <span className="text-warning">{t('supervise.noReply', { party: name })}</span>
      ) : (
        <span className="muted">{t('supervise.awaiting', { party: name })}</span>
      )}
    </li>
  );
}

export function SupervisionPanel({ row }: { row: BoardRow }) {
  const { t } = useTranslation();
  const { bridge } = useConsole();
  const reporter = useReporter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const late = urgeableClocks(row.clocks);
  // The clock an urge names: the most pressing one unless the supervisor picks another.
  const [picked, setPicked] = useState<string | null>(null);
  const target = late.find((clock) => clock.name === picked) ?? late[0] ?? null;
  const key = { source: row.source, ticketId: row.ticketId };
  const checked = row.clocks.some((clock) => clock.name === 'check' && clock.state !== 'notApplicable');

  const run = async (id: string, act: () => Promise<unknown>) => {
    setBusy(id);
    setError(null);
    try {
      await act();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="supervision" data-testid="supervision">
      <h3>{t('supervise.heading')}</h3>
      {row.supervision.claims.map((claim) => (
        <p key={`${claim.kind}-${claim.audience}-${claim.cycle}`} className="supervision__claim" data-testid="supervision-claim">
          {t('supervise.reporting', { name: claim.operator.name, console: claim.operator.console })} · {t(`code.reportKind.${claim.kind}`)}
        </p>
      ))}
      {checked && (
        <ul className="supervision__parties">
          {REPLY_PARTIES.map((party) => (
            <PartyLine key={party} row={row} party={party} />
          ))}
        </ul>
      )}
      {row.supervision.urges > 0 && <p className="muted small">{t('supervise.urges', { count: row.supervision.urges })}</p>}
      <div className="supervision__acts">
        {checked && (
          <button
            type="button"
            className={`button${reportDue(row, 'check').due ? ' button--primary' : ''}`}
            disabled={busy !== null}
            title={t('supervise.checkTitleButton')}
            data-testid="supervise-check"
            onClick={() => void run('check', () => bridge.invoke('report:check', { ...key, ...reporter() }))}
          >
            {busy === 'check' ? t('supervise.checking') : t('supervise.check')}
          </button>
        )}
      </div>
      {target && (
        <div className="supervision__acts" data-testid="supervise-urge">
          <label className="supervision__clock">
            <span>{t('supervise.urge')}</span>
            <select value={target.name} onChange={(event) => setPicked(event.target.value)} data-testid="urge-clock">
              {late.map((clock) => (
                <option key={clock.name} value={clock.name}>
                  {t(`code.clock.${clock.name}`)} · {t(`code.clockState.${clock.state}`)}
                </option>
              ))}
            </select>
          </label>
          {REPLY_PARTIES.map((party) => {
            const words = { clock: t(`code.clock.${target.name}`), party: t(`supervise.party.${party}`) };
            return (
              <button
                key={party}
                type="button"
                className={`button${target.state === 'breached' ? ' button--primary' : ''}`}
                disabled={busy !== null}
                title={t('supervise.urgeTitleButton', words)}
                data-testid={`urge-${party}`}
                onClick={() =>
                  void run(party, () =>
                    bridge.invoke('report:urge', { ...key, audience: party, subject: { clock: target.name, index: target.index }, ...reporter() }),
                  )
                }
              >
                {busy === party ? t('outbox.sending') : t('supervise.urgeTo', words)}
              </button>
            );
          })}
        </div>
      )}
      {error && (
        <p className="text-breached" role="alert" data-testid="supervise-error">
          {t('outbox.failed', { message: error })}
        </p>
      )}
    </section>
  );
}
