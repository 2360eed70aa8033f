import type { ClockState } from '../../../shared/domain/types';

// Each state has its own shape so it reads without colour: a ring (running),
// a triangle (warning), an octagon with a cross (breached), a check (met), a
// check with a bar (met late), a dash (not applicable).
export const STATE_ICON_PATHS: Record<ClockState, string> = {
  ok: 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zm0 3.5v6l4 2.5',
  warning: 'M12 3l10 18H2L12 3zm0 6.5v5m0 3v.5',
  breached: 'M8 2h8l6 6v8l-6 6H8l-6-6V8zm0 6l8 8m0-8l-8 8',
  met: 'M4 12.5l5 5L20 6',
  metLate: 'M3 12.5l5 5L19 6M21 14v7',
  notApplicable: 'M6 12h12',
};
