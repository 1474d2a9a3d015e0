/**
 * Reconnect delay: quick at first, then exponential up to 5 s, with jitter so
 * that clients cut off together (a server restart) do not return together.
 * The cap keeps a laptop that wakes up from waiting long to be live again.
 */
export function reconnectDelayMs(attempt: number): number {
  const ceiling = Math.min(5_000, 250 * 2 ** attempt);
  return attempt === 0 ? 0 : Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}
