// What a ticket's supervision says in one line, for the board's 督办 column and
// its export: who is reporting now (a claim), else the latest answer of the city
// NOC or the handler, else which asked party has not answered.
import type { TFunction } from 'i18next';
import type { BoardRow } from '../../../../shared/contract';
import { REPLY_PARTIES } from '../../../../shared/protocol';
import { formatShortDateTime } from '../../format/time';

export interface SupervisionSummary {
  text: string;
  /** A party asked has not answered within the policy's time: drawn as a warning. */
  noReply: boolean;
}

export function supervisionSummary(row: BoardRow, t: TFunction): SupervisionSummary {
  const { claims, lastReply, checks } = row.supervision;
  const silent = REPLY_PARTIES.filter((party) => checks[party]?.noReply);
  const noReply = silent.length > 0;
  const claim = claims[0];
  if (claim) return { text: t('supervise.reporting', { name: claim.operator.name, console: claim.operator.console }), noReply };
  if (noReply) return { text: silent.map((party) => t('supervise.noReply', { party: t(`supervise.party.${party}`) })).join(' · '), noReply };
  if (lastReply) {
    const status = t(`supervise.replyStatus.${lastReply.status}`);
    return {
      text: t('supervise.lastReply', {
        party: t(`supervise.party.${lastReply.by}`),
        time: formatShortDateTime(lastReply.at).slice(6),
        status: lastReply.note ? t('supervise.replyNote', { status, note: lastReply.note }) : status,
      }),
      noReply,
    };
  }
  const awaiting = REPLY_PARTIES.filter((party) => checks[party] && !checks[party].reply);
  if (awaiting.length > 0) return { text: awaiting.map((party) => t('supervise.awaiting', { party: t(`supervise.party.${party}`) })).join(' · '), noReply };
  return { text: '', noReply };
}
