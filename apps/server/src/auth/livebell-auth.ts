// Who is calling, as the embedding application decides it. livebell does not
// care where identities come from (its own HS256 tokens, an identity
// provider's JWKS, a session cookie): a host hands the factory one function
// that looks at the request, and livebell trusts its answer. The answer is
// checked, so a host's bug is a refusal, never a user with an empty id.
import type { IncomingMessage } from 'node:http';
import { authIdentitySchema, type AuthIdentity } from '@livebell/shared';
import { z } from 'zod';
import { DEFAULT_JWT_CLAIMS } from '../config.js';
import { defaultLogger, type Logger } from '../logger.js';
import { AccessTokens, AUTH_REFUSALS, type AuthRefusal, type AuthUser } from './access-tokens.js';
import { bearerToken } from './bearer-token.js';
import { JwksTokens, type JwksSettings } from './jwks-tokens.js';

export interface AuthRequest {
  /** The HTTP request; for a WebSocket, the upgrade request that opened it. */
  req: IncomingMessage;
  /** What the client sent as tRPC connection params (WebSocket and SSE clients); null when it sent none. */
  connectionParams: Record<string, string | undefined> | null;
}

export type { AuthIdentity };

/** An identity: signed in (`expiresAt`, when given, ends its connection then). `null`: not signed in. `{ refusal }`: signed in with something that is not valid, and why. */
export type AuthOutcome = AuthIdentity | { refusal: AuthRefusal } | null;

/** The embedder's auth: given the request or connection, who it is. May be async; a throw is a refusal. */
export type LivebellAuth = (request: AuthRequest) => AuthOutcome | Promise<AuthOutcome>;

/** What livebell's context records of a caller. */
export interface Authentication {
  user: AuthUser | null;
  authError: AuthRefusal | null;
  /** Epoch ms; null without a user or without an expiry. */
  expiresAt: number | null;
}

const refusalSchema = z.object({ refusal: z.enum(AUTH_REFUSALS) });

/** Runs `auth` and turns whatever it answers (or throws) into an Authentication. */
export async function authenticate(auth: LivebellAuth, request: AuthRequest, logger: Logger): Promise<Authentication> {
  let outcome: unknown;
  try {
    outcome = await auth(request);
  } catch (error) {
    logger.error({ err: error }, 'The auth function threw; the caller is treated as not signed in');
    return refused('invalid token');
  }
  if (outcome === null || outcome === undefined) return refused('missing token');
  const identity = authIdentitySchema.safeParse(outcome);
  if (identity.success) {
    const { userId, role, expiresAt } = identity.data;
    return { user: { id: userId, role }, authError: null, expiresAt: expiresAt?.getTime() ?? null };
  }
  const refusal = refusalSchema.safeParse(outcome);
  if (refusal.success) return refused(refusal.data.refusal);
  logger.error({ issues: identity.error.issues }, 'The auth function answered something that is not an identity');
  return refused('invalid token');
}

function refused(authError: AuthRefusal): Authentication {
  return { user: null, authError, expiresAt: null };
}

/**
 * The standalone server's auth: a bearer token from the `Authorization`
 * header, or `token` in the connection params (EventSource and browser
 * WebSockets send no headers), verified as livebell's own HS256 token or the
 * identity provider's.
 */
export function accessTokenAuth(tokens: AccessTokens): LivebellAuth {
  return async ({ req, connectionParams }) => {
    const token = bearerToken(req) ?? connectionParams?.token ?? null;
    if (!token) return null;
    const result = await tokens.verify(token);
    if (!result.ok) return { refusal: result.reason };
    return { userId: result.user.id, role: result.user.role, expiresAt: result.expiresAt };
  };
}

export interface JwksAuthSettings extends Omit<JwksSettings, 'userClaim' | 'roleClaim'> {
  /** The claim holding the user id (default `sub`); a dotted path reaches into objects. */
  userClaim?: string | undefined;
  /** The claim holding the role (default `role`): `admin`, or an array containing it, makes an admin. */
  roleClaim?: string | undefined;
}

/**
 * Your identity provider's access tokens (RS256, ES256 or EdDSA against its
 * JWKS URL, keys cached and rotated by `kid`, issuer and audience checked),
 * checked as the standalone server checks them with JWT_JWKS_URL: from the
 * `Authorization: Bearer` header or `token` in the connection params.
 */
export function jwksAuth(settings: JwksAuthSettings, logger: Logger = defaultLogger()): LivebellAuth {
  const jwks = new JwksTokens(
    {
      ...settings,
      userClaim: settings.userClaim ?? DEFAULT_JWT_CLAIMS.userClaim,
      roleClaim: settings.roleClaim ?? DEFAULT_JWT_CLAIMS.roleClaim,
    },
    logger,
  );
  return accessTokenAuth(new AccessTokens(null, jwks));
}
