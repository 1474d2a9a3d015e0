import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORT_TABLE_END, SUPPORT_TABLE_START, supportRows } from '../src/support-table.js';

/** The cells of each data row of the README's support table, trimmed (Prettier pads them). */
function readmeRows(): string[][] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf(SUPPORT_TABLE_START);
  const end = readme.indexOf(SUPPORT_TABLE_END);
  expect(start, 'README.md has the support table markers').toBeGreaterThanOrEqual(0);
  return readme
    .slice(start + SUPPORT_TABLE_START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split(' | ')
        .map((cell) => cell.trim()),
    );
}

describe('the README support table', () => {
  it('lists exactly what the code dispatches (run `pnpm --filter @livebell/mongo-emulator support-table` after a change)', () => {
    expect(readmeRows()).toEqual(supportRows());
  });
});
