import type { Page } from '@playwright/test';
import { connection, expect, panel, test, watchSse, type LivebellFixtures } from '@livebell/test-support/playwright';

/** Signs in through the example app's own sign-in and waits for its own procedure's answer and the bell's live stream. */
async function signIn(page: Page, path: string, userName: string): Promise<void> {
  await page.goto(path);
  await page.getByLabel('User name').fill(userName);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The app's own procedure, behind the app's own auth.
  await expect(page.getByText(`Hello, ${userName}!`)).toBeVisible();
  // livebell's, behind the same token checked against the app's JWKS.
  await expect(connection(page)).toHaveText('Live');
  await expect(page.getByRole('button', { name: 'Notifications, no unread' })).toBeVisible();
}

/** Inserts a notification for `userName` with the official driver, as any backend would, and sees it in the embedded bell. */
async function notifyAndSee(
  page: Page,
  notify: LivebellFixtures['notify'],
  userName: string,
  title: string,
): Promise<void> {
  await notify(userName, { title });
  const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(panel(page).getByText(title)).toBeVisible();
}

test('the embedded bell shows a notification inserted into MongoDB, live over WebSocket', async ({
  page,
  notify,
  uniqueUser,
}) => {
  const eventStreams: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'eventsource') eventStreams.push(request.url());
  });
  const socket = page.waitForEvent('websocket', (ws) => new URL(ws.url()).pathname === '/trpc');
  const userName = uniqueUser('ada');
  await signIn(page, '/', userName);
  expect(new URL((await socket).url()).pathname).toBe('/trpc');

  await notifyAndSee(page, notify, userName, 'Delivered over WebSocket');
  expect(eventStreams).toEqual([]);
});

test('the embedded bell shows a notification inserted into MongoDB, live over SSE', async ({
  page,
  notify,
  uniqueUser,
}) => {
  const sse = watchSse(page, '/trpc/livebell.notifications.onEvent');
  const userName = uniqueUser('ada');
  await signIn(page, '/?transport=sse', userName);
  // The token travels in tRPC's connection params: EventSource sends no headers.
  expect(await sse.connectionParams).toHaveProperty('token');

  await notifyAndSee(page, notify, userName, 'Delivered over SSE');
  expect(sse.sockets).toEqual([]);
});
