/**
 * Progress lines on standard error: the engine and adapter in use, the loss at the probe cadence
 * (and every few seconds in between), probe summaries, and a line for long probes now and then.
 */
import type { RunnerEvent } from '../experiment/runner.ts';
import type { ProbeResult } from '../experiment/result.ts';

/** A quiet stretch longer than this gets a progress line, so a long run never looks hung. */
const HEARTBEAT_MS = 2000;

function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(4);
}

function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? '' : ` acc ${(100 * x).toFixed(1)}%`;
}

function probeSummary(p: ProbeResult): string {
  const parts: string[] = [];
  if (p.eigenvalues.length > 0) parts.push(`top eigenvalues ${p.eigenvalues.map(fmt).join(', ')}`);
  if (p.trace) parts.push(`trace ${fmt(p.trace.estimate)} ± ${fmt(p.trace.stderr)} (${p.trace.samples} samples)`);
  if (p.density) parts.push(`density on ${p.density.grid.length} points`);
  return `probe at step ${p.step} (${p.operator}): ${parts.join('; ')}`;
}

export function createProgressPrinter(write: (line: string) => void, now: () => number = () => performance.now()) {
  let steps = 0;
  let lastLine = now();
  const say = (line: string): void => {
    write(line);
    lastLine = now();
  };
  return (event: RunnerEvent): void => {
    switch (event.type) {
      case 'start': {
        const { spec, engine } = event;
        say(`engine: ${engine.label}`);
        const model = `${spec.model.layers.join('-')} ${spec.model.activation}, ${event.parameterCount} parameters`;
        const what = spec.problem
          ? `problem ${spec.problem.name} in ${spec.problem.dim}-D from [${spec.problem.start.slice(0, 4).join(', ')}${spec.problem.dim > 4 ? ', …' : ''}]`
          : `model ${model}; data ${spec.data.name}, ${event.trainSamples} train / ${event.testSamples} test samples`;
        const how = spec.race ? `a race of ${spec.race.length} optimizers` : spec.train.optimizer;
        say(`${what}; ${how} for ${spec.train.steps} steps`);
        for (const note of event.notes) say(`note: ${note}`);
        steps = event.steps;
        break;
      }
      case 'step':
        if (event.testLoss !== undefined || event.step === steps || now() - lastLine > HEARTBEAT_MS) {
          const test = event.testLoss !== undefined ? `  test loss ${fmt(event.testLoss)}${percent(event.testAccuracy)}` : '';
          say(`step ${event.step}/${steps}  loss ${fmt(event.loss)}${percent(event.accuracy)}${test}`);
        }
        break;
      case 'race-step':
        if (event.entry.step === steps || now() - lastLine > HEARTBEAT_MS) {
          const e = event.entry;
          say(`racer ${event.racer + 1} step ${e.step}/${steps}  loss ${fmt(e.loss)}  ‖g‖ ${fmt(e.gradNorm)}  ${fmt(e.timeMs)} ms`);
        }
        break;
      case 'probe-progress':
        if (now() - lastLine > HEARTBEAT_MS) say(`  probing at step ${event.step}: ${event.what} ${event.done}/${event.total}`);
        break;
      case 'probe':
        say(probeSummary(event.result));
        break;
      case 'landscape-progress':
        if (now() - lastLine > HEARTBEAT_MS) say(`  landscape at step ${event.step}: ${event.phase} ${event.done}/${event.total}`);
        break;
      case 'landscape': {
        const l = event.result;
        const size = l.betas ? `${l.alphas.length}×${l.betas.length}` : `${l.alphas.length}`;
        say(`landscape at step ${l.step} (${l.method}, ${size} points, ${l.evaluation}): ${(l.ms / 1000).toFixed(2)} s${l.note ? `; ${l.note}` : ''}`);
        break;
      }
      case 'change':
        say(`step ${event.step}: change ${JSON.stringify({ train: event.change.train, probes: event.change.probes })}`);
        break;
      case 'diverged':
        say(`diverged: ${event.message}`);
        break;
      case 'done':
        say(`done in ${(event.result.timing.totalMs / 1000).toFixed(2)} s`);
        break;
      case 'cancelled':
      case 'error':
        // The caller reports these with the exit code.
        break;
    }
  };
}
