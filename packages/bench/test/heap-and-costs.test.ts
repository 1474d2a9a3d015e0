import { describe, expect, it } from 'vitest';
import { summarizeAllocations } from '../src/profile/allocation-profile-summary.js';
import { categoryOf, categoryTotals } from '../src/profile/cost-category.js';
import { heapBytes, heapGrowthPerUnit, heapKinds, type HeapSnapshot } from '../src/profile/heap-snapshot-summary.js';

/** A snapshot in V8's layout: 7 fields per node, names in the string table. */
function snapshot(nodes: [type: number, name: string, size: number][]): HeapSnapshot {
  const strings: string[] = [];
  const flat = nodes.flatMap(([type, name, size], id) => {
    let index = strings.indexOf(name);
    if (index === -1) index = strings.push(name) - 1;
    return [type, index, id, size, 0, 0, 0];
  });
  return {
    snapshot: {
      meta: {
        node_fields: ['type', 'name', 'id', 'self_size', 'edge_count', 'trace_node_id', 'detachedness'],
        node_types: [
          ['hidden', 'array', 'string', 'object', 'code', 'closure'],
          'string',
          'number',
          'number',
          'number',
          'number',
          'number',
        ],
      },
    },
    nodes: flat,
    strings,
  };
}

const OBJECT = 3;
const STRING = 2;
const CLOSURE = 5;
const ARRAY = 1;

describe('heapKinds', () => {
  it('counts objects by constructor, closures by function, strings together and arrays by V8 category', () => {
    const kinds = heapKinds(
      snapshot([
        [OBJECT, 'Promise', 32],
        [OBJECT, 'Promise', 32],
        [CLOSURE, 'onAbort', 64],
        [STRING, 'some text', 40],
        [STRING, 'other text', 24],
        [ARRAY, '(object properties)', 100],
      ]),
    );
    expect(kinds.get('Promise')).toEqual({ kind: 'Promise', count: 2, bytes: 64 });
    expect(kinds.get('onAbort (closure)')).toEqual({ kind: 'onAbort (closure)', count: 1, bytes: 64 });
    expect(kinds.get('(string)')).toEqual({ kind: '(string)', count: 2, bytes: 64 });
    expect(kinds.get('(object properties) (array)')).toEqual({
      kind: '(object properties) (array)',
      count: 1,
      bytes: 100,
    });
    expect(heapBytes(kinds)).toBe(292);
  });
});

describe('heapGrowthPerUnit', () => {
  it('gives what grew per unit, largest first, leaving out what shrank', () => {
    const before = heapKinds(
      snapshot([
        [OBJECT, 'Promise', 32],
        [OBJECT, 'Cache', 1000],
      ]),
    );
    const after = heapKinds(
      snapshot([
        [OBJECT, 'Promise', 32],
        [OBJECT, 'Promise', 32],
        [OBJECT, 'Promise', 32],
        [OBJECT, 'WebSocket', 200],
        [OBJECT, 'WebSocket', 200],
      ]),
    );
    expect(heapGrowthPerUnit(before, after, 2)).toEqual([
      { kind: 'WebSocket', count: 1, bytes: 200 },
      { kind: 'Promise', count: 1, bytes: 32 },
    ]);
  });
});

describe('categoryOf', () => {
  it('puts every area of every system into one of the shared categories', () => {
    expect(categoryOf('livebell server: hub/notification-hub.js')).toBe('livebell server code');
    expect(categoryOf('@livebell/bench')).toBe('baseline server code');
    expect(categoryOf('npm: @trpc/server')).toBe('tRPC');
    expect(categoryOf('npm: engine.io')).toBe('Socket.IO');
    expect(categoryOf('npm: bson')).toBe('MongoDB driver and BSON');
    expect(categoryOf('npm: pino')).toBe('other npm packages');
    expect(categoryOf('native: socket writes')).toBe('socket writes (native)');
    expect(categoryOf('Node.js: streams')).toBe('Node.js internals');
    expect(categoryOf('V8: builtins and native')).toBe('V8 builtins and native');
    expect(categoryOf('(idle)')).toBeNull();
  });

  it('adds a value (self time, bytes) per category', () => {
    const totals = categoryTotals(
      [
        { area: 'npm: mongodb', selfMs: 3 },
        { area: 'npm: bson', selfMs: 2 },
        { area: '(idle)', selfMs: 100 },
      ],
      (entry) => entry.selfMs,
    );
    expect(totals['MongoDB driver and BSON']).toBe(5);
    expect(totals.tRPC).toBe(0);
  });
});

describe('summarizeAllocations', () => {
  it('adds the sampled bytes by area and by function, largest first', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const summary = summarizeAllocations({
      head: {
        callFrame: frame('(root)', ''),
        selfSize: 0,
        children: [
          { callFrame: frame('deserialize', 'file:///x/node_modules/bson/lib/bson.cjs'), selfSize: 600 },
          {
            callFrame: frame('processBatch', 'file:///x/apps/server/dist/hub/notification-hub.js'),
            selfSize: 300,
            children: [{ callFrame: frame('deserialize', 'file:///x/node_modules/bson/lib/bson.cjs'), selfSize: 100 }],
          },
        ],
      },
    });
    expect(summary.totalBytes).toBe(1000);
    expect(summary.byArea).toEqual([
      { area: 'npm: bson', bytes: 700, share: 0.7 },
      { area: 'livebell server: hub/notification-hub.js', bytes: 300, share: 0.3 },
    ]);
    expect(summary.topFunctions[0]).toEqual({ name: 'deserialize', location: 'npm: bson:10', bytes: 700, share: 0.7 });
  });
});
