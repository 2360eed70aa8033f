// Migrations are TS string modules so electron-vite bundles them into main;
// in order, each number being the database's user_version once it ran (numbers
// are handed out per branch, so a gap can stand until the branch holding it merges).
import initial from './0001_initial';
import outbox from './0002_outbox';
import clocksAsOf from './0003_clocks_as_of';
import eventDeterminedClocks from './0004_event_determined_clocks';
import ticketStatistics from './0005_ticket_statistics';
import dropBoardIndexes from './0006_drop_board_indexes';
import quarantineByEvent from './0007_quarantine_by_event';
import supervision from './0008_supervision';
import clockRollups from './0009_clock_rollups';
import ticketsWithoutFacts from './0010_tickets_without_facts';
import handover from './0011_handover';
import alarms from './0012_alarms';
import risk from './0013_risk';
import breachDayRollups from './0014_breach_day_rollups';
import statisticsByDay from './0015_statistics_by_day';
import alarmsCleared from './0016_alarms_cleared';
import dayVersions from './0017_day_versions';
import breachedAfter from './0018_breached_after';
import faultReportByStop from './0019_fault_report_by_stop';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001_initial', sql: initial },
  { version: 2, name: '0002_outbox', sql: outbox },
  { version: 3, name: '0003_clocks_as_of', sql: clocksAsOf },
  { version: 4, name: '0004_event_determined_clocks', sql: eventDeterminedClocks },
  { version: 5, name: '0005_ticket_statistics', sql: ticketStatistics },
  { version: 6, name: '0006_drop_board_indexes', sql: dropBoardIndexes },
  { version: 7, name: '0007_quarantine_by_event', sql: quarantineByEvent },
  { version: 8, name: '0008_supervision', sql: supervision },
  { version: 9, name: '0009_clock_rollups', sql: clockRollups },
  { version: 10, name: '0010_tickets_without_facts', sql: ticketsWithoutFacts },
  { version: 11, name: '0011_handover', sql: handover },
  { version: 12, name: '0012_alarms', sql: alarms },
  { version: 13, name: '0013_risk', sql: risk },
  { version: 14, name: '0014_breach_day_rollups', sql: breachDayRollups },
  { version: 15, name: '0015_statistics_by_day', sql: statisticsByDay },
  { version: 16, name: '0016_alarms_cleared', sql: alarmsCleared },
  { version: 17, name: '0017_day_versions', sql: dayVersions },
  { version: 18, name: '0018_breached_after', sql: breachedAfter },
  { version: 19, name: '0019_fault_report_by_stop', sql: faultReportByStop },
];
