/**
 * The spec being edited. Edits are validated with the spec's own schema: a valid edit replaces
 * the spec, an invalid one leaves it as it was and records a message for the field's control.
 */
import type { StateCreator } from 'zustand/vanilla';
import { parseSpec, type ChangeSpec, type ExperimentSpec, type SpecError } from '../experiment/spec.ts';
import type { LabState } from './lab-store.ts';

export interface SpecSlice {
  spec: ExperimentSpec;
  /** Messages by field path ("train.lr") from the last rejected edit. */
  fieldErrors: Readonly<Record<string, string>>;
  warnings: readonly string[];
  /** Why a link or an import could not be loaded as it was (the lab then starts from defaults). */
  loadMessage: string | null;
  /** Returns the errors of an invalid edit (empty when it was applied). */
  editSpec(edit: (draft: ExperimentSpec) => void): SpecError[];
  replaceSpec(spec: ExperimentSpec, warnings?: readonly string[]): void;
  setLoadMessage(message: string | null): void;
  /** Records a mid-run change in spec.changes (merging with one already at that step). */
  recordChange(change: ChangeSpec): void;
}

export function cloneSpec(spec: ExperimentSpec): ExperimentSpec {
  return structuredClone(spec);
}

export function createSpecSlice(initial: ExperimentSpec): StateCreator<LabState, [], [], SpecSlice> {
  return (set, get) => ({
    spec: initial,
    fieldErrors: {},
    warnings: [],
    loadMessage: null,
    editSpec(edit) {
      const draft = cloneSpec(get().spec);
      edit(draft);
      const parsed = parseSpec(draft);
      if (!parsed.ok) {
        set({ fieldErrors: Object.fromEntries(parsed.errors.map((e) => [e.path, e.message])) });
        return parsed.errors;
      }
      set({ spec: parsed.spec, fieldErrors: {}, warnings: parsed.warnings });
      return [];
    },
    replaceSpec: (spec, warnings = []) => set({ spec, fieldErrors: {}, warnings }),
    setLoadMessage: (loadMessage) => set({ loadMessage }),
    recordChange(change) {
      const spec = cloneSpec(get().spec);
      const existing = spec.changes.find((c) => c.step === change.step);
      if (existing) {
        if (change.train) existing.train = { ...existing.train, ...change.train };
        if (change.probes) existing.probes = { ...existing.probes, ...change.probes };
      } else {
        spec.changes.push(change);
        spec.changes.sort((a, b) => a.step - b.step);
      }
      const parsed = parseSpec(spec);
      if (parsed.ok) set({ spec: parsed.spec, warnings: parsed.warnings });
    },
  });
}
