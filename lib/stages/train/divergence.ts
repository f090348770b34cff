/**
 * Divergence checks of the training loop: a loss or a weight that is no longer a finite
 * number stops the training at once, with one line that says where (epoch, step) and what to
 * change, so that a diverged run is never stored as a model. The checks are engine-agnostic:
 * they look at the losses every step returns (numbers already read back) and at the state
 * arrays an epoch's checkpoint reads back anyway, so they cost a comparison per step and one
 * scan of the weights per epoch.
 */
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import type { NamedArray } from "../../core/model/weights_file.ts";

/** A training whose loss or weights stopped being finite numbers. */
export class TrainingDiverged extends Error {
  override name = "TrainingDiverged";
}

/** Where in the training a check looks, and the learning rate to advise on. */
export interface TrainingPoint {
  epoch: number;
  /** 1-based step within the epoch; absent for checks after the epoch's steps. */
  step?: number;
  stepsPerEpoch: number;
  lr: number;
}

function advice(at: TrainingPoint, found: string): string {
  const where = at.step === undefined
    ? `after epoch ${at.epoch} (step ${at.stepsPerEpoch} of ${at.stepsPerEpoch})`
    : `at epoch ${at.epoch}, step ${at.step} of ${at.stepsPerEpoch}`;
  return `training diverged ${where}: ${found} with --lr ${at.lr}; no model was stored: ` +
    `train again with a lower --lr (e.g. --lr ${at.lr / 10})`;
}

/**
 * Throws {@link TrainingDiverged} when a part of a step's loss is not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertFiniteLoss } from "./divergence.ts";
 * assertFiniteLoss({ total: 3, recon: 2, kl: 1 }, { epoch: 1, step: 2, stepsPerEpoch: 5, lr: 1e-3 });
 * assert.throws(
 *   () => assertFiniteLoss({ total: NaN, recon: NaN, kl: 1 }, { epoch: 1, step: 2, stepsPerEpoch: 5, lr: 10 }),
 *   /^TrainingDiverged: training diverged at epoch 1, step 2 of 5: the loss is NaN .* --lr 1\)$/,
 * );
 * ```
 */
export function assertFiniteLoss(loss: ElboParts<number>, at: TrainingPoint, what = "the loss"): void {
  if (Number.isFinite(loss.total) && Number.isFinite(loss.recon) && Number.isFinite(loss.kl)) return;
  throw new TrainingDiverged(
    advice(at, `${what} is ${loss.total} (reconstruction ${loss.recon}, KL ${loss.kl})`),
  );
}

/**
 * The first value of `arrays` that is not finite, with its array's name; undefined when all are.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { firstNonFinite } from "./divergence.ts";
 * assert.deepEqual(firstNonFinite([{ name: "b", shape: [2], values: new Float32Array([1, NaN]) }]), { name: "b", value: NaN });
 * ```
 */
export function firstNonFinite(arrays: NamedArray[]): { name: string; value: number } | undefined {
  for (const { name, values } of arrays) {
    for (let i = 0; i < values.length; i++) {
      // x - x is 0 for a finite x and NaN for ±Infinity and NaN: one subtraction per value.
      if (values[i]! - values[i]! !== 0) return { name, value: values[i]! };
    }
  }
  return undefined;
}

/**
 * Throws {@link TrainingDiverged} when an array of the training state (weights, optimizer
 * moments) holds a value that is not finite; names the first such array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertFiniteArrays } from "./divergence.ts";
 * const at = { epoch: 3, stepsPerEpoch: 4, lr: 0.5 };
 * assertFiniteArrays([{ name: "dense/bias", shape: [2], values: new Float32Array([1, 2]) }], at);
 * assert.throws(
 *   () => assertFiniteArrays([{ name: "dense/bias", shape: [2], values: new Float32Array([1, Infinity]) }], at),
 *   /after epoch 3 \(step 4 of 4\): dense\/bias holds Infinity/,
 * );
 * ```
 */
export function assertFiniteArrays(arrays: NamedArray[], at: TrainingPoint): void {
  const bad = firstNonFinite(arrays);
  if (bad !== undefined) throw new TrainingDiverged(advice(at, `${bad.name} holds ${bad.value}`));
}
