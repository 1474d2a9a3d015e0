import { z } from 'zod';
import { userIdSchema } from './notification.js';

export const roleSchema = z.enum(['user', 'admin']);

/** The claims livebell reads from an HS256 JWT; `exp` is required. */
export const tokenClaimsSchema = z.object({
  sub: userIdSchema,
  role: roleSchema,
  exp: z.number().int(),
});

/**
 * Who an embedding application says is calling: its auth function's answer.
 * `expiresAt` ends a connection opened with it at that moment.
 */
export const authIdentitySchema = z.object({
  userId: userIdSchema,
  role: roleSchema,
  expiresAt: z.date().nullish(),
});

/** Dev-only sign-in: exists outside production to mint a token for any user. */
export const devSignInInputSchema = z.object({
  userId: userIdSchema,
  role: roleSchema.default('user'),
});

export const devSignInResultSchema = z.object({
  token: z.string(),
  userId: userIdSchema,
  role: roleSchema,
  expiresAt: z.iso.datetime(),
});

export type Role = z.infer<typeof roleSchema>;
export type AuthIdentity = z.input<typeof authIdentitySchema>;
export type TokenClaims = z.infer<typeof tokenClaimsSchema>;
export type DevSignInInput = z.input<typeof devSignInInputSchema>;
export type DevSignInResult = z.infer<typeof devSignInResultSchema>;
