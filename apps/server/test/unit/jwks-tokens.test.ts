import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';
import { JwksTokens, type JwksSettings } from '../../src/auth/jwks-tokens.js';
import { signingKey, startJwksServer, TEST_AUDIENCE, TEST_ISSUER, type JwksServer } from '../support/jwks-server.js';
import { silentLogger } from '../support/silent-logger.js';

let jwks: JwksServer | undefined;
afterEach(async () => {
  await jwks?.stop();
  jwks = undefined;
});

function settings(server: JwksServer, claims: Partial<JwksSettings> = {}): JwksSettings {
  return {
    url: server.url,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    userClaim: 'sub',
    roleClaim: 'role',
    ...claims,
  };
}

/** No refetch cooldown, so a rotation is seen at the first token that names the new key. */
const eager = { refetchCooldownMs: 0, maxAgeMs: 60_000 };

describe('JwksTokens', () => {
  it('verifies RS256, ES256 and EdDSA tokens by their kid, fetching the key set once', async () => {
    const keys = await Promise.all([
      signingKey('RS256', 'rsa-1'),
      signingKey('ES256', 'ec-1'),
      signingKey('EdDSA', 'ed-1'),
    ]);
    jwks = await startJwksServer(keys);
    const tokens = new JwksTokens(settings(jwks), silentLogger(), eager);
    for (const key of keys) {
      const token = await key.sign({ sub: `user-of-${key.kid}`, role: 'admin' });
      expect(await tokens.verify(token)).toMatchObject({ ok: true, user: { id: `user-of-${key.kid}`, role: 'admin' } });
    }
    expect(jwks.fetches).toBe(1);
  });

  it('picks up a rotated key at its first token and refuses the retired one after that', async () => {
    const [before, after] = await Promise.all([signingKey('ES256', 'key-2024'), signingKey('ES256', 'key-2025')]);
    jwks = await startJwksServer([before]);
    const tokens = new JwksTokens(settings(jwks), silentLogger(), eager);
    const old = await before.sign({ sub: 'ada' });
    expect(await tokens.verify(old)).toMatchObject({ ok: true });

    jwks.publish([after]);
    expect(await tokens.verify(await after.sign({ sub: 'ada' }))).toMatchObject({ ok: true, user: { id: 'ada' } });
    expect(jwks.fetches).toBe(2);
    expect(await tokens.verify(old)).toEqual({ ok: false, reason: 'invalid token' });
  });

  it('refuses a wrong issuer, a wrong audience, a missing or past expiry, and an unknown kid', async () => {
    const key = await signingKey('RS256', 'rsa-1');
    const stranger = await signingKey('RS256', 'not-published');
    jwks = await startJwksServer([key]);
    const tokens = new JwksTokens(settings(jwks), silentLogger(), eager);
    const verify = async (token: Promise<string>) => tokens.verify(await token);

    expect(await verify(key.sign({ sub: 'ada', iss: 'https://evil.test/' }))).toEqual({
      ok: false,
      reason: 'invalid token claims',
    });
    expect(await verify(key.sign({ sub: 'ada', aud: 'another-app' }))).toEqual({
      ok: false,
      reason: 'invalid token claims',
    });
    expect(await verify(key.sign({ sub: 'ada', exp: undefined }))).toEqual({
      ok: false,
      reason: 'invalid token claims',
    });
    expect(await verify(key.sign({ sub: 'ada', exp: Math.floor(Date.now() / 1000) - 60 }))).toEqual({
      ok: false,
      reason: 'token expired',
    });
    expect(await verify(stranger.sign({ sub: 'ada' }))).toEqual({ ok: false, reason: 'invalid token' });
    expect(await verify(key.sign({ sub: '' }))).toEqual({ ok: false, reason: 'invalid token claims' });
  });

  it('never takes a symmetric token, even one keyed with a published public key', async () => {
    const key = await signingKey('RS256', 'rsa-1');
    jwks = await startJwksServer([key]);
    const tokens = new JwksTokens(settings(jwks), silentLogger(), eager);
    const forged = await new SignJWT({ sub: 'ada', role: 'admin', iss: TEST_ISSUER, aud: TEST_AUDIENCE })
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(key.publicJwk)));
    expect(await tokens.verify(forged)).toEqual({ ok: false, reason: 'invalid token' });
  });

  it('reads the user id and the role from configured claims, by exact name or dotted path', async () => {
    const key = await signingKey('EdDSA', 'ed-1');
    jwks = await startJwksServer([key]);
    const tokens = new JwksTokens(
      settings(jwks, { userClaim: 'https://livebell.test/uid', roleClaim: 'realm_access.roles' }),
      silentLogger(),
      eager,
    );
    const admin = await key.sign({ 'https://livebell.test/uid': 'ada', realm_access: { roles: ['staff', 'admin'] } });
    expect(await tokens.verify(admin)).toMatchObject({ ok: true, user: { id: 'ada', role: 'admin' } });
    const user = await key.sign({ 'https://livebell.test/uid': 'bob', realm_access: { roles: ['staff'] } });
    expect(await tokens.verify(user)).toMatchObject({ ok: true, user: { id: 'bob', role: 'user' } });
    expect(await tokens.verify(await key.sign({ sub: 'no-uid-claim' }))).toEqual({
      ok: false,
      reason: 'invalid token claims',
    });
  });

  it('refuses, and never throws, while the key set cannot be fetched', async () => {
    const key = await signingKey('ES256', 'ec-1');
    jwks = await startJwksServer([key]);
    const tokens = new JwksTokens(settings(jwks), silentLogger(), eager);
    await jwks.stop();
    expect(await tokens.verify(await key.sign({ sub: 'ada' }))).toEqual({ ok: false, reason: 'invalid token' });
  });
});

describe('AccessTokens with a key set', () => {
  it("takes the provider's tokens and, with a secret, its own HS256 ones; without a secret no HS256 at all", async () => {
    const key = await signingKey('RS256', 'rsa-1');
    jwks = await startJwksServer([key]);
    const provider = new JwksTokens(settings(jwks), silentLogger(), eager);
    const secret = 's'.repeat(32);
    const both = new AccessTokens(secret, provider);
    const providerOnly = new AccessTokens(null, provider);
    const own = (await both.sign({ id: 'ada', role: 'user' }, 60)).token;
    const fromProvider = await key.sign({ sub: 'bob' });

    expect(await both.verify(own)).toMatchObject({ ok: true, user: { id: 'ada' } });
    expect(await both.verify(fromProvider)).toMatchObject({ ok: true, user: { id: 'bob' } });
    expect(await providerOnly.verify(fromProvider)).toMatchObject({ ok: true, user: { id: 'bob' } });
    expect(await providerOnly.verify(own)).toEqual({ ok: false, reason: 'invalid token' });
    await expect(providerOnly.sign({ id: 'ada', role: 'user' }, 60)).rejects.toThrow(/JWT_SECRET/);
    expect(await new AccessTokens(secret).verify(fromProvider)).toEqual({ ok: false, reason: 'invalid token' });
  });
});
