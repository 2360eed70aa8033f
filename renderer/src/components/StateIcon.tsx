import type { ClockState } from '../../../shared/domain/types';
import { STATE_ICON_PATHS } from './stateIconPaths';

export function StateIcon({ state }: { state: ClockState }) {
  return (
    <svg className={`state-icon state-icon--${state}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={STATE_ICON_PATHS[state]} />
    </svg>
  );
}
