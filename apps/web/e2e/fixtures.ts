/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern even when it needs none. */
import { test as base, expect, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { MongoClient, type Db } from 'mongodb';
import { randomBytes } from 'node:crypto';
import { stackValue } from './stack/stack-env.js';

export { expect };

/** A notification as an outside backend writes it, in the shape `pnpm notify` inserts. */
export interface NotifyInput {
  title: string;
  type?: string;
  body?: string;
  link?: string;
  /** Defaults to now. */
  createdAt?: Date;
  /** Buttons on the notification (at most two). */
  actions?: { label: string; url: string }[];
  /** Defaults to null (unread). */
  readAt?: Date | null;
  /** Defaults to absent (in the inbox). */
  archivedAt?: Date;
}

interface Fixtures {
  /** A user id no other test uses, so tests share the stack without seeing each other. */
  uniqueUser: (name: string) => string;
  /** Inserts one notification straight into MongoDB, as `pnpm notify` (and any backend) does. */
  notify: (userId: string, input: NotifyInput) => Promise<string>;
}

interface WorkerFixtures {
  database: Db;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  baseURL: async ({}, use) => {
    await use(stackValue('webUrl'));
  },
  database: [
    async ({}, use) => {
      const client = await MongoClient.connect(stackValue('mongodbUri'));
      try {
        await use(client.db(stackValue('mongodbDb')));
      } finally {
        await client.close();
      }
    },
    { scope: 'worker' },
  ],
  uniqueUser: async ({}, use) => {
    await use((name) => `${name}-${randomBytes(4).toString('hex')}`);
  },
  notify: async ({ database }, use) => {
    await use(async (userId, input) => {
      const { insertedId } = await database.collection('notifications').insertOne({
        userId,
        type: input.type ?? 'info',
        title: input.title,
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.link === undefined ? {} : { link: input.link }),
        ...(input.actions === undefined ? {} : { actions: input.actions }),
        ...(input.archivedAt === undefined ? {} : { archivedAt: input.archivedAt }),
        createdAt: input.createdAt ?? new Date(),
        readAt: input.readAt ?? null,
      });
      return insertedId.toHexString();
    });
  },
});

/** The same fixtures on the web app whose server has change streams off (ENABLE_CHANGE_STREAMS=false). */
export const delayedTest = test.extend({
  baseURL: async ({}, use) => {
    await use(stackValue('delayedWebUrl'));
  },
});

/** Keeps a screenshot of `page` with the test's results (the config keeps those of the `page` fixture). */
export async function keepScreenshot(testInfo: TestInfo, name: string, page: Page): Promise<void> {
  await testInfo.attach(name, { body: await page.screenshot({ animations: 'disabled' }), contentType: 'image/png' });
}

/** The bell button; its accessible name carries the unread count. */
export function bell(page: Page): Locator {
  return page.getByRole('button', { name: /^Notifications/ });
}

/** The bell's open panel. */
export function panel(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Notifications' });
}

/** The connection pill in the header. */
export function connection(page: Page): Locator {
  return page.getByRole('status').filter({ has: page.locator('.lb-connection-dot') });
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

/** Opens another tab of the same browser, which shares the sign-in, and waits until it is live. */
export async function openTab(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto('/');
  await expect(connection(tab)).toHaveText('Live');
  return tab;
}
