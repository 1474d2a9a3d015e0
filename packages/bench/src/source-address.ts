/**
 * Connections from one source address to one server address and port share
 * the ephemeral port range (about 28,000 ports on Linux by default), so past
 * that count the clients spread over loopback source addresses 127.0.0.2,
 * 127.0.0.3, ...: every 127.0.0.0/8 address is local on Linux.
 */
export const CONNECTIONS_PER_SOURCE_ADDRESS = 10_000;

/** The local address the `index`-th client (counting from 0) binds to. */
export function sourceAddress(index: number, perAddress = CONNECTIONS_PER_SOURCE_ADDRESS): string {
  if (!Number.isInteger(index) || index < 0)
    throw new RangeError(`client index must be a whole number >= 0, got ${index}`);
  const block = Math.floor(index / perAddress);
  if (block > 252) throw new RangeError(`client index ${index} needs more than 253 source addresses`);
  return `127.0.0.${block + 2}`;
}
