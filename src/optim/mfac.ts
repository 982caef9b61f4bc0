/**
 * M-FAC (Frantar et al. 2021), the dense variant: the empirical Fisher of the last m gradients,
 * F = δI + (1/m) Σ gᵢgᵢᵀ, applied inverted by the Woodbury identity
 *   F⁻¹x = (1/δ)·(x − G (δm·I + GᵀG)⁻¹ Gᵀx),   G = [g₁ … g_m],
 * with the m×m Gram matrix GᵀG kept up to date (one new row of dot products per gradient) and
 * solved in float64 on the CPU. A step costs one batched dot pass and one linear combination:
 * O(d·m), plus O(m³) on the CPU for the small solve. θ ← θ − lr·F⁻¹g.
 */
import { choleskySolve } from './small-linear-algebra.ts';
import { addWeightDecay, NO_EXTRA_WORK, VectorPool, type Optimizer, type OptimizerEngine, type StepContext, type StepReport } from './optimizer.ts';
import { resolveOptimizerSettings, type OptimizerSettings } from './settings.ts';
import type { VectorBackend } from '../curvature/operator.ts';

/** A sliding window of gradients and the inverse of its damped empirical Fisher. */
export class FisherWindow<V> {
  private readonly pool: VectorPool<V>;
  private readonly slots: V[] = [];
  /** Gram matrix of the slots, row-major capacity × capacity. */
  private readonly gram: Float64Array;
  private next = 0;

  constructor(
    private readonly backend: VectorBackend<V>,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`FisherWindow: capacity must be a positive integer, got ${capacity}`);
    this.pool = new VectorPool(backend);
    this.gram = new Float64Array(capacity * capacity);
  }

  get size(): number {
    return this.slots.length;
  }

  /** Adds g (copied), replacing the oldest gradient once the window is full. */
  async push(g: V): Promise<void> {
    const slot = this.next;
    if (slot === this.slots.length) this.slots.push(this.pool.create());
    this.next = (slot + 1) % this.capacity;
    this.backend.copy(g, this.slots[slot]!);
    const row = await this.backend.dots(this.slots, this.slots[slot]!);
    const c = this.capacity;
    for (let j = 0; j < row.length; j++) {
      this.gram[slot * c + j] = row[j]!;
      this.gram[j * c + slot] = row[j]!;
    }
  }

  /** out ← F⁻¹x with F = δI + (1/m)GGᵀ over the gradients in the window (m = size). */
  async applyInverse(x: V, out: V, damping: number): Promise<void> {
    if (!(damping > 0)) throw new Error(`FisherWindow: damping must be positive, got ${damping}`);
    const m = this.slots.length;
    const c = this.capacity;
    this.backend.copy(x, out);
    if (m > 0) {
      const gx = await this.backend.dots(this.slots, x);
      const system = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < m; j++) system[i * m + j] = this.gram[i * c + j]!;
        system[i * m + i] = system[i * m + i]! + damping * m;
      }
      this.backend.subtractCombination(this.slots, choleskySolve(system, m, gx), out);
    }
    this.backend.scale(1 / damping, out);
  }

  dispose(): void {
    this.pool.dispose();
    this.slots.length = 0;
  }
}

export function createMfac<V>(settings: OptimizerSettings, engine: OptimizerEngine<V>): Optimizer<V> {
  let current = resolveOptimizerSettings(settings);
  let window = new FisherWindow(engine.backend, Math.max(1, Math.round(current.memory)));
  const direction = engine.backend.create();
  let disposed = false;
  return {
    name: 'mfac',
    usesGradient: true,
    async step({ grad }: StepContext<V>): Promise<StepReport> {
      addWeightDecay(engine, current.weightDecay, grad);
      await window.push(grad);
      await window.applyInverse(grad, direction, current.damping);
      engine.backend.axpy(-current.lr, direction, engine.params);
      return NO_EXTRA_WORK;
    },
    updateSettings(next: OptimizerSettings): void {
      const memory = Math.max(1, Math.round(resolveOptimizerSettings(next).memory));
      current = resolveOptimizerSettings(next);
      // A new window size starts an empty window (the old gradients do not fit the new ring).
      if (memory !== window.capacity) {
        window.dispose();
        window = new FisherWindow(engine.backend, memory);
      }
    },
    dispose(): void {
      if (disposed) return;
      disposed = true;
      window.dispose();
      engine.backend.free(direction);
    },
  };
}
