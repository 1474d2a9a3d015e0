// Tokens from the deployment's own identity provider (Auth0, Clerk, Keycloak,
// Cognito, Entra, ...): asymmetric JWTs whose public keys the provider
// publishes at a JWKS URL. jose fetches that set, caches it, and fetches it
// again when a token names a key id (`kid`) it does not hold: a rotated key
// is picked up at its first use, and a retired one fails once the set that
// dropped it has been fetched. The issuer and the audience must match; the
// user id and the role come from configurable claims.
import { userIdSchema, type Role } from '@livebell/shared';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Logger } from '../logger.js';
import { refusalOf, type AuthUser, type VerifyResult } from './access-tokens.js';

/** The asymmetric algorithms accepted from a key set; symmetric ones never are (a public key is no secret). */
const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

export interface JwksSettings {
  url: string;
  issuer: string;
  audience: string;
  /** The claim that holds the user id; a dotted path reaches into objects when no claim has that exact name. */
  userClaim: string;
  /** The claim that holds the role: `admin`, or an array containing it, makes an admin; anything else a user. */
  roleClaim: string;
}

export interface JwksCaching {
  /** How long after a fetch an unknown `kid` may trigger another fetch (jose's default: 30 s). */
  refetchCooldownMs: number;
  /** How long a fetched key set is used before it is fetched again (jose's default: 10 min). */
  maxAgeMs: number;
}

const DEFAULT_CACHING: JwksCaching = { refetchCooldownMs: 30_000, maxAgeMs: 10 * 60_000 };

export class JwksTokens {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly settings: JwksSettings,
    private readonly logger: Logger,
    caching: JwksCaching = DEFAULT_CACHING,
  ) {
    this.keys = createRemoteJWKSet(new URL(settings.url), {
      cooldownDuration: caching.refetchCooldownMs,
      cacheMaxAge: caching.maxAgeMs,
    });
  }

  /** Never throws: every failure is a refusal with a short reason. */
  async verify(token: string): Promise<VerifyResult> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: JWKS_ALGORITHMS,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout) {
        // The key set could not be fetched or read: the provider's fault, not the client's.
        this.logger.warn({ err: error, url: this.settings.url }, 'JWKS unavailable; refusing tokens it would verify');
      }
      return { ok: false, reason: refusalOf(error) };
    }
    const user = this.userOf(payload);
    if (user === null || payload.exp === undefined) return { ok: false, reason: 'invalid token claims' };
    return { ok: true, user, expiresAt: new Date(payload.exp * 1000) };
  }

  private userOf(payload: JWTPayload): AuthUser | null {
    const id = userIdSchema.safeParse(claimAt(payload, this.settings.userClaim));
    if (!id.success) return null;
    const role = claimAt(payload, this.settings.roleClaim);
    const admin = role === 'admin' || (Array.isArray(role) && role.includes('admin'));
    return { id: id.data, role: (admin ? 'admin' : 'user') satisfies Role };
  }
}

/**
 * A claim by exact name (providers namespace claims as URLs, dots included),
 * else by dotted path (Keycloak's `realm_access.roles`).
 */
function claimAt(payload: JWTPayload, name: string): unknown {
  if (Object.hasOwn(payload, name)) return payload[name];
  let value: unknown = payload;
  for (const key of name.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
