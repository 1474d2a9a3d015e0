// Counting deliveries. Every notification the benchmark inserts carries, in
// its `data`, a sequence number unique within the scenario (0, 1, ...) and
// the time it was inserted. Each load worker keeps a ledger of what its
// clients received; the orchestrator merges the ledgers against what it
// inserted, so lost, duplicated and misrouted deliveries are counted for
// every scenario.

/** What the benchmark stamps into each notification's `data`. */
export type DeliveryStamp = { seq: number; sentAt: number };

export function readStamp(data: unknown): DeliveryStamp | null {
  if (typeof data !== 'object' || data === null) return null;
  const { seq, sentAt } = data as { seq?: unknown; sentAt?: unknown };
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 0) return null;
  if (typeof sentAt !== 'number' || !Number.isFinite(sentAt)) return null;
  return { seq, sentAt };
}

/** One worker's receipts: first receipts as parallel arrays, and the counts of what went wrong. */
export type LedgerReport = {
  seqs: number[];
  latenciesMs: number[];
  /** Receipts of a sequence number this ledger had already seen. */
  duplicates: number;
  /** Notifications for another user than the client's. */
  misrouted: number;
  /** Notifications without a readable stamp. */
  unstamped: number;
};

export class DeliveryLedger {
  private readonly latencyBySeq = new Map<number, number>();
  private duplicates = 0;
  private misrouted = 0;
  private unstamped = 0;

  /** Distinct sequence numbers received so far. */
  get delivered(): number {
    return this.latencyBySeq.size;
  }

  /**
   * Records one receipt by a client of `subscriberUserId` of a notification
   * for `notifiedUserId`, received at `receivedAt` (epoch ms, see clock.ts).
   */
  record(subscriberUserId: string, notifiedUserId: unknown, data: unknown, receivedAt: number): void {
    if (notifiedUserId !== subscriberUserId) {
      this.misrouted += 1;
      return;
    }
    const stamp = readStamp(data);
    if (!stamp) {
      this.unstamped += 1;
      return;
    }
    if (this.latencyBySeq.has(stamp.seq)) {
      this.duplicates += 1;
      return;
    }
    this.latencyBySeq.set(stamp.seq, receivedAt - stamp.sentAt);
  }

  report(): LedgerReport {
    return {
      seqs: [...this.latencyBySeq.keys()],
      latenciesMs: [...this.latencyBySeq.values()],
      duplicates: this.duplicates,
      misrouted: this.misrouted,
      unstamped: this.unstamped,
    };
  }

  clear(): void {
    this.latencyBySeq.clear();
    this.duplicates = 0;
    this.misrouted = 0;
    this.unstamped = 0;
  }
}

export type DeliveryTally = {
  /** Notifications inserted for subscribed users: each should arrive exactly once. */
  expected: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Delivered to a client of another user, or with a stamp the scenario never inserted. */
  misrouted: number;
};

/**
 * Merges the workers' ledgers for a scenario that inserted sequence numbers
 * 0 to `expected - 1`, each for one subscribed user. A sequence number seen
 * by two workers counts once as delivered and once as duplicated.
 */
export function tallyDeliveries(
  expected: number,
  reports: readonly LedgerReport[],
): { tally: DeliveryTally; latenciesMs: number[] } {
  const seen = new Set<number>();
  const latenciesMs: number[] = [];
  let duplicated = 0;
  let misrouted = 0;
  for (const report of reports) {
    duplicated += report.duplicates;
    misrouted += report.misrouted + report.unstamped;
    report.seqs.forEach((seq, i) => {
      if (seq >= expected) misrouted += 1;
      else if (seen.has(seq)) duplicated += 1;
      else {
        seen.add(seq);
        latenciesMs.push(report.latenciesMs[i] ?? Number.NaN);
      }
    });
  }
  return { tally: { expected, delivered: seen.size, lost: expected - seen.size, duplicated, misrouted }, latenciesMs };
}
