import { describe, expect, it } from 'vitest';
import { compareStreamPositions, streamPositionSchema } from '../src/stream-position.js';

describe('stream positions', () => {
  it('orders positions by their resume tokens, which is commit order within one deployment', () => {
    const positions = ['8200000002000000010401', '8200000001000000020401', '8200000001000000010401'];
    expect([...positions].sort(compareStreamPositions)).toEqual([
      '8200000001000000010401',
      '8200000001000000020401',
      '8200000002000000010401',
    ]);
    expect(compareStreamPositions('82AB', '82AB')).toBe(0);
  });

  it('accepts only uppercase hex of whole bytes', () => {
    expect(streamPositionSchema.safeParse('82ABCD').success).toBe(true);
    expect(streamPositionSchema.safeParse('82abcd').success).toBe(false);
    expect(streamPositionSchema.safeParse('82A').success).toBe(false);
  });
});
