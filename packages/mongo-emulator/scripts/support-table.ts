// Writes the generated support table into README.md, between its markers,
// and lets Prettier pad it: `pnpm --filter @livebell/mongo-emulator support-table`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUPPORT_TABLE_END, SUPPORT_TABLE_START, supportTable } from '../src/support-table.js';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(SUPPORT_TABLE_START);
const end = readme.indexOf(SUPPORT_TABLE_END);
if (start < 0 || end < start) {
  console.error(`README.md needs the markers ${SUPPORT_TABLE_START} and ${SUPPORT_TABLE_END}`);
  process.exit(1);
}
const before = readme.slice(0, start + SUPPORT_TABLE_START.length);
writeFileSync(readmePath, `${before}\n\n${supportTable()}\n\n${readme.slice(end)}`);
