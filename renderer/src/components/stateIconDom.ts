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

const SVG = 'http://www.w3.org/2000/svg';
const templates = new Map<ClockState, SVGSVGElement>();

/** The same icon as <StateIcon>, as a DOM node for cells drawn outside React. */
export function stateIconElement(state: ClockState): SVGSVGElement {
  let icon = templates.get(state);
  if (!icon) {
    icon = document.createElementNS(SVG, 'svg');
    icon.setAttribute('class', `state-icon state-icon--${state}`);
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    icon.setAttribute('focusable', 'false');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', STATE_ICON_PATHS[state]);
    icon.append(path);
    templates.set(state, icon);
  }
  return icon.cloneNode(true) as SVGSVGElement;
}
