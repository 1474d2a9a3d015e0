import { join } from 'node:path';
import { bell, expect, panel, signIn, test } from '../fixtures.js';

// Not part of `test:e2e`: `pnpm --filter @livebell/web screenshot` runs it to
// refresh the pictures of the bell's three views, light and dark, in docs/.
const docs = join(import.meta.dirname, '..', '..', '..', '..', 'docs');
const minute = 60_000;

test('the inbox, unread and archived views, light and dark', async ({ page, notify, uniqueUser }) => {
  const userId = uniqueUser('ada');
  const ago = (ms: number) => new Date(Date.now() - ms);
  await notify(userId, {
    type: 'info',
    title: 'Welcome to livebell',
    body: 'Notifications from any backend land here, live.',
    createdAt: ago(3 * 24 * 60 * minute),
    archivedAt: ago(2 * 24 * 60 * minute),
    readAt: ago(3 * 24 * 60 * minute),
  });
  await notify(userId, {
    type: 'billing',
    title: 'Invoice #1042 is ready',
    body: 'Your March invoice of €48.00 is ready to download.',
    createdAt: ago(26 * 60 * minute),
    archivedAt: ago(20 * 60 * minute),
  });
  await notify(userId, {
    type: 'security',
    title: 'New sign-in from Firefox on Linux',
    body: 'If this was not you, reset your password now.',
    createdAt: ago(3 * 60 * minute),
    readAt: ago(2 * 60 * minute),
  });
  await notify(userId, {
    type: 'comment',
    title: 'Linus replied to your comment',
    body: '“Agreed, let’s ship it behind a flag.”',
    createdAt: ago(52 * minute),
    readAt: ago(40 * minute),
  });
  await notify(userId, {
    type: 'mention',
    title: 'Grace asked for your review',
    body: 'Pull request #7: notification milestones.',
    createdAt: ago(12 * minute),
    actions: [
      { label: 'Review', url: '/reviews/7' },
      { label: 'Later', url: '/reviews' },
    ],
  });
  await notify(userId, {
    type: 'success',
    title: 'Deploy finished',
    body: 'Version 42 is live in production.',
    createdAt: ago(1 * minute),
  });

  await signIn(page, userId);
  await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
  await bell(page).click();
  const views = [
    { view: 'Inbox', count: 4 },
    { view: 'Unread', count: 2 },
    { view: 'Archived', count: 2 },
  ] as const;
  for (const { view, count } of views) {
    await panel(page).getByRole('tab', { name: view }).click();
    await expect(panel(page).getByRole('listitem')).toHaveCount(count);
    await panel(page).focus();
    await page.mouse.move(0, 0);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({
        path: join(docs, `inbox-${view.toLowerCase()}-${scheme}.png`),
        animations: 'disabled',
      });
    }
  }
});
