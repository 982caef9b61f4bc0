/**
 * `npm run lab -- run <spec> [--out result.json] [--cpu]` and `npm run lab -- gpu`: the browser's
 * experiment runner in Node, on WebGPU (Dawn) or the float64 twin. Messages, never stack traces.
 */
import { statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { adapterSummary } from '../engine/adapter-report.ts';
import type { GpuContext } from '../engine/gpu-context.ts';
import { engineFactory } from '../experiment/engine-factory.ts';
import type { ExperimentResult } from '../experiment/result.ts';
import { ExperimentRunner, type RunnerEvent } from '../experiment/runner.ts';
import { CliError, EXIT } from './cli-error.ts';
import { createProgressPrinter } from './progress.ts';
import { readSpecInput } from './spec-input.ts';
import { USAGE } from './usage.ts';
import { demoCommand } from './demo-command.ts';

const log = (line: string): void => void process.stderr.write(`${line}\n`);

function writeStdout(text: string): Promise<void> {
  return new Promise((done) => process.stdout.write(text, () => done()));
}

async function acquireGpu(): Promise<GpuContext> {
  const { acquireNodeGpu } = await import('../engine/device-node.ts');
  try {
    return await acquireNodeGpu();
  } catch (error) {
    const hint = ' Use --cpu to run on the float64 CPU engine instead.';
    throw new CliError(`${(error as Error).message}${hint}`, EXIT.failure);
  }
}

/** Fails before the run, not after minutes of training, when the result could not be written. */
function checkOutputPath(out: string): void {
  const folder = dirname(resolve(out));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new CliError(`cannot write ${out}: the folder ${folder} does not exist`, EXIT.badInput);
}

async function writeResult(result: ExperimentResult, out: string | undefined): Promise<void> {
  const text = `${JSON.stringify(result)}\n`;
  if (out === undefined) return writeStdout(text);
  try {
    await writeFile(out, text);
  } catch (error) {
    throw new CliError(`cannot write ${out}: ${(error as Error).message}`, EXIT.failure);
  }
  log(`wrote ${out}`);
}

async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, cpu: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    log(USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    const got = positionals.length === 0 ? 'none' : positionals.map((p) => JSON.stringify(p)).join(' ');
    throw new CliError(`run takes exactly one spec (a file, a shared link or a "#spec=..." hash), got ${got}\n\n${USAGE}`, EXIT.badInput);
  }
  if (values.out !== undefined) checkOutputPath(values.out);
  const input = await readSpecInput(positionals[0]!);
  log(`spec: ${input.source}`);

  // A test function always runs on the float64 CPU engine (test-function-engine.ts): no GPU to ask for.
  if (input.spec.problem && !values.cpu) log(`problem ${input.spec.problem.name}: test functions run on the float64 CPU engine`);
  const ctx = values.cpu || input.spec.problem ? undefined : await acquireGpu();
  if (ctx) {
    log(`adapter: ${adapterSummary(ctx.adapter)}`);
    for (const note of ctx.adapter.notes) log(`note: ${note}`);
  }
  const factory = engineFactory(ctx ? { kind: 'webgpu', ctx } : { kind: 'cpu' });
  const print = createProgressPrinter(log);
  let failure: string | undefined;
  const runner = new ExperimentRunner(input.spec, factory, {
    ...(ctx ? { adapter: ctx.adapter } : {}),
    onEvent: (event: RunnerEvent) => {
      print(event);
      if (event.type === 'error') failure = event.message;
    },
  });
  const interrupt = (): void => {
    log('interrupted: stopping after the current operation (Ctrl-C again to quit at once)');
    process.off('SIGINT', interrupt);
    runner.cancel();
  };
  process.on('SIGINT', interrupt);
  try {
    const result = await runner.run();
    if (runner.status === 'cancelled') {
      log('cancelled; no result written');
      return EXIT.interrupted;
    }
    if (!result) throw new CliError(`the run failed: ${failure ?? 'unknown error'}`, EXIT.failure);
    await writeResult(result, values.out);
    return result.diverged ? EXIT.diverged : EXIT.ok;
  } finally {
    process.off('SIGINT', interrupt);
    ctx?.device.destroy();
  }
}

async function gpuCommand(): Promise<number> {
  const ctx = await acquireGpu();
  try {
    log(`adapter: ${adapterSummary(ctx.adapter)}`);
    await writeStdout(`${JSON.stringify(ctx.adapter, null, 2)}\n`);
    return EXIT.ok;
  } finally {
    ctx.device.destroy();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    log(USAGE);
    return command === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (command === 'run') return runCommand(rest);
  if (command === 'gpu') return gpuCommand();
  if (command === 'demo') return demoCommand(rest, acquireGpu, log);
  throw new CliError(`unknown command "${command}"; the commands are run, demo and gpu\n\n${USAGE}`, EXIT.badInput);
}

function messageOf(error: unknown): { message: string; code: number } {
  if (error instanceof CliError) return { message: error.message, code: error.exitCode };
  // node:util parseArgs reports unknown or malformed options with these codes.
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return { message: `${(error as Error).message}\n\n${USAGE}`, code: EXIT.badInput };
  return { message: error instanceof Error ? error.message : String(error), code: EXIT.failure };
}

main(process.argv.slice(2)).then(
  // Dawn keeps handles open after the device is destroyed; the process must end on its own word.
  (code) => process.exit(code),
  (error: unknown) => {
    const { message, code } = messageOf(error);
    log(`error: ${message}`);
    process.exit(code);
  },
);
