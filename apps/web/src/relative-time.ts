const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const spoken = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const calendarDate = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short' });
const calendarDateWithYear = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric' });

export interface RelativeTime {
  /** What the list shows: "now", "5m", "3h", "2d", "12 Mar". */
  short: string;
  /** What a screen reader says: "5 minutes ago". */
  long: string;
}

/** How long ago `iso` was, seen from `now`; a time slightly in the future (clock skew) counts as now. */
export function formatRelativeTime(iso: string, now: number): RelativeTime {
  const then = Date.parse(iso);
  const elapsed = Math.max(0, now - then);
  if (elapsed < MINUTE) return { short: 'now', long: 'just now' };
  if (elapsed < HOUR) return unit(Math.floor(elapsed / MINUTE), 'm', 'minute');
  if (elapsed < DAY) return unit(Math.floor(elapsed / HOUR), 'h', 'hour');
  if (elapsed < 7 * DAY) return unit(Math.floor(elapsed / DAY), 'd', 'day');
  const sameYear = new Date(then).getFullYear() === new Date(now).getFullYear();
  const date = (sameYear ? calendarDate : calendarDateWithYear).format(then);
  return { short: date, long: date };
}

function unit(count: number, suffix: string, name: Intl.RelativeTimeFormatUnit): RelativeTime {
  return { short: `${count}${suffix}`, long: spoken.format(-count, name) };
}
