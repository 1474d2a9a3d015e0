import { describe, expect, it } from 'vitest';
import { webSocketUrl } from '../src/livebell-client.js';

describe('webSocketUrl', () => {
  it('resolves a path against the page, ws: for http: and wss: for https:', () => {
    expect(webSocketUrl('/trpc', 'http://127.0.0.1:5173/admin')).toBe('ws://127.0.0.1:5173/trpc');
    expect(webSocketUrl('/trpc', 'https://app.example.com/')).toBe('wss://app.example.com/trpc');
  });

  it('keeps an absolute endpoint on its own host', () => {
    expect(webSocketUrl('https://api.example.com/livebell/trpc', 'http://localhost:3000/')).toBe(
      'wss://api.example.com/livebell/trpc',
    );
  });
});
