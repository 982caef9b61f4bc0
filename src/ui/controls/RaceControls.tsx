/**
 * Problem and race settings: which function to optimize (or the network on the data) and the
 * racers, edited as the JSON of spec.race (each racer is a train patch, as in the spec).
 */
import { useEffect, useState } from 'react';
import type { ExperimentSpec } from '../../experiment/spec.ts';
import { TEST_FUNCTION_NAMES, TEST_FUNCTIONS, type TestFunctionName } from '../../models/test-functions.ts';
import { useLab, useLabStoreApi } from '../store-context.ts';
import { SelectField, TextField, parseNumber } from './fields.tsx';

const NETWORK = 'network on the data';
const PROBLEM_OPTIONS = [NETWORK, ...TEST_FUNCTION_NAMES] as const;

/** A race worth watching on any problem: plain gradient descent against Adam. */
const EXAMPLE_RACE = [{ optimizer: 'gd' }, { optimizer: 'momentum' }, { optimizer: 'adam' }];

function raceText(race: ExperimentSpec['race']): string {
  return race ? JSON.stringify(race, null, 1).replace(/\n\s*/g, ' ') : '';
}

export function RaceControls() {
  const store = useLabStoreApi();
  const spec = useLab((s) => s.spec);
  const errors = useLab((s) => s.fieldErrors);
  // Whether a run is live, not its status: Pause and Resume then leave this form alone, where it
  // re-rendered whole on each of those clicks (a long task in the e2e measurement).
  const live = useLab((s) => s.status === 'running' || s.status === 'paused');
  const [text, setText] = useState(raceText(spec.race));
  const [parseError, setParseError] = useState<string | null>(null);
  useEffect(() => setText(raceText(spec.race)), [spec.race]);
  const edit = (fn: (d: ExperimentSpec) => void) => store.getState().editSpec(fn);

  const setProblem = (name: (typeof PROBLEM_OPTIONS)[number]) =>
    edit((d) => {
      if (name === NETWORK) d.problem = null;
      // parseSpec fills the dimension's start and the quadratic's options.
      else d.problem = { name, dim: 2 } as ExperimentSpec['problem'];
    });

  const applyRace = (value: string) => {
    let race: unknown = null;
    if (value.trim() !== '') {
      try {
        race = JSON.parse(value);
      } catch (error) {
        setParseError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    setParseError(null);
    edit((d) => void (d.race = race as ExperimentSpec['race']));
  };

  const raceEntry = Object.entries(errors).find(([p]) => p.startsWith('race'));
  const raceError = parseError ?? (raceEntry ? `${raceEntry[0]}: ${raceEntry[1]}` : undefined);
  const problemError = Object.entries(errors).find(([p]) => p.startsWith('problem'))?.[1];
  return (
    <section className="panel race-controls" data-testid="race-controls">
      <h2>Problem and race</h2>
      <p className="panel-description">
        Optimize a test function instead of the network, and race several optimizers from the same start. Each racer is a train patch, e.g.{' '}
        <code>[{'{'}"optimizer": "adam", "lr": 0.05{'}'}]</code>; a racer naming another optimizer than Training's starts from that
        optimizer's defaults. Empty runs one optimizer.
        {spec.problem && ' With a test function, the Model and Data settings are not used; it runs in float64 on the CPU.'}
        {spec.race && ' A race runs no probes: the curvature panels stay empty.'}
      </p>
      <div className="two">
        <div>
          <SelectField
            name="problem.name"
            label="Problem"
            value={spec.problem?.name ?? NETWORK}
            options={PROBLEM_OPTIONS}
            disabled={live}
            error={problemError}
            onChange={setProblem}
          />
          {spec.problem && (
            <TextField
              name="problem.dim"
              label={`Dimension (${TEST_FUNCTIONS[spec.problem.name as TestFunctionName].formula})`}
              value={String(spec.problem.dim)}
              disabled={live}
              onCommit={(t) =>
                edit((d) => {
                  const { name } = d.problem!;
                  // A new dimension needs a new start: let parseSpec fill the default one.
                  d.problem = { name, dim: parseNumber(t) as number } as ExperimentSpec['problem'];
                })
              }
            />
          )}
        </div>
        <div>
          <label className="field">
            <span>Racers (JSON array of train patches)</span>
            <textarea data-testid="field-race" rows={3} value={text} disabled={live} onChange={(e) => setText(e.target.value)} onBlur={(e) => applyRace(e.target.value)} />
          </label>
          {raceError && <div className="field-error" data-testid="race-error">{raceError}</div>}
          <button data-testid="race-example" disabled={live} onClick={() => applyRace(JSON.stringify(EXAMPLE_RACE))}>
            Example race
          </button>
        </div>
      </div>
    </section>
  );
}
