import { ObjectId, type ChangeStreamDocument, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { toStreamInputs } from '../../src/live-delivery/change-event.js';
import { silentLogger } from '../support/silent-logger.js';

const token = { _data: '8200000001000000012B' };
/** The token's cluster time (1 s after the epoch): a change's commit time when the event has no wallTime. */
const committedAtMs = 1000;
const _id = new ObjectId();
const ns = { db: 'livebell', coll: 'notifications' };
const valid = {
  _id,
  userId: 'ada',
  type: 'info',
  title: 'Hello',
  readAt: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
};

/** The change that deletes the test document for `userId`, moving its count by `unreadDelta`. */
function deletedChange(userId: string, unreadDelta: number | null) {
  return {
    type: 'change',
    entry: {
      position: token._data,
      userId,
      change: { kind: 'deleted', id: _id.toHexString() },
      unreadDelta,
      committedAtMs,
    },
  };
}

/** An update event of the test document with `fields` (images, update description). */
function update(fields: Document): Document {
  return { _id: token, operationType: 'update', ns, documentKey: { _id }, ...fields };
}

/** The single input the event becomes. */
function convert(event: Document) {
  const inputs = toStreamInputs(event as ChangeStreamDocument<Document>, silentLogger());
  expect(inputs).toHaveLength(1);
  return inputs[0];
}

describe('toStreamInputs', () => {
  it('turns an insert into a created change routed by fullDocument.userId', () => {
    expect(convert({ _id: token, operationType: 'insert', ns, documentKey: { _id }, fullDocument: valid })).toEqual({
      type: 'change',
      entry: {
        position: token._data,
        userId: 'ada',
        change: {
          kind: 'created',
          notification: {
            id: _id.toHexString(),
            userId: 'ada',
            type: 'info',
            title: 'Hello',
            createdAt: '2026-01-01T00:00:00.000Z',
            readAt: null,
            archivedAt: null,
          },
        },
        unreadDelta: 1,
        committedAtMs,
      },
    });
  });

  it("dates a change by the event's wallTime (milliseconds) when it has one, else by its cluster time", () => {
    const wallTime = new Date('2026-11-30T12:00:00.123Z');
    const insert = { _id: token, operationType: 'insert', ns, documentKey: { _id }, fullDocument: valid };
    expect(convert({ ...insert, wallTime })).toMatchObject({ entry: { committedAtMs: wallTime.getTime() } });
    expect(convert(insert)).toMatchObject({ entry: { committedAtMs } });
  });

  it('turns an update without pre-image into an updated change with the looked-up document, its count effect unknown', () => {
    const readAt = new Date('2026-01-02T00:00:00Z');
    const input = convert(update({ fullDocument: { ...valid, readAt } }));
    expect(input).toMatchObject({
      type: 'change',
      entry: { change: { kind: 'updated', notification: { readAt: readAt.toISOString() } }, unreadDelta: null },
    });
  });

  it('rebuilds an update from its pre-image and update description: exact as of the event, whatever the lookup says', () => {
    const readAt = new Date('2026-01-02T00:00:00Z');
    const input = convert(
      update({
        fullDocumentBeforeChange: valid,
        updateDescription: { updatedFields: { readAt }, removedFields: [], truncatedArrays: [] },
        // Looked up later, after another change made it unread again.
        fullDocument: { ...valid, title: 'Later' },
      }),
    );
    expect(input).toMatchObject({
      entry: {
        userId: 'ada',
        change: { kind: 'updated', notification: { title: 'Hello', readAt: readAt.toISOString() } },
        unreadDelta: -1,
      },
    });
  });

  it.each([
    ['marked unread', { ...valid, readAt: new Date() }, { updatedFields: { readAt: null } }, 1],
    ['archived', valid, { updatedFields: { archivedAt: new Date() } }, -1],
    ['retitled', valid, { updatedFields: { title: 'New' } }, 0],
    ['made valid', { ...valid, title: '' }, { updatedFields: { title: 'Fixed' } }, 1],
  ])('an update (%s) moves the unread count by its images', (_name, before, updateDescription, delta) => {
    const input = convert(update({ fullDocumentBeforeChange: before, updateDescription }));
    expect(input).toMatchObject({ entry: { unreadDelta: delta } });
  });

  it('an update that gives a notification to another user is a delete for the former owner, then an update for the new one', () => {
    const event = {
      _id: token,
      operationType: 'update',
      ns,
      documentKey: { _id },
      fullDocumentBeforeChange: valid,
      fullDocument: { ...valid, userId: 'bob' },
    };
    const inputs = toStreamInputs(event as ChangeStreamDocument<Document>, silentLogger());
    expect(inputs).toMatchObject([
      deletedChange('ada', -1),
      {
        type: 'change',
        entry: {
          position: token._data,
          userId: 'bob',
          change: { kind: 'updated', notification: { userId: 'bob' } },
          unreadDelta: 1,
        },
      },
    ]);
    // The same owner before and after: one update.
    expect(convert({ ...event, fullDocument: valid })).toMatchObject({
      entry: { userId: 'ada', change: { kind: 'updated' } },
    });
  });

  it('an update that makes a document fail the schema is a delete for its owners: lists leave such documents out', () => {
    const broken = { ...valid, title: '' };
    const update = { _id: token, operationType: 'update', ns, documentKey: { _id }, fullDocument: broken };
    const deleted = deletedChange;
    expect(convert(update)).toEqual(deleted('ada', null));
    expect(convert({ ...update, fullDocumentBeforeChange: valid })).toEqual(deleted('ada', -1));
    const inputs = toStreamInputs(
      {
        ...update,
        fullDocumentBeforeChange: valid,
        fullDocument: { ...broken, userId: 'bob' },
      } as ChangeStreamDocument<Document>,
      silentLogger(),
    );
    expect(inputs).toEqual([deleted('ada', -1), deleted('bob', 0)]);
  });

  it('reads nothing from an event without a readable resume token', () => {
    const inputs = toStreamInputs(
      { _id: {}, operationType: 'insert', ns, documentKey: { _id }, fullDocument: valid } as never,
      silentLogger(),
    );
    expect(inputs).toEqual([]);
  });

  it('routes a delete by its pre-image; one without cannot be routed, so every kept count is re-read', () => {
    expect(
      convert({ _id: token, operationType: 'delete', ns, documentKey: { _id }, fullDocumentBeforeChange: valid }),
    ).toEqual(deletedChange('ada', -1));
    expect(convert({ _id: token, operationType: 'delete', ns, documentKey: { _id } })).toEqual({
      type: 'unrouted',
      position: token._data,
    });
  });

  it('skips, as progress only, a document failing the schema and an update whose document is gone', () => {
    const advance = { type: 'advance', position: token._data };
    expect(
      convert({
        _id: token,
        operationType: 'insert',
        ns,
        documentKey: { _id },
        fullDocument: { _id, userId: 'ada', type: 'info' },
      }),
    ).toEqual(advance);
    expect(convert({ _id: token, operationType: 'update', ns, documentKey: { _id }, fullDocument: null })).toEqual(
      advance,
    );
  });
});
