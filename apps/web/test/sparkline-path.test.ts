import { describe, expect, it } from 'vitest';
import { sparklinePath } from '../src/sparkline-path.js';

describe('sparklinePath', () => {
  it('spreads the values over the width, with the largest at the top and 0 at the bottom', () => {
    expect(sparklinePath([0, 5, 10], 100, 50)).toBe('M0 50L50 25L100 0');
  });

  it('scales to the floor when every value is below it, and breaks the line at a missing value', () => {
    expect(sparklinePath([1, null, 1], 100, 50, 2)).toBe('M0 25M100 25');
  });

  it('draws nothing without values', () => {
    expect(sparklinePath([], 100, 50)).toBe('');
  });
});
