import { describe, expect, it } from 'vitest';
import { areaOf, summarizeCpuProfile, type CpuProfile } from '../src/profile/cpu-profile-summary.js';

describe('areaOf', () => {
  it('names livebell server files, workspace packages and npm packages (scoped too, through pnpm’s store)', () => {
    expect(areaOf('file:///work/main/apps/server/dist/hub/notification-hub.js', 'drain')).toBe(
      'livebell server: hub/notification-hub.js',
    );
    expect(areaOf('file:///work/main/packages/shared/dist/document.js', 'toNotification')).toBe('@livebell/shared');
    expect(areaOf('file:///r/node_modules/.pnpm/zod@4.6.7/node_modules/zod/v4/core/schemas.js', 'x')).toBe('npm: zod');
    expect(areaOf('file:///r/node_modules/.pnpm/@trpc+server@11/node_modules/@trpc/server/dist/a.mjs', 'x')).toBe(
      'npm: @trpc/server',
    );
  });

  it('groups Node.js internals by module and V8’s own entries apart', () => {
    expect(areaOf('node:internal/streams/writable', 'write')).toBe('Node.js: streams');
    expect(areaOf('node:net', 'connect')).toBe('Node.js: net');
    expect(areaOf('', 'stringify')).toBe('V8: builtins and native');
    expect(areaOf('', '(garbage collector)')).toBe('V8: garbage collector');
    expect(areaOf('', '(idle)')).toBe('(idle)');
  });
});

/**
 * root -> drain (livebell hub) -> unreadCounts (livebell repository) -> serialize (npm bson)
 *      -> (idle)
 */
function profile(): CpuProfile {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  return {
    startTime: 1_000_000,
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
      { id: 2, callFrame: frame('drain', 'file:///x/apps/server/dist/hub/notification-hub.js', 127), children: [3] },
      {
        id: 3,
        callFrame: frame('unreadCounts', 'file:///x/apps/server/dist/notifications/notification-repository.js', 42),
        children: [4],
      },
      { id: 4, callFrame: frame('serialize', 'file:///x/node_modules/bson/lib/bson.cjs', 10) },
      { id: 5, callFrame: frame('(idle)', '') },
    ],
    // Each sample is charged the delta before it (microseconds).
    samples: [2, 4, 4, 5, 3, 5],
    timeDeltas: [1000, 1000, 2000, 4000, 1000, 3000],
  };
}

describe('summarizeCpuProfile', () => {
  it('shares self time by area over the busy (non-idle) time', () => {
    const summary = summarizeCpuProfile(profile());
    expect(summary.sampledMs).toBe(12);
    expect(summary.busyMs).toBe(5);
    expect(summary.byArea).toEqual([
      { area: 'npm: bson', selfMs: 3, share: 0.6 },
      { area: 'livebell server: hub/notification-hub.js', selfMs: 1, share: 0.2 },
      { area: 'livebell server: notifications/notification-repository.js', selfMs: 1, share: 0.2 },
    ]);
  });

  it('ranks functions by self time, with where they are', () => {
    const [first] = summarizeCpuProfile(profile()).topSelf;
    expect(first).toEqual({ name: 'serialize', area: 'npm: bson', location: 'npm: bson:11', ms: 3, share: 0.6 });
  });

  it('gives livebell’s own functions their inclusive time, callees included', () => {
    const totals = summarizeCpuProfile(profile()).topLivebellTotal.map((f) => [f.name, f.ms]);
    expect(totals).toEqual([
      ['drain', 5],
      ['unreadCounts', 4],
    ]);
  });

  it('keeps only the samples inside a window of the monotonic clock', () => {
    // Sample times: 1_001_000, 1_002_000, 1_004_000, 1_008_000, 1_009_000, 1_012_000.
    const summary = summarizeCpuProfile(profile(), { window: { fromUs: 1_002_000, toUs: 1_009_000 } });
    expect(summary.sampledMs).toBe(8);
    expect(summary.busyMs).toBe(4);
    expect(summary.byArea.map((a) => [a.area, a.selfMs])).toEqual([
      ['npm: bson', 3],
      ['livebell server: notifications/notification-repository.js', 1],
    ]);
  });

  it('limits each ranking to `top` entries', () => {
    expect(summarizeCpuProfile(profile(), { top: 1 }).topSelf).toHaveLength(1);
  });
});
