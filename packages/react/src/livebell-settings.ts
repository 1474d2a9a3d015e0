import { createContext, useContext } from 'react';
import { createTimeFormat, type TimeFormat } from './relative-time.js';
import { resolveStrings } from './strings/resolve-strings.js';
import type { LivebellStrings } from './strings/livebell-strings.js';

/** `system` follows the user's `prefers-color-scheme`; `light` and `dark` fix it. */
export type LivebellTheme = 'system' | 'light' | 'dark';

/** How the livebell components speak and look, set once on the provider. */
export interface LivebellSettings {
  /** A BCP 47 tag; dates, times and the shipped strings follow it. */
  locale: string;
  strings: LivebellStrings;
  time: TimeFormat;
  theme: LivebellTheme;
}

/** The browser's preferred language, or English where there is none (a server render). */
export function browserLocale(): string {
  return typeof navigator === 'undefined' ? 'en' : (navigator.languages[0] ?? navigator.language ?? 'en');
}

export function createSettings(
  locale: string,
  strings: Partial<LivebellStrings> | undefined,
  theme: LivebellTheme,
): LivebellSettings {
  return { locale, strings: resolveStrings(locale, strings), time: createTimeFormat(locale), theme };
}

/** Outside a provider (a preview on a page of its own) the components use the browser's locale and theme. */
export const SettingsContext = createContext<LivebellSettings>(createSettings(browserLocale(), undefined, 'system'));

export function useLivebellSettings(): LivebellSettings {
  return useContext(SettingsContext);
}

/** The texts the livebell components use, for an app that draws its own UI in the same words. */
export function useLivebellStrings(): LivebellStrings {
  return useContext(SettingsContext).strings;
}
