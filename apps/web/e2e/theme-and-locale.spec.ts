import type { Page } from '@playwright/test';
import { connection, expect, signIn, test } from './fixtures.js';

const minute = 60_000;

/** The colour the bell's panel is painted in, as the browser computed it. */
async function panelBackground(page: Page): Promise<string> {
  return page.getByRole('dialog').evaluate((panel) => getComputedStyle(panel).backgroundColor);
}

test.describe('the bell in a dark system theme', () => {
  test.use({ colorScheme: 'dark' });

  test('follows prefers-color-scheme: the panel and the page turn dark', async ({ page, notify, uniqueUser }) => {
    const ada = uniqueUser('ada');
    await notify(ada, { title: 'Seen in the dark', type: 'success' });
    await signIn(page, ada);
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    await expect(page.getByRole('dialog', { name: 'Notifications' })).toContainText('Seen in the dark');
    // The stylesheet's dark surface, #171c28.
    expect(await panelBackground(page)).toBe('rgb(23, 28, 40)');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 255, 255)');
  });
});

test.describe('the bell in a light system theme', () => {
  test.use({ colorScheme: 'light' });

  test('stays light', async ({ page, uniqueUser }) => {
    await signIn(page, uniqueUser('ada'));
    await page.getByRole('button', { name: /^Notifications/ }).click();
    expect(await panelBackground(page)).toBe('rgb(255, 255, 255)');
  });
});

test.describe('the bell in German', () => {
  test.use({ locale: 'de-DE' });

  test('speaks German: names, actions, the announcement and relative times', async ({ page, notify, uniqueUser }) => {
    const ada = uniqueUser('ada');
    await notify(ada, { title: 'Bericht fertig', createdAt: new Date(Date.now() - 3 * 60 * minute) });
    // The sign-in page is the app's own and English; the bell follows the browser's language.
    await page.goto('/');
    await page.getByLabel('User id').fill(ada);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const bell = page.getByRole('button', { name: /^Benachrichtigungen/ });
    await expect(bell).toHaveAccessibleName('Benachrichtigungen, 1 ungelesen');
    // Only what arrives over a running subscription is announced; what a
    // subscription finds when it starts comes with the list, unannounced.
    await expect(connection(page)).toHaveText('Live');

    await notify(ada, { title: 'Neuer Kommentar', type: 'comment' });
    await expect(page.locator('[aria-live="polite"]')).toHaveText('Neue Benachrichtigung: Neuer Kommentar');
    await expect(bell).toHaveAccessibleName('Benachrichtigungen, 2 ungelesen');

    await bell.click();
    const panel = page.getByRole('dialog', { name: 'Benachrichtigungen' });
    const older = panel.getByRole('button', { name: /Bericht fertig/ }).first();
    await expect(older).toHaveAccessibleName(/^Ungelesen: Bericht fertig.*vor 3 Stunden/);
    await expect(panel.getByRole('button', { name: /Neuer Kommentar/ }).first()).toContainText('Kommentar');

    await panel.getByRole('button', { name: '„Bericht fertig“ als gelesen markieren' }).click();
    await expect(bell).toHaveAccessibleName('Benachrichtigungen, 1 ungelesen');
    await panel.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
    await expect(bell).toHaveAccessibleName('Benachrichtigungen, keine ungelesen');
    await expect(panel).toContainText('Das ist alles');
  });
});
