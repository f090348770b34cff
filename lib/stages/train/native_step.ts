/**
 * The native engine's training step with no tfjs op in it: forward, loss, gradients and Keras'
 * Adam as OpenBLAS sgemm calls and C kernels, run by lib/core/native/train_step.c on arrays it
 * allocates once for the whole training (weights, gradients, Adam's moments, activations), as
 * fixed tasks that two threads share (one thread runs them all, with the same bytes). This file holds the C trainer and gives its arrays to JS by training-layout name.
 * It computes what lib/stages/train/vae_gradients.ts computes (the same loss, the same exact gradients,
 * the same Adam) in another order of float32 operations: its bytes are the native engine's own.
 */
import { kernels } from "../../core/native/native_kernels.ts";
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import type { VaeShape } from "../../core/model/model_params.ts";
import { ADAM_DEFAULTS, adamStepSize } from "./adam_keras.ts";
import { TRAIN_WEIGHTS, type TrainWeightName } from "./train_layout.ts";

/** Bits of vae_trainer_run's `what` (lib/core/native/kernels.h, enum vae_run). */
const RUN_FORWARD = 1;
const RUN_GRADIENTS = 2;
const RUN_ADAM = 4;

/** Each training-layout weight's shape for `shape`. */
export function trainShapes(shape: VaeShape): Record<TrainWeightName, number[]> {
  const { inputDim: d, hiddenDim: h, latentDim: l } = shape;
  return {
    encoder_hidden_kernel_t: [h, d],
    encoder_hidden_bias: [h],
    z_kernel: [h, 2 * l],
    z_bias: [2 * l],
    decoder_hidden_kernel: [l, h],
    decoder_hidden_bias: [h],
    decoder_output_kernel: [h, d],
    decoder_output_bias: [d],
  };
}

/** One of the C trainer's arrays (weights, gradients or a moment) and a view of each weight by name. */
export interface PackedWeights {
  all: Float32Array;
  byName: Record<TrainWeightName, Float32Array>;
}

/**
 * A training's state and its step in C (lib/core/native/train_step.c): `weights`, `grads`, `m` and
 * `v` view the C arrays (zero at first; the caller writes the initial weights and moments).
 * Call {@link dispose} to free them.
 */
export class NativeStep {
  readonly weights: PackedWeights;
  /** The gradients of the last lossAndGradients(); zero after train() or adam(), whose Adam used them. */
  readonly grads: PackedWeights;
  readonly m: PackedWeights;
  readonly v: PackedWeights;
  /** Adam updates so far. */
  step = 0;
  #trainer: Deno.PointerObject | null;
  readonly #sums = new Float64Array(2);
  readonly #adam = new Float32Array(6);

  /**
   * A trainer for `shape` on `threads` threads (1 or 2, the same bytes), with sgemm from the
   * OpenBLAS at `blasPath` (loaded already, with its own threads set to 1).
   */
  constructor(readonly shape: VaeShape, threads: 1 | 2, blasPath: string) {
    const k = kernels();
    const path = new TextEncoder().encode(`${blasPath}\0`);
    this.#trainer = k.vae_trainer_new(
      BigInt(shape.inputDim),
      BigInt(shape.hiddenDim),
      BigInt(shape.latentDim),
      threads,
      path,
    );
    if (this.#trainer === null) {
      throw new Error(
        `--engine native: cannot start the training step (no cblas_sgemm in ${blasPath}, or no memory)`,
      );
    }
    const offsets = new BigInt64Array(TRAIN_WEIGHTS.length + 1);
    k.vae_trainer_layout(this.#trainer, offsets);
    const total = Number(offsets[TRAIN_WEIGHTS.length]);
    const shapes = trainShapes(shape);
    const packed = (which: number): PackedWeights => {
      const pointer = k.vae_trainer_array(this.#trainer, which)!;
      const all = new Float32Array(Deno.UnsafePointerView.getArrayBuffer(pointer, total * 4));
      const byName = Object.fromEntries(TRAIN_WEIGHTS.map((name, w) => {
        const from = Number(offsets[w]);
        return [name, all.subarray(from, from + shapes[name].reduce((a, b) => a * b, 1))];
      })) as Record<TrainWeightName, Float32Array>;
      return { all, byName };
    };
    [this.weights, this.grads, this.m, this.v] = [packed(0), packed(1), packed(2), packed(3)];
  }

  #run(x: Float32Array, eps: Float32Array, rows: number, what: number, lr = 0): ElboParts<number> {
    if (this.#trainer === null) throw new Error("NativeStep: used after dispose()");
    if (x.length < rows * this.shape.inputDim || eps.length < rows * this.shape.latentDim) {
      throw new RangeError(
        `NativeStep: ${rows} rows asked of ${x.length} pixels and ${eps.length} noise values`,
      );
    }
    if (what & RUN_ADAM) {
      const { beta1, beta2, epsilon } = ADAM_DEFAULTS;
      this.#adam.set([beta1, 1 - beta1, beta2, 1 - beta2, epsilon, adamStepSize(lr, this.step + 1)]);
    }
    const status = kernels().vae_trainer_run(
      this.#trainer,
      x,
      eps,
      BigInt(rows),
      what,
      this.#adam,
      this.#sums,
    );
    if (status !== 0) throw new Error(`--engine native: no memory for the activations of ${rows} rows`);
    if (what & RUN_ADAM) this.step += 1;
    const kl = this.#sums[0]! / rows;
    const recon = this.#sums[1]! / rows;
    return { total: recon + kl, recon, kl };
  }

  /** The batch-mean loss of `rows` rows of x (rows × input) with noise eps (rows × latent); nothing is updated. */
  loss(x: Float32Array, eps: Float32Array, rows: number): ElboParts<number> {
    return this.#run(x, eps, rows, RUN_FORWARD);
  }

  /** The loss of the batch and its gradients of every weight into {@link grads}; weights and moments stay. */
  lossAndGradients(x: Float32Array, eps: Float32Array, rows: number): ElboParts<number> {
    return this.#run(x, eps, rows, RUN_FORWARD | RUN_GRADIENTS);
  }

  /** One Keras Adam update of every weight with the gradients in {@link grads}, learning rate `lr`. */
  adam(lr: number): void {
    this.#run(new Float32Array(), new Float32Array(), 0, RUN_ADAM, lr);
  }

  /** One training step: the loss before the update, then gradients and Adam with learning rate `lr`, in one call. */
  train(x: Float32Array, eps: Float32Array, rows: number, lr: number): ElboParts<number> {
    return this.#run(x, eps, rows, RUN_FORWARD | RUN_GRADIENTS | RUN_ADAM, lr);
  }

  /** Frees the C arrays and stops the second thread; the views are unusable afterwards. */
  dispose(): void {
    if (this.#trainer !== null) kernels().vae_trainer_free(this.#trainer);
    this.#trainer = null;
  }
}
