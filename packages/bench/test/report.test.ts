import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { latencyCdfSpec, memorySpec, renderSvg } from '../src/report/charts.js';
import { markdownTable } from '../src/report/markdown-table.js';
import { resultsMarkdown } from '../src/report/results-markdown.js';
import type { RunResult } from '../src/report/run-result.js';
import { newestFullRun, reportFiles } from '../src/report/write-report.js';

describe('markdownTable', () => {
  it('writes a header, an alignment rule and one line per row, escaping pipes', () => {
    expect(markdownTable(['system', 'p99'], [['a|b', '1 ms']], ['l', 'r'])).toBe(
      ['| system | p99 |', '| --- | ---: |', '| a\\|b | 1 ms |'].join('\n'),
    );
  });
});

describe('charts', () => {
  it('draws the latency CDFs of every system as SVG, one panel per scenario', async () => {
    const svg = await renderSvg(
      latencyCdfSpec([
        {
          scenario: 'steady',
          system: 'livebell',
          points: [
            { ms: 2, fraction: 0.5 },
            { ms: 9, fraction: 1 },
          ],
        },
        {
          scenario: 'steady',
          system: 'ws',
          points: [
            { ms: 1, fraction: 0.5 },
            { ms: 4, fraction: 1 },
          ],
        },
        { scenario: 'burst', system: 'socketio', points: [{ ms: 100, fraction: 1 }] },
      ]),
    );
    expect(svg.startsWith('<svg')).toBe(true);
    for (const text of ['livebell', 'Socket.IO design', 'ws relay (floor)', 'steady', 'burst', 'fraction delivered'])
      expect(svg).toContain(text);
  });

  it('draws memory against connections as SVG', async () => {
    const svg = await renderSvg(
      memorySpec([
        {
          system: 'livebell',
          connections: 1000,
          rssBytes: 120 * 2 ** 20,
          rssPerConnectionBytes: 30_000,
          heapPerConnectionBytes: 17_000,
        },
        {
          system: 'livebell',
          connections: 5000,
          rssBytes: 200 * 2 ** 20,
          rssPerConnectionBytes: 25_000,
          heapPerConnectionBytes: 16_000,
        },
      ]),
    );
    for (const text of ['RSS per connection (KiB)', 'JS heap per connection (KiB)', 'connections'])
      expect(svg).toContain(text);
  });
});

describe('RESULTS.md', () => {
  it('is what `pnpm bench report` writes from the newest full run in results/', async () => {
    const packageDir = fileURLToPath(new URL('..', import.meta.url));
    const json = await newestFullRun(join(packageDir, 'results'));
    if (json === undefined) throw new Error('no full run in results/');
    const result = JSON.parse(await readFile(json, 'utf8')) as RunResult;
    expect(resultsMarkdown(result, reportFiles(json))).toBe(await readFile(join(packageDir, 'RESULTS.md'), 'utf8'));
  });
});
