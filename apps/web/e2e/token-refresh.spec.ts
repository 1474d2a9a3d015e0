import { bell, connection, expect, signIn, test } from './fixtures.js';
import { installNetworkCut } from './network-cut.js';

/** The tokens the tab sent as tRPC connection params, one per WebSocket it opened, in order. */
function connectionTokens(frames: readonly string[]): string[] {
  return frames.flatMap((frame) => {
    const message: unknown = JSON.parse(frame);
    if (typeof message !== 'object' || message === null || !('method' in message) || !('data' in message)) return [];
    const { method, data } = message;
    if (method !== 'connectionParams' || typeof data !== 'object' || data === null || !('token' in data)) return [];
    return typeof data.token === 'string' ? [data.token] : [];
  });
}

test.describe('a refreshed token', () => {
  test('is the one a reconnect sends: getToken is asked again on every connect', async ({
    page,
    notify,
    uniqueUser,
  }) => {
    const ada = uniqueUser('ada');
    const network = await installNetworkCut(page);
    await signIn(page, ada);
    const first = await page.evaluate(
      () => (JSON.parse(localStorage.getItem('livebell.session') ?? '{}') as { token: string }).token,
    );
    expect(connectionTokens(network.sentFrames)).toEqual([first]);

    // A new token for the same user lands in storage, as a token refresh
    // would write it; nothing re-renders and the socket stays as it is.
    const refreshed = await page.evaluate(async (userId) => {
      const response = await fetch('/trpc/auth.devSignIn', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, role: 'user' }),
      });
      const session = ((await response.json()) as { result: { data: { token: string } } }).result.data;
      localStorage.setItem('livebell.session', JSON.stringify(session));
      return session.token;
    }, ada);
    expect(refreshed).not.toBe(first);

    await network.cut();
    await expect(connection(page)).toHaveText(/Reconnecting|Offline/);
    network.restore();
    await expect(connection(page)).toHaveText('Live', { timeout: 10_000 });
    expect(connectionTokens(network.sentFrames)).toEqual([first, refreshed]);

    await notify(ada, { title: 'Still delivered' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 1 unread');
  });
});
