// What livebell aims for against the floor (a bare ws relay) and Socket.IO.
// RESULTS.md reports each as met or not; nothing enforces them.

export const TARGETS = {
  latency: {
    description: 'livebell p99 latency within 1.3x of the floor, and ahead of Socket.IO',
    /** livebell's steady p99 at most this multiple of the floor's. */
    maxOfFloor: 1.3,
  },
  latencyP50: {
    description: 'livebell p50 latency within 1.1x of the floor',
    /** livebell's steady p50 at most this multiple of the floor's. */
    maxOfFloor: 1.1,
  },
  burstThroughput: {
    description: 'livebell burst throughput within 1.3x of the floor, and ahead of Socket.IO',
    /** The floor's burst deliveries/s at most this multiple of livebell's. */
    maxOfFloor: 1.3,
  },
  memory: {
    description: '20,000 concurrent subscribers on one node in under 1 GB RSS',
    subscribers: 20_000,
    /** 1 GB read as 10^9 bytes. */
    maxRssBytes: 1e9,
  },
  idleMemory: {
    description: "livebell's RSS and JS heap per idle connection at most Socket.IO's",
  },
  databaseCpu: {
    description: "database CPU per notification within 1.1x of the floor's, steady and burst (no query per change)",
    /** livebell's database CPU per delivered notification at most this multiple of the floor's. */
    maxOfFloor: 1.1,
  },
  deliveries: {
    description: '0 lost and 0 duplicated deliveries in every scenario',
  },
} as const;
