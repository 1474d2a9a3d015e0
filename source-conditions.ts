// The edit loop runs the workspace packages from their TypeScript sources:
// each package.json maps the "@livebell/source" export condition to src/, and
// Vite, vitest, tsx and TypeScript resolve it, so nothing is built or watched
// per package. Production resolves the default condition: built dist/.
// See docs/architecture.md#source-first-workspace.
import { defaultClientConditions, defaultServerConditions, type UserConfig } from 'vite';

export const SOURCE_CONDITION = '@livebell/source';

/** Vite's own defaults, with the sources first: for the browser bundle (dev and build). */
export const clientSourceConditions = [SOURCE_CONDITION, ...defaultClientConditions];

/** Every package's vitest config starts from this: tests import the other packages' sources. */
export const testSourceConfig: UserConfig = {
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
};
