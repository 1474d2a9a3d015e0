// HS256 JWTs (DESIGN.md, "Auth"): `sub` = user id, `role`, `exp`. jose does
// the cryptography and the expiry check; the shared zod schema checks the claims.
import { tokenClaimsSchema, type Role } from '@livebell/shared';
import { errors, jwtVerify, SignJWT, type CryptoKey } from 'jose';

export interface AuthUser {
  id: string;
  role: Role;
}

/** Why a caller is not authenticated; safe to show the client, and a metric label. */
export type AuthRefusal = (typeof AUTH_REFUSALS)[number];
export const AUTH_REFUSALS = ['missing token', 'invalid token', 'invalid token claims', 'token expired'] as const;

/** Why a presented token was refused; `reason` is safe to show the client. */
export type VerifyResult = { ok: true; user: AuthUser; expiresAt: Date } | { ok: false; reason: AuthRefusal };

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export class AccessTokens {
  /**
   * Imported once: handed raw bytes, jose would import the key again on every
   * sign and verify, which costs about a millisecond per connection.
   */
  private readonly key: Promise<CryptoKey>;

  constructor(secret: string) {
    this.key = crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  async sign(user: AuthUser, ttlSeconds: number): Promise<SignedToken> {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Never throws: every failure is a refusal with a short reason. */
  async verify(token: string): Promise<VerifyResult> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, await this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'token expired' };
      return { ok: false, reason: 'invalid token' };
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'invalid token claims' };
    return {
      ok: true,
      user: { id: claims.data.sub, role: claims.data.role },
      expiresAt: new Date(claims.data.exp * 1000),
    };
  }
}
