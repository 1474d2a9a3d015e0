// HS256 JWTs (DESIGN.md, "Auth"): `sub` = user id, `role`, `exp`. jose does
// the cryptography and the expiry check; the shared zod schema checks the claims.
import { tokenClaimsSchema, type Role } from '@livebell/shared';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AuthUser {
  id: string;
  role: Role;
}

/** Why a presented token was refused; `reason` is safe to show the client. */
export type VerifyResult = { ok: true; user: AuthUser } | { ok: false; reason: string };

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async sign(user: AuthUser, ttlSeconds: number): Promise<SignedToken> {
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Never throws: every failure is a refusal with a short reason. */
  async verify(token: string): Promise<VerifyResult> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ok: false, reason: 'token expired' };
      return { ok: false, reason: 'invalid token' };
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'invalid token claims' };
    return { ok: true, user: { id: claims.data.sub, role: claims.data.role } };
  }
}
