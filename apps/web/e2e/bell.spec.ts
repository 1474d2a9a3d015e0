import { ObjectId } from 'mongodb';
import { bell, expect, keepScreenshot, panel, signIn, test } from './fixtures.js';

test.describe('the bell', () => {
  test('a notification inserted into MongoDB lights up only its own user’s bell within 2 seconds', async ({
    page,
    browser,
    notify,
    uniqueUser,
  }, testInfo) => {
    const ada = uniqueUser('ada');
    const grace = uniqueUser('grace');
    const graceContext = await browser.newContext();
    const gracePage = await graceContext.newPage();
    await signIn(page, ada);
    await signIn(gracePage, grace);
    await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
    await expect(bell(gracePage)).toHaveAccessibleName('Notifications, no unread');

    await notify(ada, {
      title: 'Deploy finished',
      body: 'Version 42 is live.',
      type: 'success',
      link: 'https://status.example.com/deploys/42',
    });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread', { timeout: 2_000 });
    await expect(page.locator('.lb-bell-badge')).toHaveText('1');
    await expect(page).toHaveTitle('(1) livebell');

    // Grace's own notification comes after Ada's on the one change stream;
    // a count of exactly 1 shows that Ada's never reached her.
    await notify(grace, { title: 'Grace only' });
    await expect(bell(gracePage)).toHaveAccessibleName('Notifications, 1 unread', { timeout: 2_000 });
    await bell(gracePage).click();
    await expect(panel(gracePage).getByRole('listitem')).toHaveCount(1);
    await expect(panel(gracePage)).toContainText('Grace only');
    await keepScreenshot(testInfo, 'grace', gracePage);

    await bell(page).click();
    await expect(panel(page).getByRole('listitem')).toHaveCount(1);
    // A link to another site opens in a new tab.
    const deploy = panel(page).getByRole('link', { name: /Deploy finished/ });
    await expect(deploy).toHaveAttribute('href', 'https://status.example.com/deploys/42');
    await expect(deploy).toHaveAttribute('target', '_blank');
    await graceContext.close();
  });

  test('opening a notification marks it read, read state toggles, and mark all read clears the badge', async ({
    page,
    ada,
    notify,
    database,
  }) => {
    await notify(ada, { title: 'First' });
    await notify(ada, { title: 'Second' });
    await notify(ada, { title: 'Third' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 3 unread');

    await bell(page).click();
    const second = panel(page)
      .getByRole('button', { name: /Second/ })
      .first();
    await expect(second).toHaveAccessibleName(/^Unread: Second/);
    await second.click();
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
    await expect(second).toHaveAccessibleName(/^Second/);

    await panel(page).getByRole('button', { name: 'Mark “Second” as unread' }).click();
    await expect(bell(page)).toHaveAccessibleName('Notifications, 3 unread');
    await expect(second).toHaveAccessibleName(/^Unread: Second/);
    await panel(page).getByRole('button', { name: 'Mark “Third” as read' }).click();
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');

    await panel(page).getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
    await expect(page.locator('.lb-bell-badge')).toHaveCount(0);
    await expect(panel(page).getByRole('button', { name: 'Mark all read' })).toBeDisabled();
    expect(await database.collection('notifications').countDocuments({ userId: ada, readAt: null })).toBe(0);
  });

  test('the bell works by keyboard alone', async ({ page, ada, notify }) => {
    await notify(ada, { title: 'Older' });
    await notify(ada, { title: 'Newer' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');

    await bell(page).focus();
    await page.keyboard.press('Enter');
    await expect(panel(page)).toBeFocused();
    await expect(bell(page)).toHaveAttribute('aria-expanded', 'true');

    await page.keyboard.press('Tab'); // Mark all read
    await page.keyboard.press('Tab'); // the views' tab list (one stop: the selected view)
    await expect(panel(page).getByRole('tab', { name: 'Inbox' })).toBeFocused();
    await page.keyboard.press('Tab'); // the type filter
    await page.keyboard.press('Tab'); // the newest row
    await expect(panel(page).getByRole('button', { name: /Newer/ }).first()).toBeFocused();
    await page.keyboard.press('ArrowDown');
    const older = panel(page).getByRole('button', { name: /Older/ }).first();
    await expect(older).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');

    await page.keyboard.press('Escape');
    await expect(panel(page)).toBeHidden();
    await expect(bell(page)).toBeFocused();
    await expect(bell(page)).toHaveAttribute('aria-expanded', 'false');
  });

  test('new notifications are announced through an aria-live region', async ({ page, ada, notify }) => {
    const region = page.locator('[aria-live="polite"]');
    await notify(ada, { title: 'Your export is ready' });
    await expect(region).toHaveText('New notification: Your export is ready');
  });

  test('the list is newest first with relative times, and loads older pages on demand', async ({
    page,
    notify,
    uniqueUser,
  }) => {
    const ada = uniqueUser('ada');
    const hour = 3_600_000;
    // Twelve notifications, an hour apart, the oldest 12 hours ago.
    for (let n = 1; n <= 12; n += 1) {
      await notify(ada, { title: `Report ${n}`, createdAt: new Date(Date.now() - (13 - n) * hour) });
    }
    await signIn(page, ada);
    await bell(page).click();
    const titles = panel(page).locator('.lb-item-title');
    await expect(titles).toHaveCount(10);
    await expect(titles.first()).toHaveText('Report 12');
    await expect(panel(page).getByRole('listitem').first()).toContainText('1h');

    await panel(page).getByRole('button', { name: 'Load older notifications' }).click();
    await expect(titles).toHaveCount(12);
    await expect(titles.last()).toHaveText('Report 1');
    await expect(panel(page).getByRole('listitem').last()).toContainText('12h');
    await expect(panel(page)).toContainText('That’s everything');
  });

  test('removing a notification takes it out of the list, the count and the database', async ({
    page,
    ada,
    notify,
    database,
  }) => {
    const id = await notify(ada, { title: 'Remove me' });
    await notify(ada, { title: 'Keep me' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');

    await bell(page).click();
    await panel(page).getByRole('button', { name: 'Remove “Remove me”' }).click();
    await expect(panel(page).getByRole('listitem')).toHaveCount(1);
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await expect(panel(page)).toBeVisible();
    expect(await database.collection('notifications').countDocuments({ _id: new ObjectId(id) })).toBe(0);
  });

  test('a new user sees an empty state', async ({ page, uniqueUser }) => {
    await signIn(page, uniqueUser('newcomer'));
    await bell(page).click();
    await expect(panel(page)).toContainText('You’re all caught up');
    await page.mouse.click(20, 400);
    await expect(panel(page)).toBeHidden();
  });
});
