// The example app's own auth: a tiny identity provider. It makes an ES256
// key pair when it starts, publishes the public half as a JWKS (the way
// Auth0, Keycloak or Cognito publish theirs), and signs short-lived tokens for
// a user name. livebell never sees the key: it fetches the JWKS over HTTP
// through `jwksAuth`, as it would from a real provider.
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, jwtVerify, type JWK, type CryptoKey } from 'jose';

export const ISSUER = 'https://example-embed.local/';
export const AUDIENCE = 'example-embed';
export const JWKS_PATH = '/.well-known/jwks.json';
const ALGORITHM = 'ES256';
const TOKEN_LIFETIME = '1h';

export interface IdentityProvider {
  /** The public key set, served at JWKS_PATH. */
  jwks: { keys: JWK[] };
  /** A signed access token whose `sub` is the user name. */
  signIn(userName: string): Promise<string>;
  /** The user name a token of ours was issued to, or null for anything else. */
  verify(token: string): Promise<string | null>;
}

export async function createIdentityProvider(): Promise<IdentityProvider> {
  const { privateKey, publicKey } = await generateKeyPair(ALGORITHM);
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: ALGORITHM, use: 'sig' };
  const verifyKey: CryptoKey = publicKey;
  return {
    jwks: { keys: [publicJwk] },
    signIn: (userName) =>
      new SignJWT({})
        .setProtectedHeader({ alg: ALGORITHM, kid })
        .setSubject(userName)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(TOKEN_LIFETIME)
        .sign(privateKey),
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, verifyKey, { issuer: ISSUER, audience: AUDIENCE });
        return payload.sub ?? null;
      } catch {
        return null;
      }
    },
  };
}
