// Databases and nodes a test starts, stopped after it in reverse order, so
// that a failing test leaves nothing running for the next one.
import { startTestDatabase, type TestDatabase } from '@livebell/mongo-emulator/testing';
import { afterEach } from 'vitest';
import { startTestNode, type TestNode } from './test-server.js';

export interface TestResources {
  /** Runs `cleanup` after the current test (last registered, first run). */
  defer: (cleanup: () => Promise<void>) => void;
  database: (start?: () => Promise<TestDatabase>) => Promise<TestDatabase>;
  node: (db: TestDatabase, env?: Record<string, string>) => Promise<TestNode>;
}

/** Call once at the top of a test file. */
export function testResources(): TestResources {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    defer: (cleanup) => void cleanups.push(cleanup),
    async database(start = startTestDatabase) {
      const db = await start();
      cleanups.push(() => db.stop());
      return db;
    },
    async node(db, env = {}) {
      const started = await startTestNode(db, env);
      cleanups.push(() => started.server.stop());
      return started;
    },
  };
}

/** A GET whose answer is JSON: its status and parsed body. */
export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}
