/**
 * The experiment's controls. Before a run every field edits the spec; while a run is running or
 * paused, training and probe fields become live tuning (recorded in spec.changes at the step they
 * apply from) and model/data fields are locked.
 */
import { ACTIVATIONS, LOSSES } from '../../models/mlp.ts';
import {
  DATASETS,
  DATASET_NAMES,
  OPTIMIZERS,
  PROBE_OPERATORS,
  datasetInputWidth,
  datasetTargetWidth,
  type ExperimentSpec,
  type ProbesPatch,
  type TrainPatch,
} from '../../experiment/spec.ts';
import { OPTIMIZER_FIELDS, optimizerDefaults, resolveOptimizerSettings, type OptimizerHyperParameter, type OptimizerName } from '../../optim/settings.ts';
import type { LabController } from '../../store/lab-controller.ts';
import { useLab, useLabStoreApi } from '../store-context.ts';
import { CheckField, SelectField, TextField, parseIntegerList, parseNumber } from './fields.tsx';

type CurvatureChoice = (typeof PROBE_OPERATORS)[number];

const HYPER_LABELS: Record<OptimizerHyperParameter, string> = {
  lr: 'Learning rate',
  momentum: 'Momentum',
  beta1: 'β₁',
  beta2: 'β₂',
  eps: 'ε',
  weightDecay: 'Weight decay',
  hessianPower: 'Hessian power k',
  hessianEvery: 'Curvature every (steps)',
  rho: 'ρ (clipping scale)',
  curvature: 'Curvature',
  damping: 'Damping',
  cgIterations: 'CG iterations',
  cgTolerance: 'CG tolerance',
  hessianLipschitz: 'H_reg (Hessian Lipschitz)',
  gamma0: 'γ₀',
  memory: 'Memory',
  particles: 'Particles',
  alpha: 'α (consensus)',
  sigma: 'σ (noise)',
  spread: 'Initial spread',
  smoothing: 'Smoothing μ',
  directions: 'Directions per step',
};

/** The train section with a new optimizer and that optimizer's defaults for the fields it reads. */
function withOptimizerDefaults(train: ExperimentSpec['train'], optimizer: OptimizerName): ExperimentSpec['train'] {
  const defaults = optimizerDefaults(optimizer);
  const { optimizer: _old, lr, steps, batchSize, weightDecay } = train;
  void _old;
  const own: Record<string, unknown> = {};
  for (const field of ['momentum', 'beta1', 'beta2', 'eps', ...OPTIMIZER_FIELDS[optimizer]] as const) own[field] = defaults[field];
  // A value the user chose is kept where both optimizers share the default (gd → momentum keeps lr).
  const before = optimizerDefaults(train.optimizer);
  const kept = (field: 'lr' | 'weightDecay', value: number): number => (before[field] === defaults[field] ? value : defaults[field]);
  return { ...own, optimizer, steps, batchSize, weightDecay: kept('weightDecay', weightDecay), lr: kept('lr', lr) } as ExperimentSpec['train'];
}

/** Switching datasets keeps the hidden widths and fits the input and output widths to the data. */
function fitModelToData(spec: ExperimentSpec): void {
  const layers = [...spec.model.layers];
  layers[0] = datasetInputWidth(spec.data);
  layers[layers.length - 1] = spec.loss === 'logistic' ? 1 : datasetTargetWidth(spec.data);
  spec.model.layers = layers;
}

export function ExperimentControls({ controller }: { controller: LabController }) {
  const store = useLabStoreApi();
  const spec = useLab((s) => s.spec);
  const errors = useLab((s) => s.fieldErrors);
  // Whether a run is live, not its status: Pause and Resume then leave this form alone, where it
  // re-rendered whole on each of those clicks (a long task in the e2e measurement).
  const live = useLab((s) => s.status === 'running' || s.status === 'paused');
  const edit = (fn: (d: ExperimentSpec) => void) => store.getState().editSpec(fn);

  // Live tuning reports a rejected value through the store's fieldErrors, like any edit.
  const train = (patch: TrainPatch) => {
    if (live) controller.tune({ train: patch });
    else edit((d) => Object.assign(d.train, patch));
  };
  const probes = (patch: ProbesPatch, apply: (d: ExperimentSpec) => void) => {
    if (live) controller.tune({ probes: patch });
    else edit(apply);
  };

  const info = DATASETS[spec.data.name];
  return (
    <aside className="controls" data-testid="controls">
      <fieldset>
        <legend>Model</legend>
        <TextField
          name="model.layers"
          label="Layer widths"
          title="From input to output, e.g. 2, 16, 16, 3"
          value={spec.model.layers.join(', ')}
          error={Object.entries(errors).find(([p]) => p.startsWith('model.layers'))?.[1]}
          disabled={live}
          onCommit={(t) => edit((d) => void (d.model.layers = parseIntegerList(t)))}
        />
        <SelectField name="model.activation" label="Activation" value={spec.model.activation} options={ACTIVATIONS} disabled={live} onChange={(v) => edit((d) => void (d.model.activation = v))} />
        <SelectField
          name="loss"
          label="Loss"
          value={spec.loss}
          options={LOSSES}
          disabled={live}
          error={errors['loss']}
          onChange={(v) =>
            edit((d) => {
              d.loss = v;
              fitModelToData(d);
            })
          }
        />
      </fieldset>

      <fieldset>
        <legend>Data</legend>
        <SelectField
          name="data.name"
          label="Dataset"
          value={spec.data.name}
          options={DATASET_NAMES}
          disabled={live}
          onChange={(name) =>
            edit((d) => {
              const next = DATASETS[name];
              d.data = { name, n: next.defaultN, testFraction: d.data.testFraction, ...next.defaults } as ExperimentSpec['data'];
              if (d.loss === 'logistic' && next.task === 'classification' && (next.classRange?.[0] ?? 2) > 2) d.loss = 'cross-entropy';
              fitModelToData(d);
            })
          }
        />
        <TextField name="data.n" label="Samples" value={String(spec.data.n)} error={errors['data.n']} disabled={live} onCommit={(t) => edit((d) => void (d.data.n = parseNumber(t) as number))} />
        {info.options.includes('noise') && (
          <TextField name="data.noise" label="Noise" value={String(spec.data.noise ?? '')} error={errors['data.noise']} disabled={live} onCommit={(t) => edit((d) => void (d.data.noise = parseNumber(t) as number))} />
        )}
        {info.options.includes('classes') && (
          <TextField
            name="data.classes"
            label="Classes"
            value={String(spec.data.classes ?? '')}
            error={errors['data.classes']}
            disabled={live}
            onCommit={(t) =>
              edit((d) => {
                d.data.classes = parseNumber(t) as number;
                fitModelToData(d);
              })
            }
          />
        )}
        <TextField name="data.testFraction" label="Test fraction" value={String(spec.data.testFraction)} error={errors['data.testFraction']} disabled={live} onCommit={(t) => edit((d) => void (d.data.testFraction = parseNumber(t) as number))} />
        <TextField name="seed" label="Seed" value={String(spec.seed)} error={errors['seed']} disabled={live} onCommit={(t) => edit((d) => void (d.seed = parseNumber(t) as number))} />
      </fieldset>

      <fieldset>
        <legend>Training {live && <span className="live-badge">live</span>}</legend>
        <SelectField
          name="train.optimizer"
          label="Optimizer"
          value={spec.train.optimizer}
          options={OPTIMIZERS}
          onChange={(v) => {
            // Before a run, a new optimizer starts from its own defaults (Sophia's β, AdaHessian's ε ...);
            // live, only the name changes and the other settings carry over, as in spec.changes.
            if (live) train({ optimizer: v });
            else edit((d) => void (d.train = withOptimizerDefaults(d.train, v)));
          }}
        />
        <TextField name="train.lr" label="Learning rate" value={String(spec.train.lr)} error={errors['train.lr']} onCommit={(t) => train({ lr: parseNumber(t) as number })} />
        <TextField name="train.steps" label="Steps" value={String(spec.train.steps)} error={errors['train.steps']} disabled={live} onCommit={(t) => edit((d) => void (d.train.steps = parseNumber(t) as number))} />
        <TextField
          name="train.batchSize"
          label="Batch size (empty = full batch)"
          value={spec.train.batchSize === null ? '' : String(spec.train.batchSize)}
          error={errors['train.batchSize']}
          onCommit={(t) => train({ batchSize: parseNumber(t) })}
        />
        {OPTIMIZER_FIELDS[spec.train.optimizer].map((field) => {
          if (field === 'lr') return null;
          const value = resolveOptimizerSettings(spec.train)[field];
          if (field === 'curvature') {
            return <SelectField key={field} name="train.curvature" label={HYPER_LABELS.curvature} value={value as CurvatureChoice} options={PROBE_OPERATORS} onChange={(v) => train({ curvature: v })} />;
          }
          return (
            <TextField key={field} name={`train.${field}`} label={HYPER_LABELS[field]} value={String(value)} error={errors[`train.${field}`]} onCommit={(t) => train({ [field]: parseNumber(t) as number })} />
          );
        })}
      </fieldset>

      <fieldset>
        <legend>Probes {live && <span className="live-badge">live</span>}</legend>
        <TextField name="probes.every" label="Every (steps)" value={String(spec.probes.every)} error={errors['probes.every']} onCommit={(t) => { const every = parseNumber(t) as number; probes({ every }, (d) => void (d.probes.every = every)); }} />
        <SelectField name="probes.operator" label="Operator" value={spec.probes.operator} options={PROBE_OPERATORS} onChange={(operator) => probes({ operator }, (d) => void (d.probes.operator = operator))} />
        <CheckField
          name="probes.eigenvalues.on"
          label="Top eigenvalues (Lanczos)"
          checked={spec.probes.eigenvalues !== null}
          onChange={(on) => probes({ eigenvalues: on ? { k: 5 } : null }, (d) => void (d.probes.eigenvalues = on ? { k: 5, method: 'lanczos', steps: 30, reorthogonalize: true } : null))}
        />
        {spec.probes.eigenvalues && (
          <TextField name="probes.eigenvalues.k" label="k" value={String(spec.probes.eigenvalues.k)} error={errors['probes.eigenvalues.k']} onCommit={(t) => { const k = parseNumber(t) as number; probes({ eigenvalues: { k } }, (d) => void (d.probes.eigenvalues!.k = k)); }} />
        )}
        <CheckField
          name="probes.trace.on"
          label="Trace (Hutchinson)"
          checked={spec.probes.trace !== null}
          onChange={(on) => probes({ trace: on ? { samples: 100 } : null }, (d) => void (d.probes.trace = on ? { samples: 100, tolerance: 0.01, perLayer: true, method: 'hutchinson' } : null))}
        />
        {spec.probes.trace && (
          <TextField name="probes.trace.samples" label="Trace samples" value={String(spec.probes.trace.samples)} error={errors['probes.trace.samples']} onCommit={(t) => { const samples = parseNumber(t) as number; probes({ trace: { samples } }, (d) => void (d.probes.trace!.samples = samples)); }} />
        )}
        <CheckField
          name="probes.density.on"
          label="Spectral density (SLQ)"
          checked={spec.probes.density !== null}
          onChange={(on) => probes({ density: on ? { probes: 4, steps: 60 } : null }, (d) => void (d.probes.density = on ? { probes: 4, steps: 60, gridSize: 200, sigma: null } : null))}
        />
        {spec.probes.density && (
          <>
            <TextField name="probes.density.probes" label="SLQ probes" value={String(spec.probes.density.probes)} error={errors['probes.density.probes']} onCommit={(t) => { const n = parseNumber(t) as number; probes({ density: { probes: n } }, (d) => void (d.probes.density!.probes = n)); }} />
            <TextField name="probes.density.steps" label="SLQ steps" value={String(spec.probes.density.steps)} error={errors['probes.density.steps']} onCommit={(t) => { const n = parseNumber(t) as number; probes({ density: { steps: n } }, (d) => void (d.probes.density!.steps = n)); }} />
          </>
        )}
      </fieldset>
    </aside>
  );
}
