import { describe, expect, it } from 'vitest';
import { openFileLimitFromLimits } from '../src/open-file-limit.js';
import { cpuSecondsFromStat, machineBusySecondsFromStat } from '../src/process-cpu.js';
import { sourceAddress } from '../src/source-address.js';

describe('cpuSecondsFromStat', () => {
  it('adds utime and stime (fields 14 and 15), in 1/100 s', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 2000 0 0 0 1234 56 0 0 20 0 11 0 1000 0 0';
    expect(cpuSecondsFromStat(stat)).toBeCloseTo(12.9);
  });

  it('counts fields from the last parenthesis, so a command name with spaces and parentheses does not shift them', () => {
    const stat = '7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 300 100 0 0 20 0 1 0 1 0 0';
    expect(cpuSecondsFromStat(stat)).toBeCloseTo(4);
  });

  it('throws on something that is not a stat line', () => {
    expect(() => cpuSecondsFromStat('garbage')).toThrow('not a /proc/<pid>/stat line');
  });
});

describe('machineBusySecondsFromStat', () => {
  it('adds every busy column of the cpu line and leaves idle and iowait out', () => {
    const stat = 'cpu  100 20 30 5000 400 6 7 8 0 0\ncpu0 50 10 15 2500 200 3 3 4 0 0\n';
    expect(machineBusySecondsFromStat(stat)).toBeCloseTo((100 + 20 + 30 + 6 + 7 + 8) / 100);
  });
});

describe('openFileLimitFromLimits', () => {
  it('reads the soft and hard open-file limits', () => {
    const limits = [
      'Limit                     Soft Limit           Hard Limit           Units     ',
      'Max cpu time              unlimited            unlimited            seconds   ',
      'Max open files            1024                 20000                files     ',
    ].join('\n');
    expect(openFileLimitFromLimits(limits)).toEqual({ soft: 1024, hard: 20000 });
  });

  it('reads unlimited as Infinity, and a missing row as null', () => {
    expect(
      openFileLimitFromLimits('Max open files            unlimited            unlimited            files'),
    ).toEqual({
      soft: Number.POSITIVE_INFINITY,
      hard: Number.POSITIVE_INFINITY,
    });
    expect(openFileLimitFromLimits('Max processes 10 10')).toBeNull();
  });
});

describe('sourceAddress', () => {
  it('gives each block of clients its own loopback address, from 127.0.0.2', () => {
    expect(sourceAddress(0, 10)).toBe('127.0.0.2');
    expect(sourceAddress(9, 10)).toBe('127.0.0.2');
    expect(sourceAddress(10, 10)).toBe('127.0.0.3');
    expect(sourceAddress(49_999)).toBe('127.0.0.6');
  });

  it('refuses an index that is not a whole number, or that would leave 127.0.0.0/24', () => {
    expect(() => sourceAddress(-1)).toThrow(RangeError);
    expect(() => sourceAddress(1.5)).toThrow(RangeError);
    expect(() => sourceAddress(253, 1)).toThrow(RangeError);
  });
});
