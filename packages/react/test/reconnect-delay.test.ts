import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from '../src/reconnect-delay.js';

describe('reconnectDelayMs', () => {
  it('retries at once after the first drop', () => {
    expect(reconnectDelayMs(0)).toBe(0);
  });

  it('backs off exponentially within jittered bounds and never waits more than 5 seconds', () => {
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const ceiling = Math.min(5_000, 250 * 2 ** attempt);
      for (let sample = 0; sample < 20; sample += 1) {
        const delay = reconnectDelayMs(attempt);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});
