import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves once `url` answers 200. Fails after `timeoutMs`, or at once when
 * `crashed` rejects (the process that should answer has died).
 */
export async function waitForHttp(url: string, options: { timeoutMs: number; crashed: Promise<never> }): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([poll(url, options.timeoutMs, done.signal), options.crashed]);
  } finally {
    done.abort();
  }
}

// Readiness has no event to await but the answer itself: poll, with a deadline.
async function poll(url: string, timeoutMs: number, stop: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let failure = 'no answer yet';
  while (!stop.aborted && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.any([stop, AbortSignal.timeout(2_000)]) });
      if (response.ok) return;
      failure = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    await delay(100, undefined, { signal: stop }).catch(() => undefined);
  }
  throw new Error(`${url} was not ready within ${timeoutMs} ms (last: ${failure})`);
}
