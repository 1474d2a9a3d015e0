import { describe, expect, it } from 'vitest';
import { toConnectionStatus } from '../src/connection-status.js';

const closed = new Error('WebSocket closed');

describe('toConnectionStatus', () => {
  it('is live while the subscription is started, even when the browser reports offline', () => {
    expect(toConnectionStatus({ status: 'pending', error: null }, true, true)).toBe('live');
    expect(toConnectionStatus({ status: 'pending', error: null }, false, true)).toBe('live');
  });

  it('is connecting on the first attempt and reconnecting after a connection was lost', () => {
    expect(toConnectionStatus({ status: 'connecting', error: null }, true, true)).toBe('connecting');
    expect(toConnectionStatus({ status: 'connecting', error: closed }, true, true)).toBe('reconnecting');
  });

  it('is reconnecting while a subscription the server ended waits to start again', () => {
    expect(toConnectionStatus({ status: 'error', error: closed }, true, true)).toBe('reconnecting');
  });

  it('is offline when the browser is offline or the subscription stopped', () => {
    expect(toConnectionStatus({ status: 'connecting', error: closed }, false, true)).toBe('offline');
    expect(toConnectionStatus({ status: 'idle', error: null }, true, true)).toBe('offline');
  });

  it('is delayed while connected to a server that is not watching for changes', () => {
    expect(toConnectionStatus({ status: 'pending', error: null }, true, false)).toBe('delayed');
    expect(toConnectionStatus({ status: 'connecting', error: closed }, true, false)).toBe('reconnecting');
  });
});
