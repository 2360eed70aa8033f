import type { Handlers } from '../dispatch';
import type { HandoverService } from './service';

export type HandoverChannels = 'handover:sheet' | 'handover:sign' | 'handover:acknowledge' | 'handover:list' | 'handover:get' | 'handover:pdf';

/** The handover channels of the contract, served by one HandoverService. */
export function handoverHandlers(deps: { handovers: HandoverService }): Pick<Handlers, HandoverChannels> {
  const { handovers } = deps;
  return {
    'handover:sheet': ({ at, note }) => handovers.sheet(at, note),
    'handover:sign': ({ operator, locale, note, reason }) => handovers.sign({ operator, locale, note, reason }),
    'handover:acknowledge': ({ id, items, operator, locale }) => handovers.acknowledge(id, { operator, locale }, items),
    'handover:list': ({ limit }) => handovers.list(limit),
    'handover:get': ({ id }) => handovers.get(id),
    'handover:pdf': ({ id, locale }) => handovers.pdf(id, locale),
  };
}
