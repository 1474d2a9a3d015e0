import { bell, connection, expect, panel, test, watchSse } from './fixtures.js';

test.describe('the bell over server-sent events', () => {
  test('with ?transport=sse the live stream is an EventSource, not a WebSocket, and the bell stays live', async ({
    page,
    notify,
    uniqueUser,
    database,
  }) => {
    const sse = watchSse(page, '/trpc/notifications.onEvent');

    const ada = uniqueUser('ada');
    await notify(ada, { title: 'Waiting before sign-in' });
    await page.goto('/?transport=sse');
    await page.getByLabel('User id').fill(ada);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(connection(page)).toHaveText('Live');
    // The token travels in tRPC's connection params: EventSource sends no headers.
    expect(await sse.connectionParams).toHaveProperty('token');
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');

    await notify(ada, { title: 'Arrived over SSE' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread', { timeout: 2_000 });
    await bell(page).click();
    await panel(page).getByRole('button', { name: 'Mark all read' }).click();
    await expect(bell(page)).toHaveAccessibleName('Notifications, no unread');
    expect(await database.collection('notifications').countDocuments({ userId: ada, readAt: null })).toBe(0);
    expect(sse.sockets).toEqual([]);
  });
});
