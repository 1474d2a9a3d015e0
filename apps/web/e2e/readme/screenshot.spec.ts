import { bell, expect, panel, signIn, test } from '../fixtures.js';
import { SAMPLE, ago, hour, minute, pictureLightAndDark } from './readme-pictures.js';

// Not part of `test:e2e`: `pnpm --filter @livebell/web screenshot` runs it to
// refresh the README's pictures of the open bell, light and dark, from the
// real stack.

test('the open bell, light and dark, as the README shows it', async ({ page, notify }) => {
  const userId = 'ada';
  await notify(userId, { ...SAMPLE.welcome, createdAt: ago(26 * hour) });
  await notify(userId, { ...SAMPLE.invoice, createdAt: ago(3 * hour) });
  await notify(userId, { ...SAMPLE.newSignIn, createdAt: ago(52 * minute) });
  await notify(userId, {
    type: 'mention',
    title: 'Grace mentioned you in “Q3 roadmap”',
    body: '@ada could you review the notification milestones?',
    createdAt: ago(12 * minute),
  });
  await notify(userId, { ...SAMPLE.deploy, createdAt: ago(minute) });

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

  await pictureLightAndDark(page, (scheme) => (scheme === 'light' ? 'screenshot.png' : 'screenshot-dark.png'));
});
