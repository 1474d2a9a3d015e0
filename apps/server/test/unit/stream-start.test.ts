import { describe, expect, it } from 'vitest';
import { streamStart } from '../../src/live-delivery/stream-start.js';

const saved = '82000000010000000101';
const applied = '82000000020000000101';

describe('streamStart: where the change stream opens', () => {
  it('a first start resumes after the saved position, and the window begins there', () => {
    expect(streamStart({ kind: 'initial', savedPosition: saved }, null)).toEqual({
      resumeAfter: saved,
      startAfter: null,
      windowStart: saved,
      resetsWindow: true,
      resync: false,
    });
  });

  it('a first start without a saved position starts from now; the window begins at its first position', () => {
    expect(streamStart({ kind: 'initial', savedPosition: null }, null)).toMatchObject({
      resumeAfter: null,
      startAfter: null,
      windowStart: null,
      resetsWindow: true,
    });
  });

  it('a reopen after a failure or stall continues right after what was applied, keeping the window', () => {
    expect(streamStart({ kind: 'continue' }, applied)).toEqual({
      resumeAfter: applied,
      startAfter: null,
      windowStart: null,
      resetsWindow: false,
      resync: false,
    });
  });

  it('a reopen before anything was applied is still a first start from now', () => {
    expect(streamStart({ kind: 'continue' }, null)).toMatchObject({ resumeAfter: null, resetsWindow: true });
  });

  it('a restart after lost continuity starts after the given position and asks clients to resync', () => {
    expect(streamStart({ kind: 'restart', position: applied }, saved)).toEqual({
      resumeAfter: null,
      startAfter: applied,
      windowStart: applied,
      resetsWindow: true,
      resync: true,
    });
    expect(streamStart({ kind: 'restart', position: null }, saved)).toMatchObject({ startAfter: null, resync: true });
  });
});
