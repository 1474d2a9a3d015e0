import { ObjectId } from 'bson';
import { update as applyOperators } from 'mingo';
import type { Modifier } from 'mingo/updater';
import { CommandError } from '../command-error.js';
import { valuesEqual } from '../change-stream/update-description.js';
import { copyDocument, type Document } from '../storage/document-copy.js';
import { runPipeline, withQueryErrors } from '../storage/document-query.js';
import { bounded } from '../storage/evaluation-limit.js';
import { isPlainObject } from '../storage/field-path.js';

/** The `u` of an update statement: a replacement document, update operators, or a pipeline. */
export type UpdateSpec = Document | Document[];

export function isReplacement(spec: UpdateSpec): spec is Document {
  return !Array.isArray(spec) && !Object.keys(spec).some((key) => key.startsWith('$'));
}

/**
 * The document `doc` becomes under `spec` (a new object; `doc` is untouched).
 * `inserting` is true when an upsert inserts: only then does $setOnInsert apply.
 * mingo applies the operators and pipelines; this decides which and guards _id.
 */
export function applyUpdate(
  doc: Document,
  spec: UpdateSpec,
  options: { arrayFilters?: Document[]; inserting?: boolean } = {},
): Document {
  let next: Document;
  if (Array.isArray(spec)) {
    const [result] = runPipeline([copyDocument(doc)], spec);
    next = result ?? {};
  } else if (isReplacement(spec)) {
    next = withIdFirst({ ...spec, _id: spec._id ?? doc._id });
  } else {
    next = copyDocument(doc);
    const modifier = operatorsFor(spec, options.inserting === true);
    if (Object.keys(modifier).length > 0) {
      try {
        const target = next;
        bounded([modifier, options.arrayFilters], () =>
          withQueryErrors(() => applyOperators(target, modifier as Modifier<Document>, options.arrayFilters)),
        );
      } catch (error) {
        if (error instanceof CommandError && error.message.includes("immutable field '_id'")) throw immutableId();
        throw error;
      }
    }
  }
  if (doc._id !== undefined && !valuesEqual(doc._id, next._id)) {
    throw immutableId();
  }
  return next;
}

function immutableId(): CommandError {
  return new CommandError(
    'ImmutableField',
    "Performing an update on the path '_id' would modify the immutable field '_id'",
  );
}

/** The document an upsert starts from: the equality conditions of its filter, as MongoDB seeds it. */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  addEqualities(filter, seed);
  return seed;
}

/** The inserted document of an upsert, with an _id first (a new ObjectId when neither filter nor update gives one). */
export function upsertDocument(filter: Document, spec: UpdateSpec, arrayFilters?: Document[]): Document {
  const seed = upsertSeed(filter);
  const doc = isReplacement(spec)
    ? { ...spec, ...(seed._id !== undefined && spec._id === undefined ? { _id: seed._id } : {}) }
    : applyUpdate(seed, spec, { arrayFilters, inserting: true });
  return withIdFirst({ ...doc, _id: doc._id ?? new ObjectId() });
}

function operatorsFor(spec: Document, inserting: boolean): Document {
  const modifier: Document = {};
  for (const [operator, fields] of Object.entries(spec)) {
    if (!operator.startsWith('$')) {
      throw new CommandError(
        'FailedToParse',
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update`,
      );
    }
    if (operator !== '$setOnInsert') modifier[operator] = fields;
  }
  const onInsert = spec.$setOnInsert;
  if (inserting && isPlainObject(onInsert)) {
    modifier.$set = { ...(isPlainObject(modifier.$set) ? modifier.$set : {}), ...onInsert };
  }
  return modifier;
}

function addEqualities(filter: Document, into: Document): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) addEqualities(clause, into);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (isPlainObject(condition) && Object.keys(condition).some((key) => key.startsWith('$'))) {
      if (Object.hasOwn(condition, '$eq')) setPath(into, field, condition.$eq);
      continue;
    }
    setPath(into, field, condition);
  }
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let current = doc;
  for (const part of parts.slice(0, -1)) {
    const next = current[part];
    if (isPlainObject(next)) {
      current = next;
    } else {
      const created: Document = {};
      current[part] = created;
      current = created;
    }
  }
  const last = parts[parts.length - 1];
  if (last !== undefined) current[last] = value;
}

function withIdFirst(doc: Document): Document {
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
