// Property-based hostile input: arbitrary and near-valid inputs for every
// procedure over HTTP, and arbitrary frames over a WebSocket. Whatever
// arrives, the server answers with a typed 4xx error or a result, never a
// 5xx or INTERNAL_SERVER_ERROR, never crashes, and holds no memory for it
// afterwards. The runs are bounded so the file takes seconds.
import { once } from 'node:events';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../src/routers/app-router.js';
import { collectGarbage } from '../support/garbage.js';
import { rawSocket, type RawSocket, type WireReply } from '../support/raw-socket.js';
import { signIn, startStack, titled, type Stack } from '../support/test-server.js';

const RUNS = 250;
const ERROR_LEVEL = 50;

/** Every procedure of the API by its dotted path, so that a new one is fuzzed too. */
const flatProcedures: Record<string, unknown> = appRouter._def.procedures;
const procedures = Object.entries(flatProcedures).map(([path, procedure]) => ({
  path,
  type: procedureType(procedure),
}));

function procedureType(procedure: unknown): string {
  const definition: unknown = typeof procedure === 'function' && '_def' in procedure ? procedure._def : null;
  const type: unknown =
    typeof definition === 'object' && definition !== null && 'type' in definition ? definition.type : null;
  if (typeof type !== 'string') throw new Error('not a procedure');
  return type;
}

/** Field names the procedures know, so that many inputs get past the first check and probe the next. */
const knownKeys = [
  'id',
  'read',
  'cursor',
  'limit',
  'lastEventId',
  'userIds',
  'userId',
  'role',
  'type',
  'title',
  'body',
  'link',
  '__proto__',
  'constructor',
  '$where',
];

const scalar = fc.oneof(
  fc.string(),
  fc.string({ minLength: 24, maxLength: 24, unit: fc.constantFrom(...'0123456789abcdef') }),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
  fc.constantFrom('admin', 'user', 'javascript:alert(1)', '/ok', 'https://example.org', '', ' ', '\u0000'),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);

const operator = fc.dictionary(fc.constantFrom('$gt', '$ne', '$regex', '$where', '$expr'), scalar, { maxKeys: 2 });

const nearValid = fc.dictionary(
  fc.constantFrom(...knownKeys),
  fc.oneof(scalar, operator, fc.array(scalar, { maxLength: 5 })),
  { maxKeys: 5 },
);

const anyInput = fc.oneof(fc.jsonValue(), nearValid, fc.constant(undefined));

let stack: Stack;
let tokens: { user: string; admin: string };

beforeAll(async () => {
  stack = await startStack();
  tokens = { user: await signIn(stack.url, 'ada'), admin: await signIn(stack.url, 'root', 'admin') };
  await stack.db.notifications.insertMany(
    Array.from({ length: 20 }, (_, n) => ({ userId: 'ada', type: 'info', title: `seed ${n}` })),
  );
});
afterAll(async () => {
  await stack.stop();
});

function heapUsed(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Server-side failures show as error lines in its log; take them and drop the rest, which only grows. */
function takeServerErrors(): string[] {
  const lines = stack.node.logs.lines.splice(0);
  return lines.filter((line) => line.level >= ERROR_LEVEL).map((line) => line.msg);
}

async function callOverHttp(path: string, type: string, input: unknown, token: string | null): Promise<void> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const encoded = input === undefined ? '' : JSON.stringify(input);
  const abort = new AbortController();
  const response =
    type === 'mutation'
      ? await fetch(`${stack.url}/trpc/${path}`, { method: 'POST', headers, body: encoded, signal: abort.signal })
      : await fetch(`${stack.url}/trpc/${path}${encoded ? `?input=${encodeURIComponent(encoded)}` : ''}`, {
          headers,
          signal: abort.signal,
        });
  expect(response.status, `${type} ${path} ${encoded.slice(0, 200)}`).toBeLessThan(500);
  if (response.headers.get('content-type')?.includes('text/event-stream')) {
    // A subscription over HTTP streams until stopped: its status is the answer.
    abort.abort();
    return;
  }
  const body = (await response.json()) as WireReply;
  expect(body.error?.data?.code).not.toBe('INTERNAL_SERVER_ERROR');
  expect(body.result !== undefined || body.error !== undefined).toBe(true);
}

const frame = fc.oneof(
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 64 }),
  fc
    .array(
      fc.record(
        {
          id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), nearValid),
          method: fc.constantFrom('query', 'mutation', 'subscription', 'subscription.stop', 'connectionParams', 'x'),
          params: fc.record(
            {
              path: fc.oneof(fc.constantFrom(...procedures.map(({ path }) => path)), fc.string()),
              input: anyInput,
              lastEventId: fc.oneof(fc.string(), fc.integer()),
            },
            { requiredKeys: ['path'] },
          ),
          jsonrpc: fc.constantFrom('2.0', undefined),
        },
        { requiredKeys: ['method'] },
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((calls) => JSON.stringify(calls.length === 1 ? calls[0] : calls)),
);

/** Waits until every call sent so far is answered: the replies to a last query arrive after all earlier queries ran. */
async function drain(socket: RawSocket, id: number): Promise<void> {
  socket.send({ id, method: 'query', params: { path: 'notifications.unreadCount', input: null } });
  await socket.waitForReplies((replies) => replies.some((reply) => reply.id === id));
}

describe('hostile input, property-based', () => {
  it('every procedure answers arbitrary input over HTTP with a result or a 4xx, frames never break a socket, and memory returns to baseline', async () => {
    const fuzzHttp = (runs: number) =>
      fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...procedures),
          anyInput,
          fc.constantFrom<keyof typeof tokens | null>(null, 'user', 'admin'),
          async ({ path, type }, input, who) => callOverHttp(path, type, input, who ? tokens[who] : null),
        ),
        { numRuns: runs },
      );

    const fuzzFrames = async (runs: number) => {
      const socket = await rawSocket(stack.url, { token: tokens.admin });
      let closedWith: number | null = null;
      void socket.closed.then((code) => (closedWith = code));
      // Sent back to back, as a flood would be; the drain below waits for every answer.
      fc.assert(
        fc.property(frame, (data) => {
          socket.socket.send(data);
        }),
        { numRuns: runs },
      );
      await drain(socket, 1_000_000_001);
      expect(closedWith).toBeNull();
      const failures = socket.replies.filter((reply) => reply.error?.data?.code === 'INTERNAL_SERVER_ERROR');
      expect(failures).toEqual([]);
      const ended = once(socket.socket, 'close');
      socket.socket.close();
      await ended;
    };

    // Warm-up: code paths compiled, pools filled, before the baseline is taken.
    await fuzzHttp(30);
    await fuzzFrames(30);
    expect(takeServerErrors()).toEqual([]);
    const baseline = heapUsed();

    await fuzzHttp(RUNS);
    await fuzzFrames(RUNS);
    expect(takeServerErrors()).toEqual([]);

    // The server still serves: a notification reaches a live client.
    const ada = await stack.subscribe('ada');
    await ada.waitForEvent((event) => event.kind === 'resync');
    await stack.db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'after the fuzz' });
    await ada.waitForEvent(titled('after the fuzz'));
    await ada.close();
    takeServerErrors();

    const growthMiB = (heapUsed() - baseline) / 2 ** 20;
    expect(growthMiB).toBeLessThan(8);
  });
});
