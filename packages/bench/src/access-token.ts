// The benchmark's access tokens are livebell's own: its clients present tokens
// minted by the server's AccessTokens, and the baseline servers check them
// with the same code, the way a livebell node does.
import type { AccessTokens } from '@livebell/server/access-tokens';

/** A secret for the benchmark's servers only; HS256 wants at least 32 characters. */
export const BENCH_JWT_SECRET = 'livebell-bench-secret-not-for-production-use';

/** How long a benchmark client's token lasts: longer than any run. */
export const BENCH_TOKEN_TTL_SECONDS = 6 * 60 * 60;

/** The user id of a valid token; null for a missing, forged or expired one. */
export async function verifiedUserId(tokens: AccessTokens, token: unknown): Promise<string | null> {
  if (typeof token !== 'string' || token === '') return null;
  const result = await tokens.verify(token);
  return result.ok ? result.user.id : null;
}
