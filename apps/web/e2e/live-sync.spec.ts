import { ObjectId } from 'mongodb';
import { bell, connection, expect, keepScreenshot, openTab, panel, signIn, test } from './fixtures.js';
import { installNetworkCut } from './network-cut.js';

test.describe('live sync across tabs and reconnects', () => {
  test('marking read in one tab clears the badge in the other', async ({ page, context, ada, notify }, testInfo) => {
    // A second tab of the same browser shares the sign-in.
    const otherTab = await openTab(context);

    await notify(ada, { title: 'Seen in both tabs' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 1 unread');

    await bell(page).click();
    await panel(page)
      .getByRole('button', { name: /Seen in both tabs/ })
      .first()
      .click();
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, no unread');
    await expect(otherTab.locator('.lb-bell-badge')).toHaveCount(0);
    await keepScreenshot(testInfo, 'other tab', otherTab);
  });

  test('a tab that opens while its first load is slow keeps a notification the leading tab shares meanwhile', async ({
    page,
    context,
    ada,
    notify,
  }) => {
    // The new tab's first load of list and count is read from the database
    // now, before the notification exists, and handed to the tab only once
    // the tab has had the notification from the leading tab.
    const otherTab = await context.newPage();
    let handOver = () => {};
    const handedOver = new Promise<void>((resolve) => (handOver = resolve));
    let firstLoad: Promise<void> | undefined;
    await otherTab.route(
      (url) => url.pathname.includes('notifications.list'),
      async (route) => {
        if (firstLoad !== undefined) return route.fallback();
        firstLoad = (async () => {
          const stale = await route.fetch();
          await handedOver;
          // The tab may have given up on this load: then there is nobody to hand it to.
          await route.fulfill({ response: stale }).catch(() => undefined);
        })();
        return firstLoad;
      },
    );
    await otherTab.goto('/');
    await expect(connection(otherTab)).toHaveText('Live');

    await notify(ada, { title: 'Shared while loading' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 1 unread');
    handOver();
    await firstLoad;

    await bell(otherTab).click();
    await expect(panel(otherTab).locator('.lb-item-title')).toHaveText(['Shared while loading']);
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 1 unread');
  });

  test('a tab whose network was cut shows all three notifications that arrived meanwhile, without a reload', async ({
    page,
    context,
    notify,
    uniqueUser,
  }, testInfo) => {
    const ada = uniqueUser('ada');
    const network = await installNetworkCut(page);
    await signIn(page, ada);
    const otherTab = await openTab(context);
    // Survives only as long as the document does: a reload would drop it.
    await page.evaluate(() => Object.assign(window, { livebellE2eMarker: true }));

    await network.cut();
    await expect(connection(page)).toHaveText(/Reconnecting|Offline/);
    await notify(ada, { title: 'While away 1' });
    await notify(ada, { title: 'While away 2' });
    await notify(ada, { title: 'While away 3' });
    // The connected tab has them, so they were delivered; the cut tab has not.
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 3 unread');
    await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
    await keepScreenshot(testInfo, 'cut off', page);

    network.restore();
    await expect(connection(page)).toHaveText('Live', { timeout: 10_000 });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 3 unread');
    await bell(page).click();
    await expect(panel(page).locator('.lb-item-title')).toHaveText(['While away 3', 'While away 2', 'While away 1']);
    expect(await page.evaluate(() => 'livebellE2eMarker' in window)).toBe(true);
  });

  test('changes made straight in the database reach the open tab', async ({ page, ada, notify, database }) => {
    const first = await notify(ada, { title: 'Read elsewhere' });
    const second = await notify(ada, { title: 'Deleted elsewhere' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
    await bell(page).click();
    await expect(panel(page).getByRole('listitem')).toHaveCount(2);

    const notifications = database.collection('notifications');
    await notifications.updateOne({ _id: new ObjectId(first) }, { $set: { readAt: new Date() } });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
    await expect(
      panel(page)
        .getByRole('button', { name: /Read elsewhere/ })
        .first(),
    ).toHaveAccessibleName(/^Read elsewhere/);

    await notifications.deleteOne({ _id: new ObjectId(second) });
    await expect(panel(page).getByRole('listitem')).toHaveCount(1);
    await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
  });
});
