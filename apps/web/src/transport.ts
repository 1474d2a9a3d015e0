import type { LivebellTransport } from '@livebell/react';

/**
 * How the bell's live stream travels: over one WebSocket, or as server-sent
 * events when the app is opened with `?transport=sse` (for networks whose
 * proxies break WebSockets). Read once, when the app loads.
 */
export const TRANSPORT: LivebellTransport =
  new URLSearchParams(window.location.search).get('transport') === 'sse' ? 'sse' : 'websocket';
