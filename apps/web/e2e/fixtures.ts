import type { BrowserContext, Page, TestInfo } from '@playwright/test';
import { bell, connection, e2eStackValue, expect, test as base } from '@livebell/test-support/playwright';

// The shared fixtures (`notify`, `uniqueUser`, `database`) and the bell's
// locators come from @livebell/test-support; what follows is this app's own.
export { bell, connection, expect, panel, watchSse } from '@livebell/test-support/playwright';

export const test = base.extend<{
  /** A user of her own (a unique id), signed in on `page` before the test begins. */
  ada: string;
}>({
  ada: async ({ page, uniqueUser }, use) => {
    const ada = uniqueUser('ada');
    await signIn(page, ada);
    await use(ada);
  },
});

/** The same fixtures on the web app whose server has change streams off (ENABLE_CHANGE_STREAMS=false). */
export const delayedTest = test.extend({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from a destructuring pattern, even an empty one.
  baseURL: async ({}, use) => {
    await use(e2eStackValue('delayedWebUrl'));
  },
});

/** Keeps a screenshot of `page` with the test's results (the config keeps those of the `page` fixture). */
export async function keepScreenshot(testInfo: TestInfo, name: string, page: Page): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ animations: 'disabled' }), contentType: 'image/png' });
}

/** Signs in through the dev sign-in page and waits until the live subscription is up. */
export async function signIn(page: Page, userId: string, role: 'user' | 'admin' = 'user'): Promise<void> {
  await page.goto('/');
  await page.getByLabel('User id').fill(userId);
  if (role === 'admin') await page.getByRole('button', { name: 'Sign in as admin' }).click();
  else await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(connection(page)).toHaveText('Live');
  await expect(bell(page)).toHaveAccessibleName(/^Notifications, /);
}

/** Signs `member` in and sees that the page at `path` is for administrators: no `link` in the navigation, a refusal at `path`. */
export async function expectAdministratorsOnly(
  page: Page,
  member: string,
  { link, path }: { link: string; path: string },
): Promise<void> {
  await signIn(page, member);
  await expect(page.getByRole('navigation').getByRole('link', { name: link })).toHaveCount(0);
  await page.goto(path);
  await expect(page.getByRole('heading', { name: 'Administrators only' })).toBeVisible();
}

/** Opens another tab of the same browser, which shares the sign-in, and waits until it is live. */
export async function openTab(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto('/');
  await expect(connection(tab)).toHaveText('Live');
  return tab;
}
