import { describe, expect, it } from 'vitest';
import { DeliveryLedger, readStamp, tallyDeliveries } from '../src/load/delivery-ledger.js';

describe('readStamp', () => {
  it('reads the sequence number and insert time from a notification’s data', () => {
    expect(readStamp({ seq: 3, sentAt: 1_700_000_000_000.25, other: 'x' })).toEqual({
      seq: 3,
      sentAt: 1_700_000_000_000.25,
    });
  });

  it('refuses anything without a whole, non-negative seq and a finite sentAt', () => {
    expect(readStamp(undefined)).toBeNull();
    expect(readStamp({ seq: '3', sentAt: 1 })).toBeNull();
    expect(readStamp({ seq: 1.5, sentAt: 1 })).toBeNull();
    expect(readStamp({ seq: -1, sentAt: 1 })).toBeNull();
    expect(readStamp({ seq: 1, sentAt: Number.NaN })).toBeNull();
  });
});

describe('DeliveryLedger', () => {
  it('keeps the latency of each first receipt and counts repeats as duplicates', () => {
    const ledger = new DeliveryLedger();
    ledger.record('u1', 'u1', { seq: 0, sentAt: 1000 }, 1012.5);
    ledger.record('u1', 'u1', { seq: 0, sentAt: 1000 }, 1050);
    ledger.record('u2', 'u2', { seq: 1, sentAt: 1000 }, 1003);
    expect(ledger.delivered).toBe(2);
    expect(ledger.report()).toEqual({
      seqs: [0, 1],
      latenciesMs: [12.5, 3],
      duplicates: 1,
      misrouted: 0,
      unstamped: 0,
    });
  });

  it('counts a notification for another user as misrouted, not delivered', () => {
    const ledger = new DeliveryLedger();
    ledger.record('u1', 'u2', { seq: 0, sentAt: 1000 }, 1001);
    ledger.record('u1', undefined, { seq: 1, sentAt: 1000 }, 1001);
    expect(ledger.delivered).toBe(0);
    expect(ledger.report().misrouted).toBe(2);
  });

  it('counts a notification without a stamp apart', () => {
    const ledger = new DeliveryLedger();
    ledger.record('u1', 'u1', { hello: 'world' }, 1001);
    expect(ledger.report().unstamped).toBe(1);
  });

  it('forgets everything when cleared', () => {
    const ledger = new DeliveryLedger();
    ledger.record('u1', 'u1', { seq: 0, sentAt: 1000 }, 1001);
    ledger.record('u1', 'u2', { seq: 0, sentAt: 1000 }, 1001);
    ledger.clear();
    expect(ledger.report()).toEqual({ seqs: [], latenciesMs: [], duplicates: 0, misrouted: 0, unstamped: 0 });
  });
});

describe('tallyDeliveries', () => {
  const report = (
    seqs: number[],
    extra: Partial<{ duplicates: number; misrouted: number; unstamped: number }> = {},
  ) => ({
    seqs,
    latenciesMs: seqs.map((seq) => seq * 10),
    duplicates: 0,
    misrouted: 0,
    unstamped: 0,
    ...extra,
  });

  it('counts every expected sequence number that never arrived as lost', () => {
    const { tally, latenciesMs } = tallyDeliveries(5, [report([0, 2]), report([4])]);
    expect(tally).toEqual({ expected: 5, delivered: 3, lost: 2, duplicated: 0, misrouted: 0 });
    expect(latenciesMs).toEqual([0, 20, 40]);
  });

  it('counts a sequence number two workers received once delivered and once duplicated', () => {
    const { tally } = tallyDeliveries(2, [report([0, 1], { duplicates: 2 }), report([1])]);
    expect(tally).toEqual({ expected: 2, delivered: 2, lost: 0, duplicated: 3, misrouted: 0 });
  });

  it('counts receipts the scenario never inserted, and misrouted or unstamped ones, as misrouted', () => {
    const { tally } = tallyDeliveries(1, [report([0, 7], { misrouted: 1, unstamped: 1 })]);
    expect(tally).toEqual({ expected: 1, delivered: 1, lost: 0, duplicated: 0, misrouted: 3 });
  });
});
