import { ObjectId } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { applyUpdateDescription } from '../../src/live-delivery/update-description.js';

describe('applyUpdateDescription: the document right after an update', () => {
  const _id = new ObjectId();
  const before = { _id, userId: 'ada', title: 'Hi', readAt: null, data: { tags: ['a', 'b', 'c'], n: 1 } };

  it('sets, removes and truncates fields, including dotted paths, and leaves the pre-image untouched', () => {
    const readAt = new Date('2026-01-01T00:00:00Z');
    const after = applyUpdateDescription(before, {
      updatedFields: { readAt, 'data.n': 2, 'data.tags.0': 'z', 'extra.deep': true },
      removedFields: ['title'],
      truncatedArrays: [{ field: 'data.tags', newSize: 2 }],
    });
    expect(after).toEqual({ _id, userId: 'ada', readAt, data: { tags: ['z', 'b'], n: 2 }, extra: { deep: true } });
    expect(after._id).toBe(_id);
    expect(before).toEqual({ _id, userId: 'ada', title: 'Hi', readAt: null, data: { tags: ['a', 'b', 'c'], n: 1 } });
  });

  it('ignores a path through a value that is not a document', () => {
    expect(applyUpdateDescription(before, { removedFields: ['title.x'] })).toEqual(before);
  });
});
