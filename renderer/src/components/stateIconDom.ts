import type { ClockState } from '../../../shared/domain/types';
import { STATE_ICON_PATHS } from './stateIconPaths';

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
