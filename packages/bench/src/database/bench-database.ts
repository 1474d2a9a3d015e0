import { NOTIFICATIONS_COLLECTION } from '@livebell/shared/document';
import { MongoClient, type Collection, type Document } from 'mongodb';

/**
 * The benchmark's own connection to the database the systems watch: it resets
 * the database before each run and inserts the notifications, as an admin
 * backend would (never through a system under test).
 */
export class BenchDatabase {
  private constructor(
    private readonly client: MongoClient,
    readonly name: string,
  ) {}

  static async connect(uri: string, name: string): Promise<BenchDatabase> {
    const client = new MongoClient(uri, { maxPoolSize: 20 });
    await client.connect();
    return new BenchDatabase(client, name);
  }

  get notifications(): Collection<Document> {
    return this.client.db(this.name).collection(NOTIFICATIONS_COLLECTION);
  }

  /**
   * An empty `notifications` collection set up as livebell's bootstrap sets it
   * up (its two indexes, pre-images on), so every system's inserts cost the
   * database the same.
   */
  async reset(): Promise<void> {
    const db = this.client.db(this.name);
    await db.dropDatabase();
    await db.createCollection(NOTIFICATIONS_COLLECTION, { changeStreamPreAndPostImages: { enabled: true } });
    await this.notifications.createIndexes([
      { key: { userId: 1, _id: -1 }, name: 'userId_1__id_-1' },
      { key: { userId: 1, readAt: 1 }, name: 'userId_1_readAt_1' },
    ]);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
