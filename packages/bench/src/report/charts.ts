// The charts committed next to RESULTS.md, drawn by Vega-Lite and rendered
// to SVG by Vega in Node (no browser): latency CDFs of the three systems, and
// memory against connections.
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { CdfPoint } from '../latency-cdf.js';
import { SYSTEM_LABELS, SYSTEM_NAMES, type SystemName } from '../systems/system-name.js';

const COLORS: Record<SystemName, string> = { livebell: '#2563eb', socketio: '#ea580c', ws: '#6b7280' };

const colorEncoding = {
  field: 'system',
  type: 'nominal',
  title: null,
  scale: { domain: SYSTEM_NAMES.map((s) => SYSTEM_LABELS[s]), range: SYSTEM_NAMES.map((s) => COLORS[s]) },
  legend: { orient: 'bottom' },
} as const;

export type CdfSeries = { scenario: string; system: SystemName; points: CdfPoint[] };

/** One panel per scenario: the fraction of deliveries that arrived within x ms (log scale). */
export function latencyCdfSpec(series: readonly CdfSeries[]): TopLevelSpec {
  const values = series.flatMap(({ scenario, system, points }) =>
    points.map((point) => ({
      scenario,
      system: SYSTEM_LABELS[system],
      ms: Math.max(point.ms, 0.1),
      fraction: point.fraction,
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Insert-to-receipt latency (CDF)',
    data: { values },
    facet: {
      column: { field: 'scenario', type: 'nominal', title: null, sort: [...new Set(series.map((s) => s.scenario))] },
    },
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 340,
      height: 240,
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
      encoding: {
        x: { field: 'ms', type: 'quantitative', title: 'latency (ms, log scale)', scale: { type: 'log' } },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction delivered', axis: { format: '%' } },
        color: colorEncoding,
        order: { field: 'fraction', type: 'quantitative' },
      },
    },
  };
}

export type MemoryPoint = {
  system: SystemName;
  connections: number;
  rssBytes: number;
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
};

/** RSS, and RSS and JS heap per connection (above the idle server), against open connections. */
export function memorySpec(points: readonly MemoryPoint[]): TopLevelSpec {
  const panels = [
    { metric: 'server RSS (MiB)', value: (p: MemoryPoint) => p.rssBytes / 2 ** 20 },
    { metric: 'RSS per connection (KiB)', value: (p: MemoryPoint) => p.rssPerConnectionBytes / 1024 },
    { metric: 'JS heap per connection (KiB)', value: (p: MemoryPoint) => p.heapPerConnectionBytes / 1024 },
  ];
  const values = panels.flatMap(({ metric, value }) =>
    points.map((point) => ({
      metric,
      system: SYSTEM_LABELS[point.system],
      connections: point.connections,
      value: value(point),
    })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Server memory against idle subscribers (after a full GC)',
    data: { values },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: panels.map((p) => p.metric) } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 240,
      height: 220,
      mark: { type: 'line', point: true, strokeWidth: 2 },
      encoding: {
        x: { field: 'connections', type: 'quantitative', title: 'connections' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: true } },
        color: colorEncoding,
      },
    },
  };
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
