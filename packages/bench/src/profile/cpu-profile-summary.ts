// Where a process's CPU time went, from a V8 CPU profile (`node --cpu-prof`):
// self time by area (livebell's own files, each npm package, Node.js
// internals, V8) and by function, plus the inclusive time of livebell's own
// functions. Pure: it reads the profile object, nothing else.

/** The parts of a `.cpuprofile` this summary reads. */
export type CpuProfile = {
  /** Monotonic clock, microseconds. */
  startTime: number;
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
};

export type AreaTime = { area: string; selfMs: number; share: number };
export type FunctionTime = { name: string; area: string; location: string; ms: number; share: number };

export type ProfileSummary = {
  /** Everything sampled, idle included. */
  sampledMs: number;
  /** Sampled time not idle: the denominator of every share. */
  busyMs: number;
  byArea: AreaTime[];
  topSelf: FunctionTime[];
  /** livebell's own functions by inclusive time (with what they call). */
  topLivebellTotal: FunctionTime[];
};

export const IDLE_AREA = '(idle)';
export const SOCKET_WRITES_AREA = 'native: socket writes';

/** Native functions that write to sockets; on loopback the kernel's delivery to the reader is charged here too. */
const SOCKET_WRITES = new Set([
  'writev',
  'writeBuffer',
  'writeUtf8String',
  'writeLatin1String',
  'writeAsciiString',
  'writeUcs2String',
]);
export const LIVEBELL_AREA_PREFIX = 'livebell server: ';

/**
 * The area a frame belongs to: socket writes, livebell's server (by file), a workspace
 * package, an npm package, a Node.js internal module, or V8 itself.
 */
export function areaOf(url: string, functionName: string): string {
  if (functionName === '(idle)') return IDLE_AREA;
  if (functionName === '(garbage collector)') return 'V8: garbage collector';
  if (functionName === '(program)') return 'V8: (program) native, unattributed';
  if (url === '' && SOCKET_WRITES.has(functionName)) return SOCKET_WRITES_AREA;
  if (url === '') return 'V8: builtins and native';
  const path = decodeURIComponent(url.replace(/^file:\/\//, ''));
  const modules = path.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [first = '', second = ''] = path.slice(modules + '/node_modules/'.length).split('/');
    return `npm: ${first.startsWith('@') ? `${first}/${second}` : first}`;
  }
  const server = /\/apps\/server\/(?:dist|src)\/(.+)$/.exec(path);
  if (server) return `${LIVEBELL_AREA_PREFIX}${server[1] ?? ''}`;
  const workspace = /\/packages\/([^/]+)\//.exec(path);
  if (workspace) return `@livebell/${workspace[1] ?? ''}`;
  if (path.startsWith('node:')) {
    const [scope = '', sub = ''] = path.slice('node:'.length).split('/');
    return scope === 'internal' && sub !== '' ? `Node.js: ${sub.replace(/\.js$/, '')}` : `Node.js: ${scope}`;
  }
  return path;
}

export type SummaryOptions = {
  /** Only samples taken in this stretch (monotonic microseconds, see clock.ts). */
  window?: { fromUs: number; toUs: number };
  /** How many functions each ranking lists. */
  top?: number;
};

export function summarizeCpuProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const { window, top = 15 } = options;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const selfByNode = new Map<number, number>();
  let sampledMs = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample, in microseconds: charged to this one.
    const deltaUs = profile.timeDeltas[i] ?? 0;
    at += deltaUs;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const ms = deltaUs / 1000;
    sampledMs += ms;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + ms);
  });

  const keyOf = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return null;
    const area = areaOf(frame.url, frame.functionName);
    const location = frame.url === '' ? '' : `${area.replace(LIVEBELL_AREA_PREFIX, '')}:${frame.lineNumber + 1}`;
    return {
      key: `${frame.functionName}|${frame.url}|${frame.lineNumber}`,
      name: frame.functionName || '(anonymous)',
      area,
      location,
    };
  };

  const areas = new Map<string, number>();
  const selfFunctions = new Map<string, FunctionTime>();
  const totalFunctions = new Map<string, FunctionTime>();
  let idleMs = 0;
  for (const [id, ms] of selfByNode) {
    const frame = keyOf(id);
    if (!frame) continue;
    if (frame.area === IDLE_AREA) {
      idleMs += ms;
      continue;
    }
    areas.set(frame.area, (areas.get(frame.area) ?? 0) + ms);
    addTo(selfFunctions, frame, ms);
    // Inclusive time: once per distinct livebell function on the stack (recursion counted once).
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parentOf.get(node)) {
      const ancestor = keyOf(node);
      if (!ancestor?.area.startsWith(LIVEBELL_AREA_PREFIX) || seen.has(ancestor.key)) continue;
      seen.add(ancestor.key);
      addTo(totalFunctions, ancestor, ms);
    }
  }
  const busyMs = sampledMs - idleMs;
  const share = (ms: number) => (busyMs > 0 ? ms / busyMs : 0);
  const ranked = (entries: Iterable<FunctionTime>) =>
    [...entries]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((entry) => ({ ...entry, share: share(entry.ms) }));
  return {
    sampledMs,
    busyMs,
    byArea: [...areas]
      .map(([area, selfMs]) => ({ area, selfMs, share: share(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs),
    topSelf: ranked(selfFunctions.values()),
    topLivebellTotal: ranked(totalFunctions.values()),
  };
}

function addTo(
  table: Map<string, FunctionTime>,
  frame: { key: string; name: string; area: string; location: string },
  ms: number,
): void {
  const entry = table.get(frame.key);
  if (entry) entry.ms += ms;
  else table.set(frame.key, { name: frame.name, area: frame.area, location: frame.location, ms, share: 0 });
}
