import type { Document } from 'mongodb';

/**
 * A notification as an admin backend would insert it, stamped in `data` with
 * its sequence number and insert time (see load/delivery-ledger.ts).
 * `sentAt` is epoch ms from clock.ts.
 */
export function benchNotification(seq: number, userId: string, sentAt: number): Document {
  return {
    userId,
    type: 'bench',
    title: `Benchmark notification ${seq}`,
    body: 'Sent by the livebell benchmark to measure insert-to-receipt latency.',
    data: { seq, sentAt },
    createdAt: new Date(Math.floor(sentAt)),
    readAt: null,
  };
}
