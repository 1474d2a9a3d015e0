import { useCallback, useRef, useState } from 'react';

/** Arrivals closer together than this are announced as one count, not one by one. */
const BURST_MS = 3_000;

/**
 * The text of an `aria-live` region for new notifications. One arrival is
 * announced by its title; a burst (a reconnect that replays what was missed)
 * as a count, so a screen reader is not flooded.
 */
export function useLiveAnnouncer(texts: { one: (title: string) => string; many: (count: number) => string }): {
  message: string;
  announce: (title: string) => void;
} {
  const [message, setMessage] = useState('');
  const burst = useRef({ count: 0, at: 0 });
  const { one, many } = texts;
  const announce = useCallback(
    (title: string) => {
      const now = Date.now();
      const count = now - burst.current.at < BURST_MS ? burst.current.count + 1 : 1;
      burst.current = { count, at: now };
      setMessage(count === 1 ? one(title) : many(count));
    },
    [one, many],
  );
  return { message, announce };
}
