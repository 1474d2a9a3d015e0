import { bell, expect, keepScreenshot, openTab, panel, signIn, test } from './fixtures.js';
import type { Page } from '@playwright/test';
import { ObjectId } from 'mongodb';

/** The titles the open panel lists, in order. */
function titles(page: Page) {
  return panel(page).locator('.lb-item-title');
}

function viewTab(page: Page, name: 'Inbox' | 'Unread' | 'Archived') {
  return panel(page).getByRole('tab', { name });
}

test.describe('archive, views and actions', () => {
  test('archiving in one tab takes the notification out of both inboxes and badges; restoring brings it back', async ({
    page,
    context,
    ada,
    notify,
  }, testInfo) => {
    const otherTab = await openTab(context);

    await notify(ada, { title: 'Keep me' });
    await notify(ada, { title: 'File me away' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 2 unread');

    await bell(page).click();
    await panel(page).getByRole('button', { name: 'Archive “File me away”' }).click();
    await expect(titles(page)).toHaveText(['Keep me']);
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 1 unread');

    await bell(otherTab).click();
    await expect(titles(otherTab)).toHaveText(['Keep me']);
    await viewTab(otherTab, 'Archived').click();
    await expect(viewTab(otherTab, 'Archived')).toHaveAttribute('aria-selected', 'true');
    await expect(titles(otherTab)).toHaveText(['File me away']);
    await keepScreenshot(testInfo, 'archived view', otherTab);

    await panel(otherTab).getByRole('button', { name: 'Restore “File me away”' }).click();
    await expect(titles(otherTab)).toHaveCount(0);
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 2 unread');
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
    await expect(titles(page)).toHaveText(['File me away', 'Keep me']);

    // Archive read: only what has been read leaves the inbox.
    await panel(page).getByRole('button', { name: 'Mark “Keep me” as read' }).click();
    await panel(page).getByRole('button', { name: 'Archive read' }).click();
    await expect(titles(page)).toHaveText(['File me away']);
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await viewTab(otherTab, 'Archived').click();
    await expect(titles(otherTab)).toHaveText(['Keep me']);
  });

  test('the inbox, unread and archived views, and the type filter', async ({ page, notify, uniqueUser }) => {
    const ada = uniqueUser('ada');
    await notify(ada, { title: 'Old and read', type: 'info', readAt: new Date() });
    await notify(ada, { title: 'Filed', type: 'mention', archivedAt: new Date() });
    await notify(ada, { title: 'Mentioned', type: 'mention' });
    await notify(ada, { title: 'Fresh', type: 'info' });
    await signIn(page, ada);
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
    await bell(page).click();

    await expect(viewTab(page, 'Inbox')).toHaveAttribute('aria-selected', 'true');
    await expect(titles(page)).toHaveText(['Fresh', 'Mentioned', 'Old and read']);
    await viewTab(page, 'Unread').click();
    await expect(titles(page)).toHaveText(['Fresh', 'Mentioned']);
    await viewTab(page, 'Archived').click();
    await expect(titles(page)).toHaveText(['Filed']);

    const typeFilter = panel(page).getByRole('combobox', { name: 'Type' });
    await typeFilter.selectOption({ label: 'Mention' });
    await expect(titles(page)).toHaveText(['Filed']);
    await viewTab(page, 'Inbox').click();
    await expect(titles(page)).toHaveText(['Mentioned']);
    await typeFilter.selectOption({ label: 'Info' });
    await viewTab(page, 'Unread').click();
    await expect(titles(page)).toHaveText(['Fresh']);

    // A live arrival lands in the views it belongs to only.
    await notify(ada, { title: 'Live info', type: 'info' });
    await notify(ada, { title: 'Live mention', type: 'mention' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 4 unread');
    await expect(titles(page)).toHaveText(['Live info', 'Fresh']);
    await typeFilter.selectOption({ label: 'All types' });
    await expect(titles(page)).toHaveText(['Live mention', 'Live info', 'Fresh', 'Mentioned']);
  });

  test('mark all read reads the inbox: an archived unread notification stays unread', async ({
    page,
    notify,
    uniqueUser,
    database,
  }) => {
    const ada = uniqueUser('ada');
    await notify(ada, { title: 'In the inbox' });
    const filed = await notify(ada, { title: 'Filed unread', archivedAt: new Date() });
    await signIn(page, ada);
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await bell(page).click();
    await viewTab(page, 'Archived').click();
    await expect(titles(page)).toHaveText(['Filed unread']);

    await viewTab(page, 'Inbox').click();
    await panel(page).getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
    await viewTab(page, 'Archived').click();
    await expect(
      panel(page)
        .getByRole('button', { name: /Filed unread/ })
        .first(),
    ).toHaveAccessibleName(/^Unread: Filed unread/);
    expect(await database.collection('notifications').countDocuments({ _id: new ObjectId(filed), readAt: null })).toBe(
      1,
    );
  });

  test('an action button marks the notification read and follows its url', async ({ page, ada, notify, database }) => {
    const id = await notify(ada, {
      title: 'Review requested',
      actions: [
        { label: 'Review', url: '/reviews/7' },
        { label: 'Dismiss', url: '/reviews' },
      ],
    });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await bell(page).click();
    const item = panel(page).getByRole('listitem').filter({ hasText: 'Review requested' });
    await expect(item.getByRole('link', { name: 'Dismiss' })).toBeVisible();
    await item.getByRole('link', { name: 'Review' }).click();
    await expect(page).toHaveURL(/\/reviews\/7$/);
    await expect
      .poll(async () => {
        const doc = await database.collection('notifications').findOne({ userId: ada });
        return doc?._id.toHexString() === id && doc.readAt instanceof Date;
      })
      .toBe(true);
  });
});
