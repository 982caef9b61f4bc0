/**
 * Old specs keep working: shared links live in lecture notes and papers for years, so every
 * spec format the lab ever wrote is upgraded step by step to the current one before validation.
 *
 * Version 0 (before specs carried a version; `version` absent or 0) was flat:
 *
 *   {
 *     seed?: number,
 *     dataset?: string,          // dataset name, e.g. "spirals"            -> data.name
 *     samples?: number,          //                                         -> data.n
 *     noise?: number,            //                                         -> data.noise
 *     classes?: number,          //                                         -> data.classes
 *     hidden?: number[],         // hidden widths only; the input width came from the dataset and
 *                                // the output width from dataset and loss  -> model.layers
 *     activation?: string,       //                                         -> model.activation
 *     loss?: string,             // unchanged
 *     optimizer?: string, lr?: number, steps?: number,                  // -> train.*
 *     batchSize?: number,        // 0 meant the full batch                  -> train.batchSize (null)
 *     probeEvery?: number,       //                                         -> probes.every
 *     topK?: number,             // top eigenvalues; 0 turned them off      -> probes.eigenvalues.k / null
 *     traceSamples?: number,     // Hutchinson samples; 0 turned it off     -> probes.trace.samples / null
 *   }
 *
 * Fields that already have their version-1 shape pass through untouched, so a version-1 spec
 * that merely lacks `version` reads the same as with it.
 */
import { DATASETS, DATASET_NAMES, datasetInputWidth, datasetTargetWidth, type DatasetName } from './datasets.ts';

export const SPEC_VERSION = 1;

export interface Migration {
  /** The input upgraded to the current version (or the input itself when it could not be read). */
  readonly value: unknown;
  /** The version the input was read as, when it was upgraded; null when nothing was done. */
  readonly from: number | null;
  /** What was changed, for the user: shown as warnings. */
  readonly notes: string[];
  /** Set when the spec cannot be read at all (a newer version). */
  readonly error?: string;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only: an inherited `constructor` or a polluted prototype must never read as a field. */
function own(obj: Json, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * A section (train, model, ...) to move old fields into, as a copy; undefined when the spec
 * holds something other than an object there, which the schema will report.
 */
function section(spec: Json, key: string): Json | undefined {
  const current = own(spec, key);
  if (current === undefined) return {};
  return isRecord(current) ? { ...current } : undefined;
}

function migrateV0(old: Json, notes: string[]): Json {
  // Spreading copies "__proto__" as a plain own key (no prototype change), so the schema can name it.
  const spec: Json = { ...old };
  const changes: string[] = [];
  const sections = new Map<string, Json | undefined>();
  const sectionOf = (key: string): Json | undefined => {
    if (!sections.has(key)) sections.set(key, section(spec, key));
    return sections.get(key);
  };

  const move = (oldKey: string, sectionKey: string, newKey: string, convert: (v: unknown) => unknown = (v) => v): void => {
    if (!Object.hasOwn(spec, oldKey)) return;
    const target = sectionOf(sectionKey);
    if (target === undefined) {
      notes.push(`left "${oldKey}" in place: "${sectionKey}" is not an object`);
      return;
    }
    if (Object.hasOwn(target, newKey)) {
      notes.push(`ignored the old field "${oldKey}" because "${sectionKey}.${newKey}" is also set`);
    } else {
      target[newKey] = convert(spec[oldKey]);
      changes.push(`${oldKey} -> ${sectionKey}.${newKey}`);
    }
    delete spec[oldKey];
  };

  // Output width needs the dataset and the loss; read them before the dataset fields move.
  const v1Data = own(old, 'data');
  const datasetName = own(old, 'dataset') ?? (isRecord(v1Data) ? own(v1Data, 'name') : undefined) ?? 'spirals';
  const known = typeof datasetName === 'string' && (DATASET_NAMES as readonly string[]).includes(datasetName);

  if (Object.hasOwn(spec, 'hidden')) {
    const hidden = spec.hidden;
    const model = sectionOf('model');
    if (!known) {
      const name = JSON.stringify(String(datasetName).slice(0, 40));
      notes.push(`left "hidden" in place: the input and output widths depend on the dataset, and ${name} is not one`);
    } else if (!Array.isArray(hidden)) {
      notes.push('left "hidden" in place: it should be an array of hidden layer widths');
    } else if (model === undefined) {
      notes.push('left "hidden" in place: "model" is not an object');
    } else if (Object.hasOwn(model, 'layers')) {
      notes.push('ignored the old field "hidden" because "model.layers" is also set');
      delete spec.hidden;
    } else {
      const name = datasetName as DatasetName;
      const classes = own(old, 'classes') ?? (isRecord(v1Data) ? own(v1Data, 'classes') : undefined);
      const data = { name, classes: typeof classes === 'number' ? classes : DATASETS[name].defaults.classes };
      const output = own(old, 'loss') === 'logistic' ? 1 : datasetTargetWidth(data);
      model.layers = [datasetInputWidth(data), ...hidden, output];
      changes.push('hidden -> model.layers (input and output widths added)');
      delete spec.hidden;
    }
  }
  move('activation', 'model', 'activation');
  move('dataset', 'data', 'name');
  move('samples', 'data', 'n');
  move('noise', 'data', 'noise');
  move('classes', 'data', 'classes');
  move('optimizer', 'train', 'optimizer');
  move('lr', 'train', 'lr');
  move('steps', 'train', 'steps');
  move('batchSize', 'train', 'batchSize', (v) => (v === 0 ? null : v));
  move('probeEvery', 'probes', 'every');
  move('topK', 'probes', 'eigenvalues', (v) => (v === 0 ? null : { k: v }));
  move('traceSamples', 'probes', 'trace', (v) => (v === 0 ? null : { samples: v }));

  for (const [key, value] of sections) {
    if (value !== undefined && (Object.keys(value).length > 0 || Object.hasOwn(spec, key))) spec[key] = value;
  }
  if (changes.length > 0) notes.unshift(`upgraded a version-0 spec to version 1 (${changes.join(', ')})`);
  delete spec.version;
  return { version: 1, ...spec };
}

/** MIGRATIONS[v] upgrades a version-v spec to version v + 1. */
const MIGRATIONS: readonly ((spec: Json, notes: string[]) => Json)[] = [migrateV0];

export function migrate(input: unknown): Migration {
  if (!isRecord(input)) return { value: input, from: null, notes: [] };
  const version = own(input, 'version');
  let from: number;
  if (version === undefined || version === 0) from = 0;
  else if (version === SPEC_VERSION) return { value: input, from: null, notes: [] };
  else if (typeof version === 'number' && Number.isSafeInteger(version) && version > SPEC_VERSION) {
    return {
      value: input,
      from: null,
      notes: [],
      error:
        `this spec is version ${version}, made by a newer Curvature Lab; this lab reads versions 0 to ${SPEC_VERSION}. ` +
        'Open the link in the current lab (reload the page to update it).',
    };
  } else return { value: input, from: null, notes: [] }; // not a version at all: the schema says what is allowed

  const notes: string[] = [];
  let value: Json = input;
  for (let v = from; v < SPEC_VERSION; v++) value = MIGRATIONS[v]!(value, notes);
  return { value, from, notes };
}
