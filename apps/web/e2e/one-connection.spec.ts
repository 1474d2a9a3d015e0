import type { BrowserContext, Page, WebSocket } from '@playwright/test';
import { bell, connection, expect, openTab, panel, signIn, test } from './fixtures.js';

/** Every /trpc WebSocket a tab opens, with the frames it sent. */
function recordSockets(page: Page): { socket: WebSocket; sent: string[] }[] {
  const sockets: { socket: WebSocket; sent: string[] }[] = [];
  page.on('websocket', (socket) => {
    if (!new URL(socket.url()).pathname.startsWith('/trpc')) return;
    const entry = { socket, sent: [] as string[] };
    socket.on('framesent', (frame) => {
      if (typeof frame.payload === 'string') entry.sent.push(frame.payload);
    });
    sockets.push(entry);
  });
  return sockets;
}

/**
 * Records every `new Notification(...)` a tab makes (the permission is
 * granted to the context), and lets the test say whether the tab is visible:
 * a headless browser shows every tab, so `visibilityState` is put behind a
 * switch that fires `visibilitychange` as the browser would.
 */
async function installAlertRecorder(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const alerts: { title: string; tag: string | undefined; alert: Notification }[] = [];
    const Native = window.Notification;
    window.Notification = new Proxy(Native, {
      construct(target, args: [string, NotificationOptions | undefined]) {
        const alert = new target(...args);
        alerts.push({ title: args[0], tag: args[1]?.tag, alert });
        return alert;
      },
    });
    let hidden = false;
    Object.defineProperty(Document.prototype, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    Object.assign(window, {
      livebellAlerts: alerts,
      livebellSetHidden(value: boolean) {
        hidden = value;
        document.dispatchEvent(new Event('visibilitychange'));
      },
    });
  });
}

interface RecorderWindow {
  livebellAlerts: { title: string; tag: string | undefined; alert: Notification }[];
  livebellSetHidden(value: boolean): void;
}

const alertsOf = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as RecorderWindow).livebellAlerts.map(({ title, tag }) => ({ title, tag: tag ?? null })),
  );
const setHidden = (page: Page, hidden: boolean) =>
  page.evaluate((value) => (window as unknown as RecorderWindow).livebellSetHidden(value), hidden);

test.describe('one connection per browser', () => {
  test('three tabs of one user share one WebSocket; when the leading tab closes mid-stream, the others lose and double nothing', async ({
    page,
    context,
    notify,
    uniqueUser,
  }) => {
    test.setTimeout(60_000);
    const ada = uniqueUser('ada');
    const first = recordSockets(page);
    await signIn(page, ada);
    const tabs = [await context.newPage(), await context.newPage()] as const;
    const others = tabs.map((tab) => recordSockets(tab));
    for (const tab of tabs) {
      await tab.goto('/');
      await expect(connection(tab)).toHaveText('Live');
    }
    await notify(ada, { title: 'Before 1' });
    for (const tab of [page, ...tabs]) await expect(bell(tab)).toHaveAccessibleName('Notifications, 1 unread');
    expect(first).toHaveLength(1);
    expect(others.map((sockets) => sockets.length)).toEqual([0, 0]);

    // Mid-stream: the leading tab closes after the fifth of twenty.
    const total = 20;
    for (let n = 1; n <= total; n += 1) {
      await notify(ada, { title: `Stream ${n}` });
      if (n === 5) await page.close();
    }
    for (const tab of tabs) {
      await expect(bell(tab)).toHaveAccessibleName(`Notifications, ${total + 1} unread`, { timeout: 15_000 });
      await bell(tab).click();
      const shown = panel(tab).locator('.lb-item-title');
      await expect(shown).toHaveCount(total + 1);
      const texts = await shown.allTextContents();
      expect(new Set(texts).size).toBe(total + 1);
      expect(texts[0]).toBe(`Stream ${total}`);
    }
    // Exactly one tab took over, with one socket, resuming from the last event it applied.
    const takeovers = others.flat();
    expect(takeovers).toHaveLength(1);
    const subscribe = takeovers[0]?.sent.find((frame) => frame.includes('notifications.onEvent')) ?? '';
    expect(subscribe).toMatch(/"lastEventId":"[^"]+"/);
  });

  test('a desktop alert shows once for two background tabs, tagged with the notification id; clicking it opens the bell', async ({
    page,
    context,
    notify,
    uniqueUser,
  }) => {
    await installAlertRecorder(context);
    const ada = uniqueUser('ada');
    await signIn(page, ada);
    const otherTab = await openTab(context);

    // Opt in from the panel.
    await bell(page).click();
    const alertsSwitch = panel(page).getByRole('switch', { name: 'Desktop alerts' });
    await expect(alertsSwitch).toHaveAttribute('aria-checked', 'false');
    await alertsSwitch.click();
    await expect(alertsSwitch).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Escape');

    // While a tab is visible, no alert.
    await notify(ada, { title: 'Seen on screen' });
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 1 unread');

    await setHidden(page, true);
    await setHidden(otherTab, true);
    const id = await notify(ada, { title: 'While away' });
    await expect(bell(page)).toHaveAccessibleName('Notifications, 2 unread');
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 2 unread');
    const second = await notify(ada, { title: 'Still away' });
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 3 unread');
    await expect(bell(page)).toHaveAccessibleName('Notifications, 3 unread');

    const all = [...(await alertsOf(page)), ...(await alertsOf(otherTab))];
    expect(all).toEqual([
      { title: 'While away', tag: id },
      { title: 'Still away', tag: second },
    ]);

    // The tab that showed it handles its click: it opens the bell, and the notification is read.
    const shower = (await alertsOf(page)).length > 0 ? page : otherTab;
    await shower.evaluate(() => {
      const [first] = (window as unknown as RecorderWindow).livebellAlerts;
      first?.alert.dispatchEvent(new Event('click'));
    });
    await expect(panel(shower)).toBeVisible();
    await expect(bell(otherTab)).toHaveAccessibleName('Notifications, 2 unread');
  });
});
