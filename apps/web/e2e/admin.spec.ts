import { bell, expect, expectAdministratorsOnly, keepScreenshot, panel, signIn, test } from './fixtures.js';

test.describe('the admin page', () => {
  test('a send reaches the named user, after showing what to fix', async ({ page, browser, uniqueUser }, testInfo) => {
    const linus = uniqueUser('linus');
    const linusContext = await browser.newContext();
    const linusPage = await linusContext.newPage();
    await signIn(linusPage, linus);
    await signIn(page, uniqueUser('admin'), 'admin');
    await page.getByRole('navigation').getByRole('link', { name: 'Send' }).click();
    await expect(page.getByRole('heading', { name: 'Send a notification' })).toBeVisible();

    await page.getByLabel('Recipients').fill(linus);
    await page.getByLabel('Link (optional)').fill('javascript:alert(1)');
    await page.getByRole('button', { name: 'Send notification' }).click();
    await expect(page.getByText('Give the notification a title.')).toBeVisible();
    await expect(page.getByText('Use an http(s) URL or a path that starts with /.')).toBeVisible();
    await expect(page.getByLabel('Link (optional)')).toBeFocused();
    await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Link (optional)').fill('/releases/42');
    await page.getByLabel('Type').selectOption('success');
    await page.getByLabel('Title').fill('Release 42 is out');
    await page.getByLabel('Message (optional)').fill('Read what changed.');
    await page.getByRole('button', { name: 'Send notification' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sent to 1 recipient.' })).toBeVisible();

    await expect(bell(linusPage)).toHaveAccessibleName('Notifications, 1 unread');
    await bell(linusPage).click();
    const item = panel(linusPage).getByRole('link', { name: /Release 42 is out/ });
    await expect(item).toHaveAttribute('href', '/releases/42');
    await expect(item).not.toHaveAttribute('target');
    await expect(item).toContainText('Read what changed.');
    await keepScreenshot(testInfo, 'recipient', linusPage);
    await linusContext.close();
  });

  test('a member has no Send page: the link is absent and /admin says it is for administrators', async ({
    page,
    uniqueUser,
  }) => {
    await expectAdministratorsOnly(page, uniqueUser('member'), { link: 'Send', path: '/admin' });
    await expect(page.getByRole('button', { name: /Send/ })).toHaveCount(0);
  });
});
