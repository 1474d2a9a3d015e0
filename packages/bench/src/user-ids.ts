/** The benchmark's users: `user-000000`, `user-000001`, ... (distinct, sortable). */
export function benchUserId(index: number): string {
  return `user-${String(index).padStart(6, '0')}`;
}

export function benchUserIds(count: number, first = 0): string[] {
  return Array.from({ length: count }, (_, i) => benchUserId(first + i));
}
