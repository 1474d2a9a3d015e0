// What a WebSocket connection keeps of its upgrade request. The connection
// handler holds the request it is handed for as long as the socket is open
// (it passes it to createContext and onError); a whole IncomingMessage, with
// its stream state, raw headers and every header the browser sent (cookies,
// user agent), is about 1 KiB per idle connection. After the upgrade nothing
// reads more than this: the handler reads the URL (does the client send
// connection params?), the standalone server's auth (`accessTokenAuth`) the
// Authorization header.
import type { IncomingMessage } from 'node:http';

type UpgradeRequest = Pick<IncomingMessage, 'method' | 'url' | 'headers'>;

export function upgradeRequestOf(req: IncomingMessage): UpgradeRequest {
  return { method: req.method, url: req.url, headers: { authorization: req.headers.authorization } };
}
