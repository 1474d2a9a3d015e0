// The quick disable: with ENABLE_CHANGE_STREAMS=false the server
// watches nothing, so the app says "Delayed" and keeps the bell current by
// polling and by reloading after each change of its own.
import { DELAYED_POLL_MS } from '@livebell/react';
import { bell, connection, delayedTest as delayed, expect, panel } from './fixtures.js';

delayed.describe('with change streams off', () => {
  delayed(
    'the bell says Delayed, polls for what arrives, and reloads after its own changes',
    async ({ page, notify, uniqueUser }) => {
      // Polling runs on the page's clock, which the test moves on instead of waiting.
      await page.clock.install();
      const ada = uniqueUser('ada');
      await page.goto('/');
      await page.getByLabel('User id').fill(ada);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect(connection(page)).toHaveText('Delayed');
      await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');

      await notify(ada, { title: 'Found by polling' });
      await page.clock.fastForward(DELAYED_POLL_MS + 1_000);
      await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');

      await bell(page).click();
      await expect(panel(page)).toContainText(
        'The server is not watching for changes right now; the bell refreshes every 30 seconds.',
      );
      const item = panel(page)
        .getByRole('button', { name: /Found by polling/ })
        .first();
      await expect(item).toHaveAccessibleName(/^Unread: Found by polling/);
      await item.click();
      // No event confirms the change, so the app reloads count and list itself.
      await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
      await expect(item).toHaveAccessibleName(/^Found by polling/);
    },
  );
});
