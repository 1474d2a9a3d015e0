// What a process allocated, from V8's sampling heap profiler (a
// `.heapprofile`, with collected objects included): bytes by area (see
// areaOf) and by function. Garbage-collection pauses grow with this. Pure.
import { areaOf } from './cpu-profile-summary.js';

type AllocationNode = {
  callFrame: { functionName: string; url: string; lineNumber: number };
  /** Bytes allocated by this frame itself, estimated from the samples. */
  selfSize: number;
  children?: AllocationNode[];
};

export type AllocationProfile = { head: AllocationNode };

export type AreaBytes = { area: string; bytes: number; share: number };
export type FunctionBytes = { name: string; location: string; bytes: number; share: number };

export type AllocationSummary = { totalBytes: number; byArea: AreaBytes[]; topFunctions: FunctionBytes[] };

export function summarizeAllocations(profile: AllocationProfile, top = 15): AllocationSummary {
  const areas = new Map<string, number>();
  const functions = new Map<string, FunctionBytes>();
  let totalBytes = 0;
  const pending: AllocationNode[] = [profile.head];
  for (let node = pending.pop(); node; node = pending.pop()) {
    pending.push(...(node.children ?? []));
    if (node.selfSize <= 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    totalBytes += node.selfSize;
    areas.set(area, (areas.get(area) ?? 0) + node.selfSize);
    const location = url === '' ? area : `${area}:${lineNumber + 1}`;
    const key = `${functionName}|${location}`;
    const entry = functions.get(key);
    if (entry) entry.bytes += node.selfSize;
    else functions.set(key, { name: functionName || '(anonymous)', location, bytes: node.selfSize, share: 0 });
  }
  const share = (bytes: number) => (totalBytes > 0 ? bytes / totalBytes : 0);
  return {
    totalBytes,
    byArea: [...areas].map(([area, bytes]) => ({ area, bytes, share: share(bytes) })).sort((a, b) => b.bytes - a.bytes),
    topFunctions: [...functions.values()]
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, top)
      .map((f) => ({ ...f, share: share(f.bytes) })),
  };
}
