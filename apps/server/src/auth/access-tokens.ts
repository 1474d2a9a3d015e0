// The tokens a node accepts: its own HS256 JWTs (`sub` = user id, `role`,
// `exp`; signed with JWT_SECRET, minted by the dev sign-in), and, when a JWKS
// URL is configured, the identity provider's asymmetric ones. A token's `alg`
// header picks which check it gets; each check pins its algorithms, so a
// token cannot choose a weaker one. jose does the cryptography and the expiry
// check; the shared zod schema checks the claims of HS256 tokens.
import { randomUUID } from 'node:crypto';
import { tokenClaimsSchema, type Role } from '@livebell/shared';
import { decodeProtectedHeader, errors, jwtVerify, SignJWT, type CryptoKey } from 'jose';
import type { JwksTokens } from './jwks-tokens.js';

export interface AuthUser {
  id: string;
  role: Role;
}

/** Why a caller is not authenticated; safe to show the client, and a metric label. */
export type AuthRefusal = (typeof AUTH_REFUSALS)[number];
export const AUTH_REFUSALS = ['missing token', 'invalid token', 'invalid token claims', 'token expired'] as const;

/**
 * The refusal for an error of jose's `jwtVerify`: an expired token, claims
 * that fail its checks (missing, wrong issuer or audience), or anything else.
 */
export function refusalOf(error: unknown): AuthRefusal {
  // JWTExpired is a kind of JWTClaimValidationFailed: it is asked first.
  if (error instanceof errors.JWTExpired) return 'token expired';
  if (error instanceof errors.JWTClaimValidationFailed) return 'invalid token claims';
  return 'invalid token';
}

/** Why a presented token was refused; `reason` is safe to show the client. */
export type VerifyResult = { ok: true; user: AuthUser; expiresAt: Date } | { ok: false; reason: AuthRefusal };

export interface SignedToken {
  token: string;
  expiresAt: Date;
}

export class AccessTokens {
  /**
   * Imported once: handed raw bytes, jose would import the key again on every
   * sign and verify, which costs about a millisecond per connection. Null
   * when the node has no secret (a production node that trusts only JWKS).
   */
  private readonly key: Promise<CryptoKey> | null;

  constructor(
    secret: string | null,
    private readonly provider: JwksTokens | null = null,
  ) {
    this.key = secret === null ? null : importHmacKey(secret);
  }

  async sign(user: AuthUser, ttlSeconds: number): Promise<SignedToken> {
    if (this.key === null) throw new Error('No JWT_SECRET: this node signs no tokens');
    const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
    const token = await new SignJWT({ role: user.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuedAt()
      // A unique id, so two tokens minted for one user in the same second
      // still differ (a refresh must be told apart from the token it replaces).
      .setJti(randomUUID())
      .setExpirationTime(exp)
      .sign(await this.key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  /** Never throws: every failure is a refusal with a short reason. */
  async verify(token: string): Promise<VerifyResult> {
    let algorithm: unknown;
    try {
      algorithm = decodeProtectedHeader(token).alg;
    } catch {
      return { ok: false, reason: 'invalid token' };
    }
    if (algorithm !== 'HS256')
      return this.provider ? this.provider.verify(token) : { ok: false, reason: 'invalid token' };
    if (this.key === null) return { ok: false, reason: 'invalid token' };
    return this.verifyOwn(token, await this.key);
  }

  private async verifyOwn(token: string, key: CryptoKey): Promise<VerifyResult> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
    } catch (error) {
      return { ok: false, reason: refusalOf(error) };
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

function importHmacKey(secret: string): Promise<CryptoKey> {
  const bytes = new TextEncoder().encode(secret);
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}
