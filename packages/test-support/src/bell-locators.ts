import type { Locator, Page } from '@playwright/test';

// The parts of @livebell/react's bell a test finds, by their accessible names.

/** The bell button; its accessible name carries the unread count. */
export function bell(page: Page): Locator {
  return page.getByRole('button', { name: /^Notifications/ });
}

/** The bell's open panel. */
export function panel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Notifications' });
}

/** The connection indicator. */
export function connection(page: Page): Locator {
  return page.getByRole('status').filter({ has: page.locator('.lb-connection-dot') });
}
