import type { Page, WebSocketRoute } from '@playwright/test';

export interface NetworkCut {
  /** Drops the tab's live connection; new ones hang and API requests fail, as on a lost network. */
  cut(): Promise<void>;
  /** Brings the network back: hanging connections complete, requests go through. */
  restore(): void;
  /** Every text frame the tab sent over its /trpc WebSockets, in order. */
  readonly sentFrames: readonly string[];
}

/**
 * Puts one tab's traffic to /trpc (its WebSocket and HTTP calls) behind a
 * switch. Unlike `context.setOffline`, it affects this tab alone, and it
 * closes an open WebSocket at once rather than leaving it to time out.
 * Install it before the page connects.
 *
 * While cut, a new WebSocket is held in its opening handshake, as a TCP
 * connect is on a dead network, and completes once the network is restored.
 */
export async function installNetworkCut(page: Page): Promise<NetworkCut> {
  // This tab keeps its own connection (the fallback where Web Locks are
  // missing) rather than sharing its browser's, so a cut cuts it alone.
  await page.addInitScript(() => {
    Reflect.deleteProperty(Navigator.prototype, 'locks');
  });
  let cut = false;
  const sentFrames: string[] = [];
  const open = new Set<{ client: WebSocketRoute; server: WebSocketRoute }>();
  // Settles when the network comes back; sockets opened while cut wait for it.
  let networkBack = Promise.resolve();
  let bringNetworkBack = () => {};

  const connect = (client: WebSocketRoute) => {
    const pair = { client, server: client.connectToServer() };
    open.add(pair);
    // With a message handler set, each frame must be passed on by hand.
    pair.client.onMessage((message) => {
      if (typeof message === 'string') sentFrames.push(message);
      pair.server.send(message);
    });
    // With close handlers set, each side's close must be passed on by hand.
    pair.client.onClose((code, reason) => {
      open.delete(pair);
      void pair.server.close({ code, reason });
    });
    pair.server.onClose((code, reason) => {
      open.delete(pair);
      void pair.client.close({ code, reason });
    });
  };

  // tRPC adds `?connectionParams=1` to the socket's URL. Playwright opens a
  // socket the handler did not connect once the handler settles, so while
  // cut the handler waits for the network to come back before connecting.
  await page.routeWebSocket(/\/trpc(\?.*)?$/, async (client) => {
    if (cut) await networkBack;
    connect(client);
  });
  await page.route('**/trpc/**', (route) => (cut ? route.abort('internetdisconnected') : route.fallback()));

  return {
    async cut() {
      cut = true;
      networkBack = new Promise((resolve) => {
        bringNetworkBack = resolve;
      });
      const closing = [...open];
      open.clear();
      for (const { client, server } of closing) {
        await server.close({ code: 4000, reason: 'network cut (test)' });
        await client.close({ code: 4000, reason: 'network cut (test)' });
      }
    },
    restore() {
      cut = false;
      bringNetworkBack();
    },
    sentFrames,
  };
}
