/** When a run counts as diverged, and the message that tells the user what to do about it. */
import type { DivergenceInfo } from './result.ts';

/** A loss this many times above max(1, initial loss) has blown up, even while still finite. */
export const EXPLOSION_FACTOR = 1e6;
/**
 * Cross-entropy with a far too large step size never reaches ∞: the logits grow, the loss jumps
 * between hundreds and thousands. A loss stuck this far above its start for this many steps is
 * that case; a catapult or edge-of-stability spike is over within a few steps.
 */
export const STUCK_FACTOR = 10;
export const STUCK_STEPS = 20;

export function divergenceMessage(step: number, what: string, lr: number): string {
  return (
    `training diverged at step ${step}: ${what}. The learning rate train.lr = ${lr} is too large for this model ` +
    `and data; try a smaller learning rate, e.g. ${lr / 10}.`
  );
}

/** Feeds on the training loss of each step; says when the run has diverged. */
export function createDivergenceWatch(): (step: number, loss: number, lr: number) => DivergenceInfo | undefined {
  let base: number | undefined;
  let stuckSince: number | undefined;
  return (step, loss, lr) => {
    if (!Number.isFinite(loss)) return { step, message: divergenceMessage(step, `the training loss became ${loss}`, lr) };
    base ??= Math.max(1, loss);
    if (loss > EXPLOSION_FACTOR * base) {
      const what = `the training loss rose to ${loss.toPrecision(3)}, more than ${EXPLOSION_FACTOR} times its start`;
      return { step, message: divergenceMessage(step, what, lr) };
    }
    stuckSince = loss > STUCK_FACTOR * base ? (stuckSince ?? step) : undefined;
    if (stuckSince !== undefined && step - stuckSince + 1 >= STUCK_STEPS) {
      const what = `the training loss has stayed above ${STUCK_FACTOR} times its start for ${STUCK_STEPS} steps (now ${loss.toPrecision(3)})`;
      return { step, message: divergenceMessage(step, what, lr) };
    }
    return undefined;
  };
}
