/** Where global setup tells the test workers about the running stack (workers inherit its environment). */
export const STACK_ENV = {
  webUrl: 'LIVEBELL_E2E_WEB_URL',
  /** The web app in front of a server with ENABLE_CHANGE_STREAMS=false. */
  delayedWebUrl: 'LIVEBELL_E2E_DELAYED_WEB_URL',
  mongodbUri: 'LIVEBELL_E2E_MONGODB_URI',
  mongodbDb: 'LIVEBELL_E2E_MONGODB_DB',
} as const;

export function stackValue(name: keyof typeof STACK_ENV): string {
  const value = process.env[STACK_ENV[name]];
  if (value === undefined) throw new Error(`${STACK_ENV[name]} is not set: run the tests through playwright.config.ts`);
  return value;
}
