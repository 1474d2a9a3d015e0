import type { Page } from '@playwright/test';

export interface SseWatch {
  /** The URLs of the WebSockets the page has opened: none, where SSE carries the live stream. */
  sockets: string[];
  /**
   * The connection params of the page's first EventSource request to the
   * path: tRPC sends them in the URL, since EventSource sends no headers.
   */
  connectionParams: Promise<unknown>;
}

/** Watches `page`, from before it opens its live stream, for an EventSource to `path` and for any WebSocket. */
export function watchSse(page: Page, path: string): SseWatch {
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));
  const stream = page.waitForRequest(
    (request) => request.resourceType() === 'eventsource' && request.url().includes(path),
  );
  const connectionParams = stream.then((request): unknown =>
    JSON.parse(new URL(request.url()).searchParams.get('connectionParams') ?? '{}'),
  );
  return { sockets, connectionParams };
}
