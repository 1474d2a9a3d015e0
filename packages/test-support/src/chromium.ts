import { accessSync, constants } from 'node:fs';

/** Flags for a headless system Chromium in containers and CI; nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The system Chromium the e2e tests drive: `CHROMIUM_PATH`, else
 * /usr/bin/chromium. Playwright never downloads a browser here, so a missing
 * one stops the run at once with the exact fix.
 */
export function chromiumExecutable(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(
      [
        `No Chromium at ${path}; the e2e tests use the system browser and never download one.`,
        'Install it:  sudo apt-get update && sudo apt-get install -y chromium',
        'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
      ].join('\n'),
    );
  }
  return path;
}
