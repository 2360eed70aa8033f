import type { Handlers } from '../dispatch';
import type { ReportService } from './service';

export type ReportChannels = 'report:send' | 'report:check' | 'report:urge' | 'report:send-due' | 'report:list' | 'report:resend' | 'report:pdf';

/** The report channels of the contract, served by one ReportService. */
export function reportHandlers(deps: { reports: ReportService }): Pick<Handlers, ReportChannels> {
  const { reports } = deps;
  return {
    'report:send': ({ source, ticketId, kind, operator, locale, faultReport }) => reports.send({ source, ticketId }, kind, { operator, locale }, faultReport),
    'report:check': async ({ source, ticketId, operator, locale }) => ({ reports: await reports.check({ source, ticketId }, { operator, locale }) }),
    'report:urge': ({ source, ticketId, audience, subject, operator, locale }) =>
      reports.urge({ source, ticketId }, { audience, subject }, { operator, locale }),
    'report:send-due': async ({ level, operator, locale }) => ({ reports: await reports.sendDue(level, { operator, locale }) }),
    'report:list': ({ filter }) => reports.list(filter ?? { limit: 500 }),
    'report:resend': ({ id, title, body, operator, locale }) => reports.resend(id, { title, body }, { operator, locale }),
    'report:pdf': (args) => reports.pdf(args),
  };
}
