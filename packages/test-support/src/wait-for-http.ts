import { setTimeout as delay } from 'node:timers/promises';

export interface WaitForHttpOptions {
  timeoutMs: number;
  /** Rejects when the process that should answer has died: the wait fails at once. */
  crashed?: Promise<never>;
  /** Whether an answer means ready; by default a 2xx status. */
  isReady?: (response: Response) => boolean | Promise<boolean>;
}

/**
 * Resolves once `url` answers as ready. Readiness has no event to await but
 * the answer itself, so this polls, with a deadline.
 */
export async function waitForHttp(url: string, options: WaitForHttpOptions): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([poll(url, options, done.signal), ...(options.crashed ? [options.crashed] : [])]);
  } finally {
    done.abort();
  }
}

async function poll(url: string, options: WaitForHttpOptions, stop: AbortSignal): Promise<void> {
  const isReady = options.isReady ?? ((response: Response) => response.ok);
  const deadline = Date.now() + options.timeoutMs;
  let failure = 'no answer yet';
  while (!stop.aborted && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.any([stop, AbortSignal.timeout(2_000)]) });
      if (await isReady(response)) return;
      failure = `HTTP ${response.status}: ${(await response.text().catch(() => '')).slice(0, 300)}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    await delay(100, undefined, { signal: stop }).catch(() => undefined);
  }
  throw new Error(`${url} was not ready within ${options.timeoutMs} ms (last: ${failure})`);
}
