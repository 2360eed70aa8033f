import { useTranslation } from 'react-i18next';
import type { ClockState } from '../../../shared/domain/types';
import { StateIcon } from './StateIcon';

/** A state as icon + word on its Okabe–Ito colour: never colour alone. */
export function StateBadge({ state }: { state: ClockState }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--${state}`} data-testid="state-badge" data-state={state}>
      <StateIcon state={state} />
      <span>{t(`code.clockState.${state}`)}</span>
    </span>
  );
}
