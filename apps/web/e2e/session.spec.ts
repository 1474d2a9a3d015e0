import { expect, openTab, test } from './fixtures.js';

test.describe('the session', () => {
  test('a session the server refuses ends, back at the sign-in page', async ({ page }) => {
    await page.goto('/');
    await page.evaluate(() => {
      const forged = { token: 'not-a-jwt', userId: 'mallory', role: 'admin', expiresAt: '2999-01-01T00:00:00.000Z' };
      localStorage.setItem('livebell.session', JSON.stringify(forged));
    });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect(await page.evaluate(() => localStorage.getItem('livebell.session'))).toBeNull();
  });

  test('tabs of one browser share the sign-in: signing out in one signs out the other', async ({
    page,
    context,
    ada,
  }) => {
    const otherTab = await openTab(context);
    await expect(otherTab.getByRole('heading', { name: `Welcome, ${ada}` })).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(otherTab.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  });
});
