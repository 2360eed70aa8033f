// A closed ticket still owes its fault report at an instant while that clock
// runs then: not stopped, or stopped after it (the handover sheet's list).
// Indexed by its start (migration 0011), the sheet read every fault report
// clock ever started before the instant, to keep those few: 226,258 rows and
// 1.0-1.4 s of the core's thread on a cache of 1,000,000 tickets, to keep none.
// By its stop it reads the clocks still running and those stopped since.
export default `
DROP INDEX clocks_fault_report;
CREATE INDEX clocks_fault_report ON clocks (stopped_at) WHERE name = 'faultReport';
`;
