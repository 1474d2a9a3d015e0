import { join } from 'node:path';
import { bell, expect, panel, signIn, test } from '../fixtures.js';

// Not part of `test:e2e`: `pnpm --filter @livebell/web screenshot` runs it to
// refresh the README's pictures of the open bell, light and dark, from the
// real stack.
const docs = join(import.meta.dirname, '..', '..', '..', '..', 'docs');
const minute = 60_000;

test('the open bell, light and dark, as the README shows it', async ({ page, notify }) => {
  const userId = 'ada';
  const ago = (ms: number) => new Date(Date.now() - ms);
  await notify(userId, {
    type: 'info',
    title: 'Welcome to livebell',
    body: 'Notifications from any backend land here, live.',
    createdAt: ago(26 * 60 * minute),
  });
  await notify(userId, {
    type: 'billing',
    title: 'Invoice #1042 is ready',
    body: 'Your March invoice of €48.00 is ready to download.',
    createdAt: ago(3 * 60 * minute),
  });
  await notify(userId, {
    type: 'security',
    title: 'New sign-in from Firefox on Linux',
    body: 'If this was not you, reset your password now.',
    createdAt: ago(52 * minute),
  });
  await notify(userId, {
    type: 'mention',
    title: 'Grace mentioned you in “Q3 roadmap”',
    body: '@ada could you review the notification milestones?',
    createdAt: ago(12 * minute),
  });
  await notify(userId, {
    type: 'success',
    title: 'Deploy finished',
    body: 'Version 42 is live in production.',
    createdAt: ago(1 * minute),
  });

  await signIn(page, userId);
  await expect(bell(page)).toHaveAccessibleName('Notifications, 5 unread');
  await bell(page).click();
  const items = panel(page).getByRole('listitem');
  await expect(items).toHaveCount(5);
  // Two read, so the picture shows both states.
  await items
    .nth(4)
    .getByRole('button', { name: /as read/ })
    .click();
  await items
    .nth(3)
    .getByRole('button', { name: /as read/ })
    .click();
  await expect(bell(page)).toHaveAccessibleName('Notifications, 3 unread');
  await panel(page).focus();
  // Marking the lower rows scrolled the list; the picture shows it from the top.
  await panel(page)
    .locator('.lb-panel-body')
    .evaluate((body) => body.scrollTo(0, 0));
  await page.mouse.move(0, 0);

  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(docs, 'screenshot.png'), animations: 'disabled' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: join(docs, 'screenshot-dark.png'), animations: 'disabled' });
});
