/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern even when it needs none. */
import { randomBytes } from 'node:crypto';
import { test as base } from '@playwright/test';
import { MongoClient, type Db } from 'mongodb';
import { e2eStackValue } from './e2e-stack-values.js';

/** A notification as an outside backend writes it, in the shape `pnpm notify` inserts. */
export interface NotifyInput {
  title: string;
  type?: string;
  body?: string;
  link?: string;
  /** Defaults to now. */
  createdAt?: Date;
  /** Buttons on the notification (at most two). */
  actions?: { label: string; url: string }[];
  /** Defaults to null (unread). */
  readAt?: Date | null;
  /** Defaults to absent (in the inbox). */
  archivedAt?: Date;
}

export interface LivebellFixtures {
  /** A user id no other test uses, so tests share the stack without seeing each other. */
  uniqueUser: (name: string) => string;
  /** Inserts one notification straight into MongoDB, as `pnpm notify` (and any backend) does; resolves with its id. */
  notify: (userId: string, input: NotifyInput) => Promise<string>;
}

export interface LivebellWorkerFixtures {
  /** The stack's database, through the official driver. */
  database: Db;
}

/**
 * Playwright's `test` on a stack that `startE2eStack` started: pages open
 * on its `webUrl`, and the fixtures write to its database as any backend would.
 */
export const test = base.extend<LivebellFixtures, LivebellWorkerFixtures>({
  baseURL: async ({}, use) => {
    await use(e2eStackValue('webUrl'));
  },
  database: [
    async ({}, use) => {
      const client = await MongoClient.connect(e2eStackValue('mongodbUri'));
      try {
        await use(client.db(e2eStackValue('mongodbDb')));
      } finally {
        await client.close();
      }
    },
    { scope: 'worker' },
  ],
  uniqueUser: async ({}, use) => {
    await use((name) => `${name}-${randomBytes(4).toString('hex')}`);
  },
  notify: async ({ database }, use) => {
    await use(async (userId, input) => {
      const { insertedId } = await database.collection('notifications').insertOne({
        userId,
        type: input.type ?? 'info',
        title: input.title,
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.link === undefined ? {} : { link: input.link }),
        ...(input.actions === undefined ? {} : { actions: input.actions }),
        ...(input.archivedAt === undefined ? {} : { archivedAt: input.archivedAt }),
        createdAt: input.createdAt ?? new Date(),
        readAt: input.readAt ?? null,
      });
      return insertedId.toHexString();
    });
  },
});
