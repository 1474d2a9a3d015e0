// Nothing a client sends may take the server down: malformed frames,
// oversized messages and junk requests get an error, and service goes on.
import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { MAX_MESSAGE_BYTES } from '../../src/http/http-server.js';
import { rawSocket } from '../support/raw-socket.js';
import { signIn, stackPerTest, titled } from '../support/test-server.js';

const { stack } = stackPerTest();

async function stillServes(): Promise<void> {
  const ada = await stack().subscribe('ada');
  await ada.waitForEvent((event) => event.kind === 'resync');
  await stack().db.notifications.insertOne({ userId: 'ada', type: 'info', title: 'still here' });
  await ada.waitForEvent(titled('still here'));
}

describe('hostile input', () => {
  it('malformed WebSocket messages get a PARSE_ERROR and the server keeps serving', async () => {
    const { socket, send, nextReply } = await rawSocket(stack().url);
    send('{ not json');
    expect(await nextReply()).toMatchObject({ id: null, error: { data: { code: 'PARSE_ERROR' } } });
    send({ id: 1, method: 'query', params: { path: 'no.such.procedure', input: null } });
    expect(await nextReply()).toMatchObject({ id: 1, error: { data: { code: 'NOT_FOUND' } } });
    send({ id: 2, method: 'subscription', params: { path: 'notifications.onEvent', input: { lastEventId: 42 } } });
    expect(await nextReply()).toMatchObject({ id: 2, error: { data: { code: 'UNAUTHORIZED' } } });
    socket.close();
    await stillServes();
  });

  it('an oversized WebSocket message closes only that connection (1009)', async () => {
    const { send, closed } = await rawSocket(stack().url);
    send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await closed).toBe(CLOSE_CODES.MESSAGE_TOO_BIG);
    // The client's doing, not the server's: a warning, and no error line.
    const warning = await stack().node.logs.waitFor('WebSocket message too large');
    expect(warning).toMatchObject({ level: 40, limitBytes: MAX_MESSAGE_BYTES });
    await stillServes();
    expect(stack().node.logs.lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it('junk and oversized HTTP requests get 4xx JSON and the server keeps serving', async () => {
    const token = await signIn(stack().url, 'ada');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const junk = await fetch(`${stack().url}/trpc/notifications.markRead`, { method: 'POST', headers, body: '{ nope' });
    expect(junk.status).toBe(400);
    expect(await junk.json()).toMatchObject({ error: { data: { code: 'BAD_REQUEST' } } });

    const wrongShape = await fetch(`${stack().url}/trpc/notifications.markRead`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 5 }),
    });
    expect(wrongShape.status).toBe(400);
    const refused = (await wrongShape.json()) as { error: { message: string; data: { code: string } } };
    expect(refused.error.data.code).toBe('BAD_REQUEST');
    expect(refused.error.message).toMatch(/^Invalid input: id: /);

    const huge = await fetch(`${stack().url}/trpc/notifications.markRead`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ id: 'a'.repeat(MAX_MESSAGE_BYTES) }),
    });
    expect(huge.status).toBe(413);
    await stillServes();
  });
});
