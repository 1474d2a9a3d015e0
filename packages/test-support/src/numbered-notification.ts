/**
 * A valid notification of user `ada`, numbered: its id is `n` in 24 hex
 * digits (so ids order as numbers do) and its title is `#n`. It is shaped
 * like @livebell/shared's `Notification` without importing it, because the
 * shared package's own tests use it: assigning it to a `Notification` is
 * what checks the shape.
 */
export function numberedNotification(n: number, readAt: string | null = null) {
  return {
    id: n.toString(16).padStart(24, '0'),
    userId: 'ada',
    type: 'info' as const,
    title: `#${n}`,
    createdAt: '2026-01-01T00:00:00.000Z',
    readAt,
  };
}
