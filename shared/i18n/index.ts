// Both shells and the renderer take their words from here, so a code reads the
// same on screen, in an export and in a report.
import { en } from './en';
import { zhCN, type Strings } from './zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const STRINGS: Record<Locale, Strings> = { 'zh-CN': zhCN, en };

export type { Strings };
