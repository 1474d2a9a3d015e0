import { describe, expect, it } from 'vitest';
import { formatRelativeTime } from '../src/relative-time.js';

const now = Date.parse('2026-03-20T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatRelativeTime', () => {
  it('says now for the last minute and for times slightly in the future', () => {
    expect(formatRelativeTime(ago(59_000), now)).toEqual({ short: 'now', long: 'just now' });
    expect(formatRelativeTime(ago(-5_000), now).short).toBe('now');
  });

  it('counts whole minutes, hours and days', () => {
    expect(formatRelativeTime(ago(5 * 60_000 + 59_000), now)).toEqual({ short: '5m', long: '5 minutes ago' });
    expect(formatRelativeTime(ago(3 * 3_600_000), now)).toEqual({ short: '3h', long: '3 hours ago' });
    expect(formatRelativeTime(ago(24 * 3_600_000), now)).toEqual({ short: '1d', long: 'yesterday' });
  });

  it('shows the date after a week, with the year only when it differs', () => {
    expect(formatRelativeTime('2026-03-01T12:00:00.000Z', now).short).toBe('Mar 1');
    expect(formatRelativeTime('2025-12-24T12:00:00.000Z', now).short).toBe('Dec 24, 2025');
  });
});
