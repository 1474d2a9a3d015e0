// `pnpm notify`: the outside admin backend. Inserts one notification straight
// into MongoDB with the official driver, as any producer in any language
// would; it never calls the livebell server. The change stream does the rest.
import { parseArgs } from 'node:util';
import { notificationContentSchema, userIdSchema } from '@livebell/shared';
import { NOTIFICATIONS_COLLECTION } from '@livebell/shared/document';
import { MongoClient } from 'mongodb';
import { z } from 'zod';
import { ConfigError, loadDatabaseConfig } from '../config.js';
import { errorMessage } from '../error-message.js';
import { newNotificationDocument } from '../notifications/notification-repository.js';

const USAGE = `Usage: pnpm notify --user ID --title TITLE [--body TEXT] [--type KIND] [--link URL]

Inserts one notification for user ID into MONGODB_URI (database MONGODB_DB,
default livebell) and prints its id. --type defaults to "info".`;

const argsSchema = notificationContentSchema.extend({ userId: userIdSchema });

function fail(message: string, exitCode = 2): never {
  process.stderr.write(`notify: ${message}\n\n${USAGE}\n`);
  process.exit(exitCode);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        user: { type: 'string' },
        title: { type: 'string' },
        body: { type: 'string' },
        type: { type: 'string', default: 'info' },
        link: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(errorMessage(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.user === undefined) fail('--user is required');
  if (values.title === undefined) fail('--title is required');

  const parsed = argsSchema.safeParse({
    userId: values.user,
    title: values.title,
    body: values.body,
    type: values.type,
    link: values.link,
  });
  if (!parsed.success) fail(z.prettifyError(parsed.error).replaceAll('userId', 'user'));

  let database;
  try {
    database = loadDatabaseConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message, 1);
    throw error;
  }

  const { userId, ...content } = parsed.data;
  const client = new MongoClient(database.mongodbUri, { serverSelectionTimeoutMS: 5000 });
  try {
    const result = await client
      .db(database.mongodbDb)
      .collection(NOTIFICATIONS_COLLECTION)
      .insertOne(newNotificationDocument(userId, content, new Date()));
    process.stdout.write(`${result.insertedId.toString()}\n`);
  } catch (error) {
    process.stderr.write(`notify: could not insert into ${database.mongodbUri}: ${errorMessage(error)}\n`);
    process.exitCode = 1;
  } finally {
    await client.close();
  }
}

await main();
