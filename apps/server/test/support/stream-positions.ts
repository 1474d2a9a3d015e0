/** Positions shaped like resume tokens: "82" + 16 hex digits, ordered by n (n is also the cluster time). */
export function position(n: number): string {
  return `82${n.toString(16).toUpperCase().padStart(16, '0')}`;
}
