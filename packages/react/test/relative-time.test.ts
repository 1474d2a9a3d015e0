import { describe, expect, it } from 'vitest';
import { createTimeFormat } from '../src/relative-time.js';

const now = Date.parse('2026-03-20T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const english = createTimeFormat('en');
const german = createTimeFormat('de');

describe('createTimeFormat', () => {
  it('says now for the last minute and for times slightly in the future', () => {
    expect(english.relative(ago(59_000), now)).toEqual({ short: 'now', long: 'now' });
    expect(english.relative(ago(-5_000), now).short).toBe('now');
  });

  it('counts whole minutes, hours and days', () => {
    expect(english.relative(ago(5 * 60_000 + 59_000), now)).toEqual({ short: '5m', long: '5 minutes ago' });
    expect(english.relative(ago(3 * 3_600_000), now)).toEqual({ short: '3h', long: '3 hours ago' });
    expect(english.relative(ago(24 * 3_600_000), now)).toEqual({ short: '1d', long: 'yesterday' });
  });

  it('shows the date after a week, with the year only when it differs', () => {
    expect(english.relative('2026-03-01T12:00:00.000Z', now).short).toBe('Mar 1');
    expect(english.relative('2025-12-24T12:00:00.000Z', now).short).toBe('Dec 24, 2025');
  });

  it('speaks the locale it was made for', () => {
    expect(german.relative(ago(30_000), now).long).toBe('jetzt');
    expect(german.relative(ago(5 * 60_000), now)).toEqual({ short: '5 Min.', long: 'vor 5 Minuten' });
    expect(german.relative(ago(24 * 3_600_000), now).long).toBe('gestern');
    expect(german.relative('2026-03-01T12:00:00.000Z', now).short).toBe('1. März');
  });
});
