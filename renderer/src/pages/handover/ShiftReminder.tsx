// Reminds the duty lead of the coming shift change (settings.shifts, 30 min
// before by default), on every desk page, until the shift has changed.
import { useTranslation } from 'react-i18next';
import { reminderAt, shiftAt } from '../../../../shared/handover';
import { useConsole } from '../../app/ConsoleContext';
import { hrefOf } from '../../app/routes';
import { useNow } from '../../store/now';
import { useObservable } from '../../store/observable';
import './shiftReminder.css';

export function ShiftReminder() {
  const { t } = useTranslation();
  const { settings } = useConsole();
  const shifts = useObservable(settings).shifts;
  const now = useNow();
  const shift = shiftAt(now, shifts);
  if (shifts.reminderMinutes === 0 || now < reminderAt(shift, shifts)) return null;
  // The live region wraps the link: role="status" on the link itself took its role and with it its name
  // (axe's link-name failed on every desk page in the half hour before a shift change).
  return (
    <div role="status">
      <a className="shift-reminder" href={hrefOf('handover')} data-testid="shift-reminder">
        {t('handover.reminder', { minutes: Math.ceil((shift.to - now) / 60_000) })}
      </a>
    </div>
  );
}
