import type { Handlers } from '../dispatch';
import type { ReportService } from './service';

export type ReportChannels = 'report:send' | 'report:send-due' | 'report:list' | 'report:resend' | 'report:pdf';

/** The report channels of the contract, served by one ReportService. */
export function reportHandlers(deps: { reports: ReportService }): Pick<Handlers, ReportChannels> {
  const { reports } = deps;
  return {
    'report:send': ({ source, ticketId, kind }) => reports.send({ source, ticketId }, kind),
    'report:send-due': async ({ level }) => ({ reports: await reports.sendDue(level) }),
    'report:list': ({ filter }) => reports.list(filter ?? { limit: 500 }),
    'report:resend': ({ id, title, body }) => reports.resend(id, { title, body }),
    'report:pdf': (args) => reports.pdf(args),
  };
}
