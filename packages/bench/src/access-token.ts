// livebell's access tokens (DESIGN.md, "Auth"): HS256 JWTs with `sub` = user
// id, `role` and `exp`. The benchmark mints them for its clients, and the
// baseline servers check them the way livebell does.
import { tokenClaimsSchema } from '@livebell/shared';
import { jwtVerify, SignJWT } from 'jose';

/** A secret for the benchmark's servers only; HS256 wants at least 32 characters. */
export const BENCH_JWT_SECRET = 'livebell-bench-secret-not-for-production-use';

export function signingKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export function mintUserToken(key: Uint8Array, userId: string, ttlSeconds = 6 * 60 * 60): Promise<string> {
  return new SignJWT({ role: 'user' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(key);
}

/** The user id of a valid token; null for a missing, forged or expired one. */
export async function verifyUserToken(key: Uint8Array, token: unknown): Promise<string | null> {
  if (typeof token !== 'string' || token === '') return null;
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
    const claims = tokenClaimsSchema.safeParse(payload);
    return claims.success ? claims.data.sub : null;
  } catch {
    return null;
  }
}
