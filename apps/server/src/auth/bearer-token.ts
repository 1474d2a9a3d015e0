import type { IncomingMessage } from 'node:http';

/** The token of an `Authorization: Bearer <token>` header, or null without one. */
export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
