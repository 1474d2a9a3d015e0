/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern even when it needs none. */
import { randomBytes } from 'node:crypto';
import { test as base, expect, type Page } from '@playwright/test';
import { MongoClient, type Db } from 'mongodb';
import { stackValue } from './stack-env.js';

const test = base.extend<object, { database: Db }>({
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
});

/** Signs in through the example app's own sign-in and waits for its own procedure's answer and the bell's live stream. */
async function signIn(page: Page, path: string): Promise<string> {
  const userName = `ada-${randomBytes(4).toString('hex')}`;
  await page.goto(path);
  await page.getByLabel('User name').fill(userName);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The app's own procedure, behind the app's own auth.
  await expect(page.getByText(`Hello, ${userName}!`)).toBeVisible();
  // livebell's, behind the same token checked against the app's JWKS.
  await expect(page.getByRole('status').filter({ has: page.locator('.lb-connection-dot') })).toHaveText('Live');
  await expect(page.getByRole('button', { name: 'Notifications, no unread' })).toBeVisible();
  return userName;
}

/** Inserts a notification for `userName` with the official driver, as any backend would, and sees it in the embedded bell. */
async function notifyAndSee(page: Page, database: Db, userName: string, title: string): Promise<void> {
  await database
    .collection('notifications')
    .insertOne({ userId: userName, type: 'info', title, createdAt: new Date(), readAt: null });
  const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page.getByRole('dialog', { name: 'Notifications' }).getByText(title)).toBeVisible();
}

test('the embedded bell shows a notification inserted into MongoDB, live over WebSocket', async ({
  page,
  database,
}) => {
  const eventStreams: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'eventsource') eventStreams.push(request.url());
  });
  const socket = page.waitForEvent('websocket', (ws) => new URL(ws.url()).pathname === '/trpc');
  const userName = await signIn(page, '/');
  expect(new URL((await socket).url()).pathname).toBe('/trpc');

  await notifyAndSee(page, database, userName, 'Delivered over WebSocket');
  expect(eventStreams).toEqual([]);
});

test('the embedded bell shows a notification inserted into MongoDB, live over SSE', async ({ page, database }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const stream = page.waitForRequest(
    (request) =>
      request.resourceType() === 'eventsource' && request.url().includes('/trpc/livebell.notifications.onEvent'),
  );
  const userName = await signIn(page, '/?transport=sse');
  // The token travels in tRPC's connection params: EventSource sends no headers.
  const streamUrl = new URL((await stream).url());
  expect(JSON.parse(streamUrl.searchParams.get('connectionParams') ?? '{}')).toHaveProperty('token');

  await notifyAndSee(page, database, userName, 'Delivered over SSE');
  expect(sockets).toEqual([]);
});
