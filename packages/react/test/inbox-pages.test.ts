import { belongsInView, type ListPage } from '@livebell/shared';
import { numberedNotification } from '@livebell/test-support';
import { describe, expect, it } from 'vitest';
import { applyEventToPages, inboxItems, type InboxPages } from '../src/inbox-pages.js';

function page(numbers: number[], nextCursor: number | null): ListPage {
  return {
    items: numbers.map((n) => numberedNotification(n)),
    nextCursor: nextCursor === null ? null : numberedNotification(nextCursor).id,
  };
}

function pages(...list: ListPage[]): InboxPages<string | null> {
  return { pages: list, pageParams: list.map((_, i) => (i === 0 ? null : `cursor-${i}`)) };
}

const titles = (data: InboxPages | undefined) => inboxItems(data).map((item) => item.title);

describe('applyEventToPages', () => {
  it('puts a new notification at the top of the first page', () => {
    const data = pages(page([9, 8], 8), page([7, 6], null));
    const next = applyEventToPages(data, { kind: 'created', notification: numberedNotification(10), unreadCount: 5 });
    expect(next?.pages.map((p) => p.items.length)).toEqual([3, 2]);
    expect(titles(next)).toEqual(['#10', '#9', '#8', '#7', '#6']);
  });

  it('puts a notification between two pages into the older page and never into both', () => {
    const data = pages(page([20, 18], 18), page([12, 10], 10), page([4], null));
    const next = applyEventToPages(data, { kind: 'created', notification: numberedNotification(15), unreadCount: 1 });
    expect(next?.pages.map((p) => p.items.map((item) => item.title))).toEqual([
      ['#20', '#18'],
      ['#15', '#12', '#10'],
      ['#4'],
    ]);
  });

  it('leaves out a notification older than every loaded page while older pages exist', () => {
    const data = pages(page([9, 8], 8));
    expect(applyEventToPages(data, { kind: 'updated', notification: numberedNotification(3), unreadCount: 1 })).toBe(
      data,
    );
  });

  it('appends a notification older than everything when the last page is the end of the list', () => {
    const data = pages(page([9, 8], 8), page([7], null));
    const next = applyEventToPages(data, { kind: 'created', notification: numberedNotification(2), unreadCount: 1 });
    expect(titles(next)).toEqual(['#9', '#8', '#7', '#2']);
  });

  it('replaces an updated notification in the page that holds it', () => {
    const data = pages(page([9, 8], 8), page([7, 6], null));
    const read = numberedNotification(7, '2026-01-02T00:00:00.000Z');
    const next = applyEventToPages(data, { kind: 'updated', notification: read, unreadCount: 0 });
    expect(next?.pages[1]?.items[0]).toEqual(read);
    expect(next?.pages[0]).toBe(data.pages[0]);
  });

  it('removes a deleted notification and ignores one it does not hold', () => {
    const data = pages(page([9, 8], 8), page([7, 6], null));
    const next = applyEventToPages(data, { kind: 'deleted', id: numberedNotification(6).id, unreadCount: 3 });
    expect(titles(next)).toEqual(['#9', '#8', '#7']);
    expect(applyEventToPages(next, { kind: 'deleted', id: numberedNotification(6).id, unreadCount: 3 })).toBe(next);
  });

  it('gives the same pages when the same event is applied twice', () => {
    const event = { kind: 'created', notification: numberedNotification(10), unreadCount: 3 } as const;
    const once = applyEventToPages(pages(page([9, 8], 8), page([7], null)), event);
    expect(applyEventToPages(once, event)).toEqual(once);
  });

  it('inserts into an empty inbox', () => {
    const next = applyEventToPages(pages(page([], null)), {
      kind: 'created',
      notification: numberedNotification(1),
      unreadCount: 1,
    });
    expect(titles(next)).toEqual(['#1']);
  });

  it('changes nothing before the first page has loaded or on resync', () => {
    expect(
      applyEventToPages(undefined, { kind: 'created', notification: numberedNotification(1), unreadCount: 1 }),
    ).toBeUndefined();
    const data = pages(page([9], null));
    expect(applyEventToPages(data, { kind: 'resync' })).toBe(data);
  });

  it('takes a notification out of a view it no longer belongs in, and puts it into one it now does', () => {
    const archivedAt = '2026-01-02T00:00:00.000Z';
    const inbox = (n: Parameters<typeof belongsInView>[0]) => belongsInView(n, 'inbox');
    const archived = (n: Parameters<typeof belongsInView>[0]) => belongsInView(n, 'archived');
    const filed = { ...numberedNotification(8), archivedAt };

    const inboxPages = pages(page([9, 8, 7], null));
    const event = { kind: 'updated', notification: filed, unreadCount: 2 } as const;
    const leaving = applyEventToPages(inboxPages, event, inbox);
    expect(titles(leaving)).toEqual(['#9', '#7']);
    expect(applyEventToPages(leaving, event, inbox)).toBe(leaving);

    const archivedPages = pages(page([3], null));
    expect(titles(applyEventToPages(archivedPages, event, archived))).toEqual(['#8', '#3']);
    const restored = { kind: 'updated', notification: numberedNotification(8), unreadCount: 3 } as const;
    expect(titles(applyEventToPages(pages(page([8, 3], null)), restored, archived))).toEqual(['#3']);
  });
});
