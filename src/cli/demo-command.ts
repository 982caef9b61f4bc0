/**
 * `npm run lab -- demo <id>`: runs every variant of a teaching demo headlessly, as the page's
 * "Run demo" does, and prints the demo's analysis (its findings and verdict).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { GpuContext } from '../engine/gpu-context.ts';
import { engineFactory } from '../experiment/engine-factory.ts';
import type { ExperimentResult } from '../experiment/result.ts';
import { ExperimentRunner } from '../experiment/runner.ts';
import { DEMOS, demoById } from '../demos/index.ts';
import { variantSpec } from '../demos/demo-spec.ts';
import { CliError, EXIT } from './cli-error.ts';

export async function demoCommand(args: string[], acquireGpu: () => Promise<GpuContext>, log: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { cpu: { type: 'boolean' }, out: { type: 'string' } } });
  const ids = DEMOS.map((d) => d.id).join(', ');
  if (positionals.length !== 1) throw new CliError(`demo takes one demo id: ${ids}`, EXIT.badInput);
  const demo = demoById(positionals[0]!);
  if (!demo) throw new CliError(`no demo "${positionals[0]}"; the demos are ${ids}`, EXIT.badInput);
  const ctx = values.cpu ? undefined : await acquireGpu();
  try {
    const results: ExperimentResult[] = [];
    for (let i = 0; i < demo.variants.length; i++) {
      const spec = variantSpec(demo, i);
      const factory = engineFactory(ctx && !spec.problem ? { kind: 'webgpu', ctx } : { kind: 'cpu' });
      const started = performance.now();
      let failure: string | undefined;
      const runner = new ExperimentRunner(spec, factory, { ...(ctx ? { adapter: ctx.adapter } : {}), onEvent: (e) => void (e.type === 'error' && (failure = e.message)) });
      const result = await runner.run();
      if (!result) throw new CliError(`variant ${i} (${demo.variants[i]!.label}) failed: ${failure ?? 'unknown error'}`, EXIT.failure);
      log(`variant ${i} (${demo.variants[i]!.label}): ${((performance.now() - started) / 1000).toFixed(1)} s${result.diverged ? ' — diverged' : ''}`);
      if (values.out) await writeFile(join(values.out, `${demo.id}-${i}.json`), JSON.stringify(result));
      results.push(result);
    }
    const analysis = await demo.analyze(results);
    for (const f of analysis.findings) log(`${f.id}: ${f.label} = ${String(f.value)}${f.expected ? `   (expected ${f.expected})` : ''}`);
    log(`verdict: ${analysis.verdict}`);
    return EXIT.ok;
  } finally {
    ctx?.device.destroy();
  }
}
