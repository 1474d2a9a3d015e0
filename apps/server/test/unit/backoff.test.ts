import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/live-delivery/backoff.js';

const options = { baseMs: 100, maxMs: 1000 };

describe('backoffDelay', () => {
  it('doubles per attempt between half and all of the ceiling', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(2, options, () => 0)).toBe(200);
    expect(backoffDelay(2, options, () => 1)).toBe(400);
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(5, options, () => 1)).toBe(1000);
    expect(backoffDelay(10_000, options, () => 1)).toBe(1000);
  });
});
