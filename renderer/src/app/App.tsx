import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useObservable } from '../store/observable';
import { parseWallParams, wallShown } from '../../../shared/board/wallParams';
import { useConsole } from './ConsoleContext';
import { rememberSeatLook } from './seatCookies';
import { DeskApp, PageLoading, WallApp } from './lazyPages';

const params = parseWallParams(window.location.search);

/** Applies this seat's language and theme, then picks the wall or the desk. */
export function App() {
  const { i18n } = useTranslation();
  const { client } = useConsole();
  const { locale, theme, wallOnBoot } = useObservable(client);

  useEffect(() => {
    void i18n.changeLanguage(locale);
    document.documentElement.lang = locale;
  }, [i18n, locale]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => rememberSeatLook({ locale, theme }), [locale, theme]);

  const onWall = wallShown(params, wallOnBoot);
  useEffect(() => {
    document.documentElement.classList.toggle('is-wall', onWall);
  }, [onWall]);

  return <PageLoading>{onWall ? <WallApp offset={params.offset} /> : <DeskApp />}</PageLoading>;
}
