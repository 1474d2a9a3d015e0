/** The one variable global set-up hands the stack over in: Playwright's test workers inherit its environment. */
const STACK_VARIABLE = 'LIVEBELL_E2E_STACK';

/** What the test workers know of a running stack: the page's URL, the database, and whatever else a suite adds. */
export interface E2eStackValues {
  webUrl: string;
  mongodbUri: string;
  mongodbDb: string;
  [name: string]: string;
}

/** In global set-up: hands `values` over to the test workers it starts. */
export function handOver(values: E2eStackValues): void {
  process.env[STACK_VARIABLE] = JSON.stringify(values);
}

/** In a test worker: one value global set-up handed over. */
export function e2eStackValue(name: keyof E2eStackValues): string {
  const handedOver = process.env[STACK_VARIABLE];
  if (handedOver === undefined)
    throw new Error(`${STACK_VARIABLE} is not set: run the tests through playwright.config.ts`);
  const value = (JSON.parse(handedOver) as Partial<E2eStackValues>)[name];
  if (value === undefined) throw new Error(`global set-up handed over no ${name}`);
  return value;
}
