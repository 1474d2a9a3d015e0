import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../src/http/close-codes.js';
import { ConnectionExpiry } from '../../src/trpc/connection-expiry.js';
import { socketPairsPerTest } from '../support/socket-pairs.js';

const { connect } = socketPairsPerTest();

describe('ConnectionExpiry', () => {
  it('closes each connection at its expiry with 4401, those of one second together, and none that closed first', async () => {
    const expiry = new ConnectionExpiry();
    const ada = await connect();
    const bob = await connect();
    const gone = await connect();
    const late = await connect();
    const expiresAt = Date.now() + 200;
    expiry.endAt(ada.server, expiresAt);
    expiry.endAt(bob.server, expiresAt);
    expiry.endAt(gone.server, expiresAt);
    expiry.endAt(late.server, expiresAt + 60_000);
    gone.client.close(1000, 'leaving');

    expect(await gone.closeCode).toBe(1000);
    expect(await ada.closeCode).toBe(CLOSE_CODES.TOKEN_EXPIRED);
    expect(await bob.closeCode).toBe(CLOSE_CODES.TOKEN_EXPIRED);
    expect(late.client.readyState).toBe(WebSocket.OPEN);
  });

  it('closes a connection whose token has already expired at once', async () => {
    const expiry = new ConnectionExpiry();
    const { server, closeCode } = await connect();
    expiry.endAt(server, Date.now() - 5000);
    expect(await closeCode).toBe(CLOSE_CODES.TOKEN_EXPIRED);
  });
});
