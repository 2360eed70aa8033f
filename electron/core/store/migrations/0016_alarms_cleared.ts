// The alarms not acknowledged at an instant (the handover sheet's list): those
// still active come from alarm_log_active (migration 0012); those cleared
// since, from this index of the clear instants, so a sheet reads the alarms
// around its instant and never the whole log (every cadence report falling
// due adds a row, thousands a day on a busy province).
export default `
CREATE INDEX alarm_log_by_cleared ON alarm_log (cleared_at) WHERE cleared_at IS NOT NULL;
`;
