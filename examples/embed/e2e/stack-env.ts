/** Where global setup tells the test workers about the running example app (workers inherit its environment). */
export const STACK_ENV = {
  webUrl: 'EXAMPLE_EMBED_E2E_WEB_URL',
  mongodbUri: 'EXAMPLE_EMBED_E2E_MONGODB_URI',
  mongodbDb: 'EXAMPLE_EMBED_E2E_MONGODB_DB',
} as const;

export function stackValue(name: keyof typeof STACK_ENV): string {
  const value = process.env[STACK_ENV[name]];
  if (value === undefined) throw new Error(`${STACK_ENV[name]} is not set: run the tests through playwright.config.ts`);
  return value;
}
