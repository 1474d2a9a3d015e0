// initTRPC and the procedure builders every router uses. livebell's
// procedures read their context from `ctx.livebell`, so that its router can be
// mounted in a host's tRPC router next to the host's own context (a host's
// `ctx.user` and livebell's never meet).
import { initTRPC, TRPCError } from '@trpc/server';
import type { LivebellHostContext } from './context.js';

/** One input validation problem, as clients receive it in `error.data.issues`. */
export interface SchemaIssue {
  path: string;
  message: string;
}

/**
 * Subscriptions over SSE: a ping keeps proxies from cutting a quiet stream,
 * and tells tRPC's client to open a new one (with its current token, from
 * its last event) after this much silence.
 */
export const SSE_KEEP_ALIVE = { pingMs: 10_000, reconnectAfterSilenceMs: 30_000 };

const t = initTRPC.context<LivebellHostContext>().create({
  // Stack traces stay in the server's logs; clients never see them.
  isDev: false,
  sse: {
    ping: { enabled: true, intervalMs: SSE_KEEP_ALIVE.pingMs },
    client: { reconnectAfterInactivityMs: SSE_KEEP_ALIVE.reconnectAfterSilenceMs },
  },
  errorFormatter({ shape, error }) {
    const issues = schemaIssues(error.cause);
    let message = shape.message;
    if (issues) {
      message = `Invalid input: ${issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ')}`;
    } else if (error.code === 'INTERNAL_SERVER_ERROR') {
      // Driver and programming errors may name internals; the log has the details.
      message = 'Internal server error';
    }
    return { ...shape, message, data: { ...shape.data, issues } };
  },
});

/** The issues of a zod (or any Standard Schema) validation failure, readable; null for other errors. */
function schemaIssues(cause: unknown): SchemaIssue[] | null {
  if (typeof cause !== 'object' || cause === null || !('issues' in cause) || !Array.isArray(cause.issues)) return null;
  return (cause.issues as unknown[]).map((issue) => {
    const { path, message } = issue as { path?: unknown; message?: unknown };
    const segments = Array.isArray(path) ? (path as unknown[]).map(pathSegment) : [];
    return { path: segments.join('.'), message: typeof message === 'string' ? message : 'invalid' };
  });
}

/** Standard Schema paths hold keys or `{ key }` objects. */
function pathSegment(segment: unknown): string {
  const key: unknown = typeof segment === 'object' && segment !== null && 'key' in segment ? segment.key : segment;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : '?';
}

export const router = t.router;
export const mergeRouters = t.mergeRouters;

/**
 * Lays livebell's context over the host's for livebell's procedures: they
 * read `ctx.services`, `ctx.user`, ... while the host's own fields stay
 * where the host put them. A host that forgot `livebell` in its context gets
 * an error that says so instead of a TypeError deep in a procedure.
 */
const fromHostContext = t.middleware(({ ctx, next }) => {
  const livebell: unknown = ctx.livebell;
  if (typeof livebell !== 'object' || livebell === null) {
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message:
        "livebell's context is missing: the host's createContext must return { livebell: await lb.createContext(opts) }",
    });
  }
  return next({ ctx: ctx.livebell });
});

export const publicProcedure = t.procedure.use(fromHostContext);

/** Requires a valid token; narrows `ctx.user` to the signed-in user. */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  const { user } = ctx;
  // A connection is authenticated once; its calls are not served past the token's expiry.
  const expired = ctx.expiresAt !== null && Date.now() >= ctx.expiresAt;
  if (user === null || expired) {
    const refusal = user === null ? (ctx.authError ?? 'missing token') : 'token expired';
    ctx.services.metrics.authFailed(refusal);
    throw new TRPCError({ code: 'UNAUTHORIZED', message: `Sign in required: ${refusal}` });
  }
  return next({ ctx: { ...ctx, user } });
});

/** Requires role `admin`. */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'Admin role required' });
  return next();
});
