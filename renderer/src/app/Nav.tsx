import { useTranslation } from 'react-i18next';
import type { BoardLevel } from '../../../shared/contract';
import { StateIcon } from '../components/StateIcon';
import { useObservable } from '../store/observable';
import { useNow } from '../store/now';
import { useConsole } from './ConsoleContext';
import { hrefOf, ROUTES, type Route } from './routes';

function BreachCount({ level }: { level: BoardLevel }) {
  const { t } = useTranslation();
  const { boards, boardSummary } = useConsole();
  // Counted a few times a second, not every display frame: each count goes through every row.
  const meta = useObservable(boardSummary);
  const now = useNow();
  const { breached } = boards.counts(level, now);
  // Only the whole board's count: not the first rows' it paints before the rest arrives.
  if (breached === 0 || !meta.loaded[level]) return null;
  return (
    <span className="nav__count" title={t('nav.breachedCount', { count: breached })} aria-label={t('nav.breachedCount', { count: breached })}>
      <StateIcon state="breached" />
      {breached}
    </span>
  );
}

/** This page's address with ?wall=1 and without the route. */
function wallHref(): string {
  const url = new URL(window.location.href);
  url.searchParams.set('wall', '1');
  url.hash = '';
  return url.href;
}

export function Nav({ current }: { current: Route }) {
  const { t } = useTranslation();
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {ROUTES.map((route) => (
        <a
          key={route}
          href={hrefOf(route)}
          className={`nav__item${route === current ? ' nav__item--current' : ''}`}
          aria-current={route === current ? 'page' : undefined}
          data-testid={`nav-${route}`}
        >
          {t(`nav.${route}`)}
          {(route === 'group' || route === 'province') && <BreachCount level={route} />}
        </a>
      ))}
      {/* The wall rotation is the same page with ?wall=1; opened beside the desk, not instead of it. */}
      <a className="nav__item nav__item--wall" href={wallHref()} target="_blank" rel="noopener" title={t('nav.wallTitle')} data-testid="nav-wall">
        {t('nav.wall')}
      </a>
    </nav>
  );
}
