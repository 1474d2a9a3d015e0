import type { IncomingMessage } from 'node:http';

/** The path of a request's URL without its query; `/` for an unparsable URL. */
export function pathOf(req: IncomingMessage): string {
  try {
    return new URL(req.url ?? '/', 'http://localhost').pathname;
  } catch {
    return '/';
  }
}
