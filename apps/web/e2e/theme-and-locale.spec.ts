import type { Page } from '@playwright/test';
import { connection, expect, signIn, test } from './fixtures.js';

const minute = 60_000;

/** The colour the bell's panel is painted in, as the browser computed it. */
async function panelBackground(page: Page): Promise<string> {
  return page.getByRole('dialog').evaluate((panel) => getComputedStyle(panel).backgroundColor);
}

/** The WCAG contrast ratio of two colours as the browser computes them (`rgb(r, g, b)`). */
function contrastRatio(first: string, second: string): number {
  const luminance = (colour: string) => {
    const [r = 0, g = 0, b = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map((channel) => {
      const c = Number(channel) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [lighter, darker] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
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

test.describe('the home page in a dark system theme', () => {
  test.use({ colorScheme: 'dark' });

  test('the command to try stands out from its card, its text readable', async ({ page, uniqueUser }) => {
    await signIn(page, uniqueUser('ada'));
    const card = page.getByRole('region', { name: 'Send yourself a notification' });
    const colours = await card.locator('.command').evaluate((box) => {
      const style = getComputedStyle(box);
      return {
        card: getComputedStyle(box.closest('section') ?? document.body).backgroundColor,
        box: style.backgroundColor,
        border: style.borderTopColor,
        borderWidth: parseFloat(style.borderTopWidth),
        text: getComputedStyle(box.querySelector('code') ?? box).color,
      };
    });
    // A dark box on a dark card: its edge is what sets it apart (3:1, as WCAG asks of a component's boundary).
    expect(colours.borderWidth).toBeGreaterThanOrEqual(1);
    expect(contrastRatio(colours.border, colours.card)).toBeGreaterThanOrEqual(3);
    expect(contrastRatio(colours.text, colours.box)).toBeGreaterThanOrEqual(4.5);
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
