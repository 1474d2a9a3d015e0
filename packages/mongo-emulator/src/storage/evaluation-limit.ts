import { Script, createContext } from 'node:vm';
import { CommandError } from '../command-error.js';
import { isPlainObject } from './field-path.js';

// Query and expression evaluation is synchronous: one catastrophic regular
// expression (`^(a+)+$` on "aaaa…!") or runaway expression would hold the
// event loop, and so every client, for as long as it runs. V8 can interrupt
// synchronous code only through a vm timeout, so evaluations run under one:
// past it the operation fails with MongoDB's MaxTimeMSExpired (code 50).
//
// Guarantee: an evaluation that may not finish quickly holds the event loop at
// most for the operation's `maxTimeMS`, or DEFAULT_EVALUATION_LIMIT_MS when the
// client named none. Limits: only the evaluations wrapped in `bounded` are
// limited, and those are pure (they read stored documents and build new
// values), so an interrupted one leaves no state half-changed; a bounded call
// costs about 0.1 ms, so filters without regular expressions, JavaScript or
// $expr run unwrapped unless the client set maxTimeMS.

/** The time limit of an evaluation whose operation named no maxTimeMS. */
export const DEFAULT_EVALUATION_LIMIT_MS = 1000;

/** Fields whose evaluation can take unbounded time on small input. */
const UNBOUNDED_OPERATORS = new Set([
  '$regex',
  '$regexMatch',
  '$regexFind',
  '$regexFindAll',
  '$where',
  '$function',
  '$accumulator',
  '$expr',
]);

const context = createContext({ evaluation: undefined });
const script = new Script('evaluation()');

/** The deadline of the operation running now (from its maxTimeMS), if it named one. */
let operationDeadline: number | undefined;
let evaluating = false;

/**
 * Runs the synchronous part of one operation (`run`) under its client's
 * `maxTimeMS`: every bounded evaluation inside it gets the time that remains.
 */
export function withOperationDeadline<T>(maxTimeMS: number | undefined, run: () => T): T {
  const previous = operationDeadline;
  operationDeadline = maxTimeMS !== undefined && maxTimeMS > 0 ? Date.now() + maxTimeMS : undefined;
  try {
    return run();
  } finally {
    operationDeadline = previous;
  }
}

/**
 * Runs `evaluate` (pure) under the operation's time limit when `spec` (the
 * filter, pipeline or expression it evaluates) can run unbounded, or always
 * when the client set maxTimeMS. Throws MaxTimeMSExpired past the limit.
 */
export function bounded<T>(spec: unknown, evaluate: () => T, always = false): T {
  if (evaluating) return evaluate();
  const limit =
    operationDeadline !== undefined
      ? operationDeadline - Date.now()
      : always || mayRunUnbounded(spec)
        ? DEFAULT_EVALUATION_LIMIT_MS
        : undefined;
  if (limit === undefined) return evaluate();
  if (limit <= 0) throw timeLimitExceeded();
  let result: T | undefined;
  context.evaluation = () => {
    result = evaluate();
  };
  evaluating = true;
  try {
    script.runInContext(context, { timeout: Math.ceil(limit) });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw timeLimitExceeded();
    throw error;
  } finally {
    evaluating = false;
    context.evaluation = undefined;
  }
  return result as T;
}

function timeLimitExceeded(): CommandError {
  return new CommandError('MaxTimeMSExpired', 'operation exceeded time limit');
}

/** Whether `spec` holds a regular expression, JavaScript or an $expr anywhere. */
function mayRunUnbounded(spec: unknown): boolean {
  if (spec instanceof RegExp) return true;
  if (Array.isArray(spec)) return spec.some(mayRunUnbounded);
  if (!isPlainObject(spec)) return (spec as { _bsontype?: unknown } | null)?._bsontype === 'BSONRegExp';
  for (const [key, value] of Object.entries(spec)) {
    if (UNBOUNDED_OPERATORS.has(key) || mayRunUnbounded(value)) return true;
  }
  return false;
}
