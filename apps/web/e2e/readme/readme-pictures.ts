import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { NotifyInput } from '@livebell/test-support/playwright';

// What the README's pictures of the bell have in common: the notifications
// they show and where they are kept, light and dark.

const docs = join(import.meta.dirname, '..', '..', '..', '..', 'docs');
export const minute = 60_000;
export const hour = 60 * minute;

/** The moment `ms` ago. */
export function ago(ms: number): Date {
  return new Date(Date.now() - ms);
}

/** Notifications as a real product would send them; each picture dates (and files) them its own way. */
export const SAMPLE = {
  welcome: { type: 'info', title: 'Welcome to livebell', body: 'Notifications from any backend land here, live.' },
  invoice: {
    type: 'billing',
    title: 'Invoice #1042 is ready',
    body: 'Your March invoice of €48.00 is ready to download.',
  },
  newSignIn: {
    type: 'security',
    title: 'New sign-in from Firefox on Linux',
    body: 'If this was not you, reset your password now.',
  },
  deploy: { type: 'success', title: 'Deploy finished', body: 'Version 42 is live in production.' },
} satisfies Record<string, NotifyInput>;

/** Where a picture of the README is kept: `name` in docs/. */
export function inDocs(name: string): string {
  return join(docs, name);
}

/** Saves `page` in light, then in dark, each to the file in docs/ that `name` gives it. */
export async function pictureLightAndDark(page: Page, name: (scheme: 'light' | 'dark') => string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: inDocs(name(scheme)), animations: 'disabled' });
  }
}
