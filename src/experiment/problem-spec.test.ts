import { describe, expect, it } from 'vitest';
import { defaultSpec, formatSpecErrors, parseSpec, racerTrain, type ExperimentSpec } from './spec.ts';

function errorsOf(input: unknown): string {
  const parsed = parseSpec(input);
  if (parsed.ok) throw new Error('expected the spec to be invalid');
  return formatSpecErrors(parsed.errors);
}

describe('spec.problem', () => {
  it('defaults to null; old specs and {} are unchanged', () => {
    expect(defaultSpec().problem).toBeNull();
    expect(defaultSpec().race).toBeNull();
  });

  it('fills in the dimension, the classic start and the quadratic options', () => {
    const parsed = parseSpec({ problem: { name: 'rosenbrock' } });
    expect(parsed.ok && parsed.spec.problem).toEqual({ name: 'rosenbrock', dim: 2, start: [-1.2, 1] });
    const q = parseSpec({ problem: { name: 'quadratic', dim: 3, condition: 100 } });
    expect(q.ok && q.spec.problem).toEqual({ name: 'quadratic', dim: 3, start: [1, 1, 1], condition: 100 });
    const q2 = parseSpec({ problem: { name: 'quadratic' } });
    expect(q2.ok && q2.spec.problem).toEqual({ name: 'quadratic', dim: 2, start: [-1.5, 1.2], condition: 10, angle: 30 });
  });

  it('with a problem, model, loss and data are not cross-checked, and batch/probe samples only warn', () => {
    // layers [2, 16, 16, 3] with a logistic loss would be an error for the MLP.
    const parsed = parseSpec({ problem: { name: 'beale' }, loss: 'logistic', train: { batchSize: 10 } });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.warnings).toContain('train.batchSize: is ignored: the test function beale has no samples, so every step uses the exact gradient');
      expect(parsed.warnings).toContain('probes.eigenvalues.k: 5 eigenvalues asked of beale in 2-D: the probes report all 2');
    }
  });

  it('names the field in every message', () => {
    expect(errorsOf({ problem: { name: 'rosenbrok' } })).toBe(
      'problem.name: must be one of "quadratic", "rosenbrock", "beale", "himmelblau", "rastrigin", "ackley", got "rosenbrok" (did you mean "rosenbrock"?)',
    );
    expect(errorsOf({ problem: { name: 'beale', dim: 3, condition: 3 } })).toBe(
      'problem.dim: must be 2: beale is defined in 2-D only, got 3\nproblem.condition: beale has no condition setting; remove it (only quadratic takes condition and angle)',
    );
    expect(errorsOf({ problem: { name: 'rosenbrock', dim: 1 } })).toBe('problem.dim: must be from 2 to 1000 for rosenbrock, got 1');
    expect(errorsOf({ problem: { name: 'quadratic', dim: 3, angle: 10, start: [1, 2] } })).toBe(
      'problem.start: must have 3 coordinates (problem.dim), got 2\nproblem.angle: applies in 2-D only; in 3-D the eigenvectors are a random orthogonal matrix drawn from seed; remove it',
    );
    expect(errorsOf({ problem: { name: 'quadratic', condition: 0.5 } })).toBe('problem.condition: must be a condition number from 1 to 1e12, e.g. 100, got 0.5');
    expect(errorsOf({ problem: { name: 'ackley', dims: 2 } })).toBe('problem.dims: unknown field (did you mean "dim"?); allowed here: name, dim, start, condition, angle');
    expect(errorsOf({ problem: 'rosenbrock' })).toMatch(/^problem: must be an object \{ name, dim, start, condition, angle \}/);
  });
});

describe('spec.race', () => {
  it('is a list of train patches', () => {
    const parsed = parseSpec({ race: [{ optimizer: 'gd', lr: 0.001 }, { optimizer: 'adam', lr: 0.05 }, { momentum: 0.5 }] });
    expect(parsed.ok && parsed.spec.race).toEqual([{ optimizer: 'gd', lr: 0.001 }, { optimizer: 'adam', lr: 0.05 }, { momentum: 0.5 }]);
  });

  it('names the racer and the field in every message', () => {
    expect(errorsOf({ race: [{ optimizer: 'gd' }, { optimizer: 'adamm', lr: -1 }] })).toBe(
      'race[1].optimizer: must be one of ' +
        errorsOf({ train: { optimizer: 'adamm' } }).replace(/^train\.optimizer: must be one of /, '') +
        '\nrace[1].lr: must be a positive learning rate, e.g. 0.1, got -1',
    );
    expect(errorsOf({ race: [{ lr: -1 }] })).toBe('race[0].lr: must be a positive learning rate, e.g. 0.1, got -1');
    expect(errorsOf({ race: [{ learningRate: 0.1 }] })).toMatch(/^race\[0\]\.learningRate: unknown field; allowed here: optimizer, lr, steps/);
    expect(errorsOf({ race: [] })).toMatch(/^race: must be an array of 1 to 16 racers, each a train patch/);
    // Cross-field: a racer's batch size against the training set (300 samples, 60 held out).
    expect(errorsOf({ race: [{ optimizer: 'sgd', batchSize: 500 }] })).toBe(
      'race[0].batchSize: must be at most 240, the number of training samples (data.n 300 minus 60 held out for testing), or null for the full batch; got 500',
    );
  });
});

describe('racerTrain: what each racer runs with', () => {
  const parse = (input: unknown): ExperimentSpec => {
    const parsed = parseSpec(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return parsed.spec;
  };

  it('a racer given only another optimizer\'s name runs with that optimizer\'s defaults', () => {
    const s = parse({ race: [{ optimizer: 'newton-cg' }, { optimizer: 'adamw' }] });
    expect(racerTrain(s.train, s.race![0]!)).toEqual(parse({ train: { optimizer: 'newton-cg' } }).train);
    expect(racerTrain(s.train, s.race![0]!).lr).toBe(1);
    expect(racerTrain(s.train, s.race![1]!)).toMatchObject({ optimizer: 'adamw', lr: 0.01, weightDecay: 0.01 });
  });

  it('train fields set away from their defaults apply to every racer; the patch has the last word', () => {
    const s = parse({ train: { lr: 0.2, steps: 50, batchSize: 16 }, race: [{ optimizer: 'sgd' }, { optimizer: 'lbfgs', lr: 0.5 }, { momentum: 0.5 }] });
    expect(racerTrain(s.train, s.race![0]!)).toMatchObject({ optimizer: 'sgd', lr: 0.2, steps: 50, batchSize: 16 });
    expect(racerTrain(s.train, s.race![1]!)).toMatchObject({ optimizer: 'lbfgs', lr: 0.5, steps: 50, memory: 10 });
    // Same optimizer as train: the patch over train.
    expect(racerTrain(s.train, s.race![2]!)).toEqual({ ...s.train, momentum: 0.5 });
  });
});
