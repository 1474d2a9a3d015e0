import { createTRPCClient, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { describe, expect, it } from 'vitest';
import { mountedUnder } from '../src/livebell-client.js';
import type { LivebellRouter } from '../src/livebell-router.js';

/** A last link that answers every call with its own path, as the server would see it. */
const echoPath: TRPCLink<LivebellRouter> =
  () =>
  ({ op }) =>
    observable((observer) => {
      observer.next({ result: { type: 'data', data: op.path } });
      observer.complete();
    });

describe('mountedUnder', () => {
  it('sends every call to the same procedure under the host router’s key', async () => {
    const client = createTRPCClient<LivebellRouter>({ links: [mountedUnder('livebell'), echoPath] });
    expect(await client.notifications.unreadCount.query()).toBe('livebell.notifications.unreadCount');
    expect(await client.notifications.markAllRead.mutate()).toBe('livebell.notifications.markAllRead');
  });
});
