import { describe, expect, it } from 'vitest';
import { formatRatio, ratio, ratioSentence } from '../src/ratio-format.js';

describe('ratio', () => {
  it('divides the value by the reference', () => {
    expect(ratio(14, 10)).toBeCloseTo(1.4);
  });

  it('is NaN when the reference is 0 or either side is missing', () => {
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
    expect(ratio(1, Number.POSITIVE_INFINITY)).toBeNaN();
  });
});

describe('formatRatio', () => {
  it('shows two significant digits below 10 and whole numbers above', () => {
    expect(formatRatio(1.4)).toBe('1.4x');
    expect(formatRatio(0.8)).toBe('0.8x');
    expect(formatRatio(0.8333)).toBe('0.83x');
    expect(formatRatio(1)).toBe('1x');
    expect(formatRatio(12.4)).toBe('12x');
    expect(formatRatio(0.0456)).toBe('0.046x');
  });

  it('says n/a for a ratio that is not a number', () => {
    expect(formatRatio(Number.NaN)).toBe('n/a');
  });
});

describe('ratioSentence', () => {
  it('names the subject, the metric and each reference, as the issue phrases it', () => {
    const sentence = ratioSentence('livebell', 'p99', 14, [
      { label: 'floor', value: 10 },
      { label: 'Socket.IO', value: 17.5 },
    ]);
    expect(sentence).toBe('livebell p99 = 1.4x floor, 0.8x Socket.IO');
  });

  it('keeps a reference that was not measured, as n/a', () => {
    expect(ratioSentence('livebell', 'p99', 5, [{ label: 'floor', value: Number.NaN }])).toBe(
      'livebell p99 = n/a floor',
    );
  });
});
