import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AccessTokens } from '../../src/auth/access-tokens.js';

const tokens = new AccessTokens('s'.repeat(32));

describe('AccessTokens', () => {
  it('verifies what it signed, with its expiry', async () => {
    const { token, expiresAt } = await tokens.sign({ id: 'ada', role: 'admin' }, 60);
    expect(await tokens.verify(token)).toEqual({ ok: true, user: { id: 'ada', role: 'admin' }, expiresAt });
  });

  it('mints a different token each time, even for one user within one second', async () => {
    const [first, second] = await Promise.all([
      tokens.sign({ id: 'ada', role: 'user' }, 60),
      tokens.sign({ id: 'ada', role: 'user' }, 60),
    ]);
    expect(first.token).not.toBe(second.token);
  });

  it('refuses a token signed with another secret', async () => {
    const { token } = await new AccessTokens('t'.repeat(32)).sign({ id: 'ada', role: 'user' }, 60);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'invalid token' });
  });

  it('refuses an expired token, saying so', async () => {
    const { token } = await tokens.sign({ id: 'ada', role: 'user' }, -60);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'token expired' });
  });

  it('refuses claims outside the schema and garbage', async () => {
    const badRole = await new SignJWT({ role: 'root' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ada')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('s'.repeat(32)));
    expect(await tokens.verify(badRole)).toEqual({ ok: false, reason: 'invalid token claims' });
    expect(await tokens.verify('not.a.jwt')).toEqual({ ok: false, reason: 'invalid token' });
  });

  it('refuses a token without a subject as one with bad claims, as a token from an identity provider is', async () => {
    const noSubject = await new SignJWT({ role: 'user' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('s'.repeat(32)));
    expect(await tokens.verify(noSubject)).toEqual({ ok: false, reason: 'invalid token claims' });
  });
});
