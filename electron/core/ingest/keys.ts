import type { TicketKey } from '../../../shared/contract';

/** The string key of a ticket on the boards and in change events. */
export function ticketKeyOf(key: TicketKey): string {
  return `${key.source}:${key.ticketId}`;
}
