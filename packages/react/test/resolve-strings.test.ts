import { describe, expect, it } from 'vitest';
import { de } from '../src/strings/de.js';
import { en } from '../src/strings/en.js';
import { resolveStrings } from '../src/strings/resolve-strings.js';

describe('resolveStrings', () => {
  it('picks the shipped set by the language of a locale, region or not', () => {
    expect(resolveStrings('de')).toEqual(de);
    expect(resolveStrings('de-AT')).toEqual(de);
    expect(resolveStrings('en-GB')).toEqual(en);
  });

  it('falls back to English for a language that does not ship', () => {
    expect(resolveStrings('ja-JP').bellLabel(2)).toBe('Notifications, 2 unread');
  });

  it('replaces only the texts given', () => {
    const strings = resolveStrings('de', { panelTitle: 'Posteingang' });
    expect(strings.panelTitle).toBe('Posteingang');
    expect(strings.bellLabel(0)).toBe('Benachrichtigungen, keine ungelesen');
  });
});
