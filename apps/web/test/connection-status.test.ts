import { describe, expect, it } from 'vitest';
import { toConnectionStatus } from '../src/connection-status.js';

const closed = new Error('WebSocket closed');

describe('toConnectionStatus', () => {
  it('is live while the socket is open, even when the browser reports offline', () => {
    expect(toConnectionStatus({ state: 'pending', error: null }, true, true)).toBe('live');
    expect(toConnectionStatus({ state: 'pending', error: null }, false, true)).toBe('live');
  });

  it('is connecting on the first attempt and reconnecting after a connection was lost', () => {
    expect(toConnectionStatus({ state: 'connecting', error: null }, true, true)).toBe('connecting');
    expect(toConnectionStatus({ state: 'connecting', error: closed }, true, true)).toBe('reconnecting');
  });

  it('is offline when the browser is offline or the client stopped connecting', () => {
    expect(toConnectionStatus({ state: 'connecting', error: closed }, false, true)).toBe('offline');
    expect(toConnectionStatus({ state: 'idle', error: null }, true, true)).toBe('offline');
  });

  it('is delayed while connected to a server that is not watching for changes', () => {
    expect(toConnectionStatus({ state: 'pending', error: null }, true, false)).toBe('delayed');
    expect(toConnectionStatus({ state: 'connecting', error: closed }, true, false)).toBe('reconnecting');
  });
});
