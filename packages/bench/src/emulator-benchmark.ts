// The emulator benchmark: inserts into a collection watched the way
// livebell's server nodes watch `notifications` (three change streams with
// fullDocument 'updateLookup' and pre-images 'whenAvailable'), with the
// emulator in its own process. It measures inserts per second and the time
// from an insert to its event reaching each watcher.
import { MongoClient, type ChangeStream, type ChangeStreamInsertDocument } from 'mongodb';
import { cpus } from 'node:os';
import { startEmulatorProcess } from '@livebell/test-support';
import { formatMs, formatRate, summarize, type LatencySummary } from './latency-stats.js';

export type EmulatorBenchmarkOptions = { inserts: number; watchers: number; writers: number };

export type PhaseResult = {
  name: string;
  inserts: number;
  insertsPerSecond: number;
  latency: LatencySummary;
  deliveredMs: number;
};

type Sample = { seq: number; userId: string; title: string };

export async function runEmulatorBenchmark(
  options: EmulatorBenchmarkOptions,
  print: (line: string) => void,
): Promise<PhaseResult[]> {
  print(
    `emulator benchmark: ${options.inserts.toLocaleString('en-US')} inserts, ${options.watchers} watchers, Node ${process.version}, ${cpus().length} cores`,
  );
  const emulator = await startEmulatorProcess();
  const client = new MongoClient(emulator.uri, { maxPoolSize: options.writers + options.watchers + 5 });
  try {
    await client.connect();
    const db = client.db('bench');
    const results: PhaseResult[] = [];
    for (const phase of ['insertMany', 'insertOne'] as const) {
      const name = `notifications_${phase}`;
      await db.createCollection(name, { changeStreamPreAndPostImages: { enabled: true } });
      await db.collection(name).createIndexes([{ key: { userId: 1, _id: -1 } }, { key: { userId: 1, readAt: 1 } }]);
      const result = await runPhase(client, name, phase, options);
      print(
        `${result.name.padEnd(34)} ${formatRate(result.insertsPerSecond).padStart(10)} inserts` +
          `   insert-to-watcher p50 ${formatMs(result.latency.p50)}, p99 ${formatMs(result.latency.p99)}, max ${formatMs(result.latency.max)}` +
          `   (all ${result.latency.count.toLocaleString('en-US')} deliveries in ${formatMs(result.deliveredMs)})`,
      );
      results.push(result);
    }
    return results;
  } finally {
    await client.close();
    await emulator.stop();
  }
}

async function runPhase(
  client: MongoClient,
  name: string,
  phase: 'insertMany' | 'insertOne',
  options: EmulatorBenchmarkOptions,
): Promise<PhaseResult> {
  const coll = client.db('bench').collection<Sample>(name);
  const sentAt = new Float64Array(options.inserts);
  const latencies: number[] = [];
  const streams: ChangeStream<Sample>[] = [];
  const readers: Promise<void>[] = [];
  for (let i = 0; i < options.watchers; i += 1) {
    const stream = coll.watch([], {
      fullDocument: 'updateLookup',
      fullDocumentBeforeChange: 'whenAvailable',
      maxAwaitTimeMS: 1000,
    });
    await stream.tryNext(); // opens the stream on the server before the first insert
    streams.push(stream);
    readers.push(
      (async () => {
        for (let received = 0; received < options.inserts; received += 1) {
          const event = (await stream.next()) as ChangeStreamInsertDocument<Sample>;
          latencies.push(performance.now() - (sentAt[event.fullDocument.seq] ?? 0));
        }
      })(),
    );
  }
  const docs = (from: number, to: number): Sample[] =>
    Array.from({ length: to - from }, (_, i) => ({
      seq: from + i,
      userId: `user-${(from + i) % 100}`,
      title: `notification ${from + i}`,
    }));

  const started = performance.now();
  if (phase === 'insertMany') {
    sentAt.fill(started);
    await coll.insertMany(docs(0, options.inserts));
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: options.writers }, async () => {
        while (next < options.inserts) {
          const seq = next;
          next += 1;
          sentAt[seq] = performance.now();
          await coll.insertOne(docs(seq, seq + 1)[0] as Sample);
        }
      }),
    );
  }
  const written = performance.now() - started;
  await Promise.all(readers);
  const delivered = performance.now() - started;
  await Promise.all(streams.map((stream) => stream.close()));
  const label =
    phase === 'insertMany' ? `1 insertMany of ${options.inserts}` : `insertOne x ${options.writers} concurrent writers`;
  return {
    name: label,
    inserts: options.inserts,
    insertsPerSecond: (options.inserts / written) * 1000,
    latency: summarize(latencies),
    deliveredMs: delivered,
  };
}
