import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { SocketAdmission } from '../../src/http/socket-admission.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { socketPairsPerTest } from '../support/socket-pairs.js';

const { connect } = socketPairsPerTest();

describe('SocketAdmission', () => {
  it("closes a user's connection past the limit with 4429 and admits one again once another closed", async () => {
    const admission = new SocketAdmission(
      { connectionsPerUser: 1, authTimeoutMs: 60_000 },
      createMetrics({ enabled: false }),
    );
    const first = await connect();
    const second = await connect();
    expect(admission.admit(first.server, 'ada')).toBe('admitted');
    expect(admission.admit(second.server, 'ada')).toBe('over limit');
    expect(await second.closeCode).toBe(CLOSE_CODES.TOO_MANY_CONNECTIONS);

    const bob = await connect();
    expect(admission.admit(bob.server, 'bob')).toBe('admitted');

    const firstGone = once(first.server, 'close');
    first.client.close();
    await firstGone;
    const third = await connect();
    expect(admission.admit(third.server, 'ada')).toBe('admitted');
  });

  it('closes a socket that is not admitted by the deadline with 4408, and spares one that is', async () => {
    const admission = new SocketAdmission(
      { connectionsPerUser: 5, authTimeoutMs: 100 },
      createMetrics({ enabled: false }),
    );
    const anonymous = await connect();
    const signedIn = await connect();
    admission.watch(anonymous.server);
    admission.watch(signedIn.server);
    expect(admission.admit(signedIn.server, 'ada')).toBe('admitted');

    expect(await anonymous.closeCode).toBe(CLOSE_CODES.AUTHENTICATION_TIMEOUT);
    expect(signedIn.client.readyState).toBe(WebSocket.OPEN);
  });

  it('does not count a socket that closed before it could be admitted', async () => {
    const admission = new SocketAdmission(
      { connectionsPerUser: 1, authTimeoutMs: 60_000 },
      createMetrics({ enabled: false }),
    );
    const gone = await connect();
    const closed = once(gone.server, 'close');
    gone.client.close();
    await closed;
    expect(admission.admit(gone.server, 'ada')).toBe('gone');
    const next = await connect();
    expect(admission.admit(next.server, 'ada')).toBe('admitted');
  });
});
