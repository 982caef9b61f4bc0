/** A demo variant as an experiment: its spec JSON, validated, with view.demo saying where it belongs. */
import { parseSpec, formatSpecErrors, type ExperimentSpec } from '../experiment/spec.ts';
import { encodeSpecToHash } from '../experiment/url.ts';
import type { Demo } from './demo.ts';

export interface DemoView {
  readonly demo: string;
  readonly variant: number;
}

export function variantSpec(demo: Demo, index: number): ExperimentSpec {
  const variant = demo.variants[index];
  if (!variant) throw new Error(`demo ${demo.id} has no variant ${index}`);
  const view = { ...((variant.spec['view'] as object | undefined) ?? {}), demo: demo.id, variant: index };
  const parsed = parseSpec({ ...variant.spec, view });
  if (!parsed.ok) throw new Error(`demo ${demo.id}, variant ${index} (${variant.label}): ${formatSpecErrors(parsed.errors)}`);
  return parsed.spec;
}

/** The link a gallery card opens: the demo's first variant. */
export function demoHash(demo: Demo, index = 0): string {
  return encodeSpecToHash(variantSpec(demo, index));
}

/** Which demo (and variant) a spec belongs to, from its view; null for an ordinary experiment. */
export function demoViewOf(spec: ExperimentSpec): DemoView | null {
  const view = spec.view as Record<string, unknown>;
  const demo = view['demo'];
  const variant = view['variant'];
  if (typeof demo !== 'string') return null;
  return { demo, variant: typeof variant === 'number' && Number.isInteger(variant) && variant >= 0 ? variant : 0 };
}
