import { ObjectId, type ChangeStreamDocument, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { toHubInputs } from '../../src/change-streams/notification-change-event.js';
import { silentLogger } from '../support/silent-logger.js';

const token = { _data: '8200000001000000012B' };
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

/** The single input the event becomes. */
function convert(event: Document) {
  const inputs = toHubInputs(event as ChangeStreamDocument<Document>, silentLogger());
  expect(inputs).toHaveLength(1);
  return inputs[0];
}

describe('toHubInputs', () => {
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
          },
        },
      },
    });
  });

  it('turns an update into an updated change with the looked-up document', () => {
    const readAt = new Date('2026-01-02T00:00:00Z');
    const input = convert({
      _id: token,
      operationType: 'update',
      ns,
      documentKey: { _id },
      fullDocument: { ...valid, readAt },
    });
    expect(input).toMatchObject({
      type: 'change',
      entry: { change: { kind: 'updated', notification: { readAt: readAt.toISOString() } } },
    });
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
    const inputs = toHubInputs(event as ChangeStreamDocument<Document>, silentLogger());
    expect(inputs).toMatchObject([
      {
        type: 'change',
        entry: { position: token._data, userId: 'ada', change: { kind: 'deleted', id: _id.toHexString() } },
      },
      {
        type: 'change',
        entry: { position: token._data, userId: 'bob', change: { kind: 'updated', notification: { userId: 'bob' } } },
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
    const deleted = (userId: string) => ({
      type: 'change',
      entry: { position: token._data, userId, change: { kind: 'deleted', id: _id.toHexString() } },
    });
    expect(convert(update)).toEqual(deleted('ada'));
    expect(convert({ ...update, fullDocumentBeforeChange: valid })).toEqual(deleted('ada'));
    const inputs = toHubInputs(
      {
        ...update,
        fullDocumentBeforeChange: valid,
        fullDocument: { ...broken, userId: 'bob' },
      } as ChangeStreamDocument<Document>,
      silentLogger(),
    );
    expect(inputs).toEqual([deleted('ada'), deleted('bob')]);
  });

  it('reads nothing from an event without a readable resume token', () => {
    const inputs = toHubInputs(
      { _id: {}, operationType: 'insert', ns, documentKey: { _id }, fullDocument: valid } as never,
      silentLogger(),
    );
    expect(inputs).toEqual([]);
  });

  it('routes a delete by its pre-image and skips one without', () => {
    expect(
      convert({ _id: token, operationType: 'delete', ns, documentKey: { _id }, fullDocumentBeforeChange: valid }),
    ).toEqual({
      type: 'change',
      entry: { position: token._data, userId: 'ada', change: { kind: 'deleted', id: _id.toHexString() } },
    });
    expect(convert({ _id: token, operationType: 'delete', ns, documentKey: { _id } })).toEqual({
      type: 'advance',
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
