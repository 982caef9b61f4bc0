/**
 * Reading the spec argument of `lab run`: a spec file, a shared link, the `#spec=` hash of one, or
 * a result file (whose embedded spec is run again). Every failure is a CliError naming what to fix.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { decodeSpecFromHash, decodeSpecFromUrl } from '../experiment/url.ts';
import { formatSpecErrors, parseSpec, type ExperimentSpec, type SpecParseResult } from '../experiment/spec.ts';
import { CliError, EXIT } from './cli-error.ts';

export interface SpecInput {
  readonly spec: ExperimentSpec;
  /** "spec.json", "the link", "the hash", "the result file r.json" — for messages. */
  readonly source: string;
  readonly warnings: readonly string[];
}

const URL_WITH_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;
const ACCEPTED = 'give a spec JSON file, a shared link (…#spec=…) or its "#spec=…" hash';

function fromParse(result: SpecParseResult, source: string): SpecInput {
  if (!result.ok) {
    const lines = formatSpecErrors(result.errors).split('\n').map((line) => `  ${line}`);
    throw new CliError(`invalid spec in ${source}:\n${lines.join('\n')}`, EXIT.badInput);
  }
  return { spec: result.spec, source, warnings: result.warnings };
}

function looksLikeResult(value: unknown): value is { spec: unknown } {
  return typeof value === 'object' && value !== null && 'spec' in value && 'history' in value && 'params' in value;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`spec file not found: ${path} (${ACCEPTED})`, EXIT.badInput);
    if (code === 'EISDIR') throw new CliError(`${path} is a directory, not a spec file (${ACCEPTED})`, EXIT.badInput);
    if (code === 'EACCES') throw new CliError(`cannot read ${path}: permission denied`, EXIT.badInput);
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`, EXIT.badInput);
  }
}

export async function readSpecInput(argument: string): Promise<SpecInput> {
  if (argument.startsWith('#')) return fromParse(decodeSpecFromHash(argument), 'the hash');
  if (URL_WITH_SCHEME.test(argument) || (argument.includes('#spec=') && !existsSync(argument))) {
    return fromParse(decodeSpecFromUrl(argument), 'the link');
  }
  const text = await readText(argument);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${argument} is not valid JSON: ${(error as Error).message}`, EXIT.badInput);
  }
  if (looksLikeResult(value)) return fromParse(parseSpec(value.spec), `the spec of the result file ${argument}`);
  return fromParse(parseSpec(value), argument);
}
