import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as queryOperators from 'mingo/operators/query';
import * as updateOperators from 'mingo/operators/update';
import { EXPANDED_EVENT_TYPES, EVENT_TYPES } from './change-stream/change-event.js';
import { FAIL_POINT_NAMES } from './commands/fail-points.js';
import { supportedCommands } from './emulator.js';
import { SUPPORTED_STAGES, unsupportedStages } from './storage/pipeline-stages.js';

// The README's table of what the emulator supports, built from what the code
// really dispatches: the command map, the stage lists, the operators mingo
// registers (less the ones the emulator refuses) and the fail points. A test
// compares it with the README, so the table cannot drift from the code.

/** Operators that would run client-supplied JavaScript: the emulator never does. */
const JAVASCRIPT_OPERATORS = new Set(['$where', '$function', '$accumulator']);
/** Query operators mingo knows but the emulator cannot honour: $jsonSchema needs a validator it does not have. */
const REFUSED_QUERY_OPERATORS = new Set(['$jsonSchema', ...JAVASCRIPT_OPERATORS]);

/** One row of the table: what, what is supported, what is not. */
export type SupportRow = [area: string, supported: string, notSupported: string];

function operatorNames(module: object, refused: ReadonlySet<string> = new Set()): string[] {
  return Object.keys(module)
    .filter((name) => name.startsWith('$') && !refused.has(name))
    .sort();
}

function names(list: Iterable<string>): string {
  return [...list].map((name) => `\`${name}\``).join(', ');
}

export function supportRows(): SupportRow[] {
  return [
    [
      'commands',
      names(supportedCommands()),
      'transactions (`startTransaction`, `commitTransaction`, `abortTransaction`), `explain`, `mapReduce`, `bulkWrite`, authentication and user management; any other command answers `CommandNotFound` (59) naming it',
    ],
    [
      'aggregation stages',
      `${names([...SUPPORTED_STAGES].sort())}; \`$changeStream\` as the first stage`,
      `${names(unsupportedStages())}: refused by name; a stage MongoDB does not know answers 40324`,
    ],
    [
      'query operators',
      names(operatorNames(queryOperators, REFUSED_QUERY_OPERATORS)),
      `${names(['$jsonSchema', '$where'])}, geospatial (\`$near\`, \`$geoWithin\`, …) and \`$text\``,
    ],
    [
      'update operators',
      `${names([...operatorNames(updateOperators), '$setOnInsert'].sort())}; pipeline updates; \`arrayFilters\``,
      'none: MongoDB 7.0 has no other top-level update operator',
    ],
    [
      'expression and accumulator operators',
      names(
        [
          ...new Set([
            ...operatorNames(expressionOperators, JAVASCRIPT_OPERATORS),
            ...operatorNames(accumulatorOperators, JAVASCRIPT_OPERATORS),
          ]),
        ].sort(),
      ),
      `${names(['$function', '$accumulator'])} (JavaScript is never run)`,
    ],
    [
      'change-event types',
      `${names(EVENT_TYPES)}; with \`showExpandedEvents\`: ${names(EXPANDED_EVENT_TYPES)}, \`collectionUUID\`, \`operationDescription\`, \`updateDescription.disambiguatedPaths\``,
      '`shardCollection`, `refineCollectionShardKey`, `reshardCollection` (no sharding); `stateBeforeChange` on `modify`; `nsType` on `create`',
    ],
    ['fail points', names(FAIL_POINT_NAMES), 'every other fail point: `configureFailPoint` refuses it by name'],
  ];
}

/** The rows as a Markdown table (Prettier pads it when the README is formatted). */
export function supportTable(): string {
  const rows = supportRows().map((cells) => `| ${cells.join(' | ')} |`);
  return ['| area | supported | not supported |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README markers the table sits between. */
export const SUPPORT_TABLE_START = '<!-- support-table:start -->';
export const SUPPORT_TABLE_END = '<!-- support-table:end -->';
