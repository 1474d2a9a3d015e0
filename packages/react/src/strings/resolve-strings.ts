import { de } from './de.js';
import { en } from './en.js';
import type { LivebellStrings } from './livebell-strings.js';

/** The shipped string sets, by language subtag. */
export const BUILT_IN_STRINGS: Readonly<Record<string, LivebellStrings>> = { en, de };

/**
 * The texts for a BCP 47 locale ("de", "de-AT"): the shipped set of its
 * language, else English, with `overrides` on top.
 */
export function resolveStrings(locale: string, overrides: Partial<LivebellStrings> = {}): LivebellStrings {
  const language = locale.split('-')[0]?.toLowerCase() ?? 'en';
  return { ...(BUILT_IN_STRINGS[language] ?? en), ...overrides };
}
