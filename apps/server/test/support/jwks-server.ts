// A local identity provider for tests: signing keys of each algorithm, and an
// HTTP server publishing their public halves as a JWKS that the test rotates.
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export const TEST_ISSUER = 'https://idp.test/';
export const TEST_AUDIENCE = 'livebell-test';

export interface SigningKey {
  kid: string;
  alg: string;
  publicJwk: JWK;
  /**
   * A token signed with this key: issuer, audience and a 5-minute expiry
   * unless `claims` says otherwise (`exp: undefined` leaves it out).
   */
  sign(claims: JWTPayload): Promise<string>;
}

export async function signingKey(alg: 'RS256' | 'ES256' | 'EdDSA', kid: string): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, publicJwk, sign: (claims) => signWith(privateKey, alg, kid, claims) };
}

function signWith(key: CryptoKey, alg: string, kid: string, claims: JWTPayload): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: JWTPayload = { iss: TEST_ISSUER, aud: TEST_AUDIENCE, iat: now, exp: now + 300, ...claims };
  for (const [name, value] of Object.entries(payload)) if (value === undefined) delete payload[name];
  return new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(key);
}

export interface JwksServer {
  url: string;
  /** How many times the key set was fetched. */
  fetches: number;
  /** Publishes exactly these keys from now on (a rotation drops the ones left out). */
  publish(keys: SigningKey[]): void;
  stop(): Promise<void>;
}

export async function startJwksServer(keys: SigningKey[] = []): Promise<JwksServer> {
  let published = keys;
  const state = { fetches: 0 };
  const server = createServer((req, res) => {
    state.fetches += 1;
    const body = JSON.stringify({ keys: published.map((key) => key.publicJwk) });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get fetches() {
      return state.fetches;
    },
    publish(next) {
      published = next;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
