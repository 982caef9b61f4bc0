/**
 * Turning validation problems into messages a person can act on: every message names the
 * path, says what was found and what is allowed. Kept apart from the schema so that the URL
 * codec and the runner can report their own problems in the same shape.
 */

/** One problem with a spec. `path` is like "train.lr" or "model.layers[2]"; "" is the spec as a whole. */
export interface SpecError {
  readonly path: string;
  readonly message: string;
}

/** Messages longer than this are cut: a pasted megabyte string must not become a megabyte error. */
const MAX_SHOWN = 60;

/** A short, single-line description of any value, for "got ..." in messages. Never throws. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? 'NaN' : String(value);
    case 'string': {
      const quoted = JSON.stringify(value.length > MAX_SHOWN ? value.slice(0, MAX_SHOWN) : value);
      return value.length > MAX_SHOWN ? `${quoted.slice(0, -1)}…" (${value.length} characters)` : quoted;
    }
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value}n`;
    case 'object':
      if (Array.isArray(value)) return value.length === 0 ? 'an empty array' : `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** ["model", "layers", 2] -> "model.layers[2]"; odd keys are quoted so that the path stays unambiguous. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key).slice(0, MAX_SHOWN))}]`;
  }
  return out;
}

/** "changes[3].train.lr" -> "changes[].train.lr": the shape of a path, used to look up what is allowed there. */
export function pathShape(path: readonly PropertyKey[]): string {
  return formatPath(path.map((key) => (typeof key === 'number' ? -1 : key))).replaceAll('[-1]', '[]');
}

/** Edit distance counting a swap of neighbours as one edit: "tahn" is one typo away from "tanh". */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
}

/** The allowed name closest to a misspelt one, if it is close enough to be a likely typo. */
export function closestName(name: string, allowed: readonly string[]): string | undefined {
  if (name.length > 40) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of allowed) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

export function unknownFieldMessage(key: string, allowed: readonly string[] | undefined): string {
  if (!allowed) return 'unknown field';
  if (allowed.length === 0) return 'unknown field; no fields are allowed here';
  const guess = closestName(key, allowed);
  return `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}; allowed here: ${allowed.join(', ')}`;
}

/** One line per error, "path: message"; an empty path is the spec or link as a whole. */
export function formatSpecErrors(errors: readonly SpecError[]): string {
  return errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)).join('\n');
}
