// What a process's JS heap holds, from a V8 heap snapshot (v8.writeHeapSnapshot):
// object count and self size per kind, where a kind is a constructor name for
// objects, a function name for closures, or the V8 category for the rest; and
// the difference between two snapshots per unit (per connection). Pure.

/** The parts of a `.heapsnapshot` this summary reads. */
export type HeapSnapshot = {
  snapshot: { meta: { node_fields: string[]; node_types: unknown[] } };
  nodes: number[];
  strings: string[];
};

export type HeapKind = { kind: string; count: number; bytes: number };

/** Types whose node name says what the object is (a constructor, a function); others are named by their type alone. */
const NAMED_TYPES = new Set(['object', 'closure', 'native', 'regexp']);
/** Types whose names are V8's own bounded categories, e.g. "(object properties)". */
const CATEGORY_TYPES = new Set(['array', 'hidden', 'object shape', 'code', 'synthetic']);

export function heapKinds(snapshot: HeapSnapshot): Map<string, HeapKind> {
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  if (!Array.isArray(typeNames)) throw new Error('heap snapshot without node type names');
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  if (typeAt < 0 || nameAt < 0 || sizeAt < 0) throw new Error('heap snapshot without type, name or self_size');
  const kinds = new Map<string, HeapKind>();
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = String(typeNames[snapshot.nodes[i + typeAt] ?? -1] ?? 'unknown');
    const name = snapshot.strings[snapshot.nodes[i + nameAt] ?? -1] ?? '';
    const kind = NAMED_TYPES.has(type)
      ? type === 'object'
        ? name || '(anonymous object)'
        : `${name || '(anonymous)'} (${type})`
      : CATEGORY_TYPES.has(type) && name !== ''
        ? `${name} (${type})`
        : `(${type})`;
    const entry = kinds.get(kind);
    const bytes = snapshot.nodes[i + sizeAt] ?? 0;
    if (entry) {
      entry.count += 1;
      entry.bytes += bytes;
    } else {
      kinds.set(kind, { kind, count: 1, bytes });
    }
  }
  return kinds;
}

/**
 * What `after` holds more than `before`, per unit (e.g. per connection when
 * `units` connections were opened in between), largest first. Kinds that
 * shrank are left out.
 */
export function heapGrowthPerUnit(
  before: Map<string, HeapKind>,
  after: Map<string, HeapKind>,
  units: number,
  top = 15,
): HeapKind[] {
  const growth: HeapKind[] = [];
  for (const [kind, entry] of after) {
    const base = before.get(kind);
    const bytes = entry.bytes - (base?.bytes ?? 0);
    if (bytes <= 0) continue;
    growth.push({ kind, count: (entry.count - (base?.count ?? 0)) / units, bytes: bytes / units });
  }
  return growth.sort((a, b) => b.bytes - a.bytes).slice(0, top);
}

/** Total self size of a snapshot's kinds. */
export function heapBytes(kinds: Map<string, HeapKind>): number {
  let total = 0;
  for (const entry of kinds.values()) total += entry.bytes;
  return total;
}
