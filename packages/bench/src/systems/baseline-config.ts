// The baseline servers read the same variables as livebell's server (the
// benchmark starts all three with one environment), parsed the same way: zod
// over process.env.
import { z } from 'zod';

const envSchema = z.object({
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\/\S+$/, 'must be a mongodb:// connection string'),
  MONGODB_DB: z.string().min(1).default('livebell'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(0),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (HS256 key)'),
});

export type BaselineConfig = { mongodbUri: string; mongodbDb: string; port: number; jwtSecret: string };

/** Throws an Error that names every bad variable. */
export function loadBaselineConfig(env: NodeJS.ProcessEnv = process.env): BaselineConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new Error(
      `Invalid environment: ${result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  }
  const { MONGODB_URI, MONGODB_DB, PORT, JWT_SECRET } = result.data;
  return { mongodbUri: MONGODB_URI, mongodbDb: MONGODB_DB, port: PORT, jwtSecret: JWT_SECRET };
}
