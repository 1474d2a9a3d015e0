import type { Locator, Page } from '@playwright/test';
import { expect, expectAdministratorsOnly, keepScreenshot, signIn, test } from './fixtures.js';

/** One stat card of the operations page, found by its accessible name. */
function stat(page: Page, name: string): Locator {
  return page.getByRole('region', { name });
}

test.describe('the operations page', () => {
  test('an admin finds it and sees deliveries, lag and subscribers move after notifications', async ({
    page,
    uniqueUser,
    notify,
  }, testInfo) => {
    const admin = uniqueUser('admin');
    await signIn(page, admin, 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Operations' }).click();
    await expect(page.getByRole('heading', { name: 'Operations' })).toBeVisible();
    await expect(stat(page, 'Change stream')).toContainText('Watching');
    // The admin's own bell is one of this node's subscribers.
    await expect(stat(page, 'Subscribers').locator('.stat-value')).toHaveText(/^[1-9]\d*$/, { timeout: 10_000 });
    await expect(stat(page, 'Deliveries per second').locator('.stat-value')).toHaveText('0.0', { timeout: 10_000 });

    for (let i = 1; i <= 6; i++) await notify(admin, { title: `Load ${i}` });

    await expect(stat(page, 'Deliveries per second').locator('.stat-value')).not.toHaveText(/^(0\.0|–)$/, {
      timeout: 10_000,
    });
    await expect(stat(page, 'Delivery lag').locator('.stat-value')).toHaveText(/^\d+(\.\d)? (ms|s)$/);
    await expect(page.getByRole('img', { name: /^Deliveries per second over the last/ })).toBeVisible();
    await keepScreenshot(testInfo, 'operations', page);
  });

  test('a member has no Operations link, and /operations says it is for administrators', async ({
    page,
    uniqueUser,
  }) => {
    await expectAdministratorsOnly(page, uniqueUser('member'), { link: 'Operations', path: '/operations' });
    await expect(page.getByRole('heading', { name: 'Operations' })).toHaveCount(0);
  });
});
