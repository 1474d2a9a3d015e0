// The targets table judges a run: each target is met, not met, or not
// measured, from the run's own figures. Checked on the newest committed full
// run, with livebell's figures moved across each target's line.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { reportInput } from '../src/report/report-input.js';
import type { RunResult } from '../src/report/run-result.js';
import { targetsSection } from '../src/report/sections/targets.js';
import { TARGETS } from '../src/report/targets.js';
import { newestFullRun, reportFiles } from '../src/report/write-report.js';

async function newestRun(): Promise<{ result: RunResult; json: string }> {
  const json = await newestFullRun(join(fileURLToPath(new URL('..', import.meta.url)), 'results'));
  if (json === undefined) throw new Error('no full run in results/');
  return { result: JSON.parse(await readFile(json, 'utf8')) as RunResult, json };
}

/** The verdict cell of the target described as `description`, for `result` changed by `change`. */
async function verdictOf(description: string, change: (result: RunResult) => void): Promise<string> {
  const { result, json } = await newestRun();
  change(result);
  const row = targetsSection(reportInput(result, reportFiles(json)))
    .split('\n')
    .find((line) => line.startsWith(`| ${description} |`));
  if (row === undefined) throw new Error(`no row for ${description}`);
  return row.split(' | ').at(-1)?.replace(/ \|$/, '') ?? '';
}

/** livebell's rounds of `scenario`, and the floor's, in the run. */
function rounds(result: RunResult, scenario: 'steady' | 'burst', system: 'livebell' | 'ws') {
  return result[scenario].filter((round) => round.system === system);
}

describe('targets', () => {
  it("idle memory is met only while livebell's RSS and heap per connection are both at most Socket.IO's", async () => {
    const top = (result: RunResult, system: 'livebell' | 'socketio') => {
      const step = result.capacity.find((c) => c.system === system)?.steps.at(-1);
      if (!step) throw new Error(`no capacity steps for ${system}`);
      return step;
    };
    const { description } = TARGETS.idleMemory;
    const asSocketIo = (result: RunResult) => {
      const socketIo = top(result, 'socketio');
      Object.assign(top(result, 'livebell'), {
        rssPerConnectionBytes: socketIo.rssPerConnectionBytes,
        heapPerConnectionBytes: socketIo.heapPerConnectionBytes,
      });
    };
    expect(await verdictOf(description, asSocketIo)).toBe('met');
    const heapAbove = (result: RunResult) => {
      asSocketIo(result);
      top(result, 'livebell').heapPerConnectionBytes += 1;
    };
    expect(await verdictOf(description, heapAbove)).toBe('**not met**');
    expect(await verdictOf(description, (result) => (result.capacity = []))).toBe('not measured');
  });

  it("database CPU per notification is met only within 1.1x of the floor's in both steady and burst", async () => {
    const { description, maxOfFloor } = TARGETS.databaseCpu;
    // Every livebell round uses `factor` times the floor's database CPU per delivery, in both scenarios.
    const atFloorTimes = (factor: number, scenario?: 'steady' | 'burst') => (result: RunResult) => {
      for (const name of ['steady', 'burst'] as const) {
        const floor = rounds(result, name, 'ws')[0];
        if (!floor) throw new Error(`no floor round in ${name}`);
        const perDelivery = floor.cpu.databaseS / floor.deliveries.delivered;
        const own = name === scenario || scenario === undefined ? factor : 1;
        for (const round of rounds(result, name, 'livebell')) {
          round.cpu.databaseS = perDelivery * own * round.deliveries.delivered;
        }
        for (const round of rounds(result, name, 'ws')) round.cpu.databaseS = perDelivery * round.deliveries.delivered;
      }
    };
    expect(await verdictOf(description, atFloorTimes(maxOfFloor))).toBe('met');
    expect(await verdictOf(description, atFloorTimes(maxOfFloor * 1.01, 'burst'))).toBe('**not met**');
    expect(await verdictOf(description, atFloorTimes(maxOfFloor * 1.01, 'steady'))).toBe('**not met**');
  });

  it("p50 latency is met only within 1.1x of the floor's", async () => {
    const { description, maxOfFloor } = TARGETS.latencyP50;
    const atFloorTimes = (factor: number) => (result: RunResult) => {
      const floorP50 = Math.max(...rounds(result, 'steady', 'ws').map((round) => round.latency.p50));
      for (const round of rounds(result, 'steady', 'ws')) round.latency.p50 = floorP50;
      for (const round of rounds(result, 'steady', 'livebell')) round.latency.p50 = floorP50 * factor;
    };
    expect(await verdictOf(description, atFloorTimes(maxOfFloor))).toBe('met');
    expect(await verdictOf(description, atFloorTimes(maxOfFloor * 1.01))).toBe('**not met**');
  });
});
