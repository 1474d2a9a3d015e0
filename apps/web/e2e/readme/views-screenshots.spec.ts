import { bell, expect, panel, signIn, test } from '../fixtures.js';
import { SAMPLE, ago, hour, minute, pictureLightAndDark } from './readme-pictures.js';

// Not part of `test:e2e`: `pnpm --filter @livebell/web screenshot` runs it to
// refresh the pictures of the bell's three views, light and dark, in docs/.

test('the inbox, unread and archived views, light and dark', async ({ page, notify, uniqueUser }) => {
  const userId = uniqueUser('ada');
  const day = 24 * hour;
  await notify(userId, { ...SAMPLE.welcome, createdAt: ago(3 * day), archivedAt: ago(2 * day), readAt: ago(3 * day) });
  await notify(userId, { ...SAMPLE.invoice, createdAt: ago(26 * hour), archivedAt: ago(20 * hour) });
  await notify(userId, { ...SAMPLE.newSignIn, createdAt: ago(3 * hour), readAt: ago(2 * hour) });
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
  await notify(userId, { ...SAMPLE.deploy, createdAt: ago(minute) });

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
    await pictureLightAndDark(page, (scheme) => `inbox-${view.toLowerCase()}-${scheme}.png`);
  }
});
