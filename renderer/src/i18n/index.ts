import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { STRINGS, type Locale, type Strings } from '../../../shared/i18n';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Strings };
  }
}

/** One i18next instance for the window; the words themselves live in shared/i18n. */
export function initI18n(locale: Locale): typeof i18next {
  void i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: 'zh-CN',
    resources: {
      'zh-CN': { translation: STRINGS['zh-CN'] },
      en: { translation: STRINGS.en },
    },
    // React escapes on render; escaping here would double-encode customer names.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
