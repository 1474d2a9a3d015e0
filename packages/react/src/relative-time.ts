const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface RelativeTime {
  /** What the list shows: "now", "5m", "3h", "2d", "Mar 12" in English; "jetzt", "5 Min.", "12. März" in German. */
  short: string;
  /** What a screen reader says: "5 minutes ago", "vor 5 Minuten". */
  long: string;
}

/** Formats the age and date of notifications in one locale, through `Intl` alone. */
export interface TimeFormat {
  /** How long ago `iso` was, seen from `now`; a time slightly in the future (clock skew) counts as now. */
  relative(iso: string, now: number): RelativeTime;
  /** The full date and time, for a tooltip. */
  full(iso: string): string;
}

/** A `TimeFormat` for a BCP 47 locale; its `Intl` formatters are built once. */
export function createTimeFormat(locale: string): TimeFormat {
  const spoken = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const units = {
    minute: new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'narrow' }),
    hour: new Intl.NumberFormat(locale, { style: 'unit', unit: 'hour', unitDisplay: 'narrow' }),
    day: new Intl.NumberFormat(locale, { style: 'unit', unit: 'day', unitDisplay: 'narrow' }),
  };
  const calendarDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
  const calendarDateWithYear = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  const fullDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

  const unit = (count: number, name: keyof typeof units): RelativeTime => ({
    short: units[name].format(count),
    long: spoken.format(-count, name),
  });

  return {
    relative(iso, now) {
      const then = Date.parse(iso);
      const elapsed = Math.max(0, now - then);
      if (elapsed < MINUTE) {
        const justNow = spoken.format(0, 'second');
        return { short: justNow, long: justNow };
      }
      if (elapsed < HOUR) return unit(Math.floor(elapsed / MINUTE), 'minute');
      if (elapsed < DAY) return unit(Math.floor(elapsed / HOUR), 'hour');
      if (elapsed < 7 * DAY) return unit(Math.floor(elapsed / DAY), 'day');
      const sameYear = new Date(then).getFullYear() === new Date(now).getFullYear();
      const date = (sameYear ? calendarDate : calendarDateWithYear).format(then);
      return { short: date, long: date };
    },
    full: (iso) => fullDate.format(Date.parse(iso)),
  };
}
