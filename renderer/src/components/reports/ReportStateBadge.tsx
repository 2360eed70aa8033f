import { useTranslation } from 'react-i18next';
import type { ReportState } from '../../../../shared/contract';

// Shapes read without colour: an hourglass (queued), an arrow (sent), a check
// (acknowledged), a stop sign (refused), a person (yielded: someone else reports).
const PATHS: Record<ReportState, string> = {
  queued: 'M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9',
  sent: 'M3 12h14m-5-6l6 6-6 6',
  acknowledged: 'M4 12.5l5 5L20 6',
  refused: 'M8 2h8l6 6v8l-6 6H8l-6-6V8zm0 6l8 8m0-8l-8 8',
  yielded: 'M12 12a4 4 0 100-8 4 4 0 000 8zm-7 9c0-4 3-6 7-6s7 2 7 6',
};

/** A report's outbox state as icon + word. */
export function ReportStateBadge({ state }: { state: ReportState }) {
  const { t } = useTranslation();
  return (
    <span className={`report-state report-state--${state}`} data-testid="report-state" data-state={state}>
      <svg className="report-state__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={PATHS[state]} />
      </svg>
      <span>{t(`outbox.state.${state}`)}</span>
    </span>
  );
}
