/**
 * The trainer on the native engine: every step is lib/stages/train/native_step.ts's loop of sgemm and
 * C calls on arrays allocated once, validation its forward pass. The training loop hands it each
 * batch as the images' bytes and the epoch's indices (stepImages: the rows are gathered and scaled
 * in C into one array kept for the training) and ε as plain floats, drawn in C
 * (lib/core/native/normal_draws.ts).
 * tfjs only at the edges: the seeded initial weights (lib/core/model/model_params.ts), ε, batches given
 * as tensors (step, evaluate: read in place), and the named arrays of weights and checkpoints.
 */
import * as tf from "@tensorflow/tfjs";
import { assertLiveViews, heapFloats, onHeap, wasmBackend } from "../../core/native/wasm_heap.ts";
import { NativeStep } from "./native_step.ts";
import { modelLayoutArrays, stateFromArrays, stateToArrays } from "./state_snapshot.ts";
import {
  disposeState,
  initialState,
  type TrainerConfig,
  trainerShape,
  type TrainState,
} from "./train_state.ts";
import { TRAIN_WEIGHTS, type TrainWeights } from "./train_layout.ts";
import type { Trainer } from "./trainer.ts";
import { kernels } from "../../core/native/native_kernels.ts";
import type { ElboParts } from "../../core/model/elbo_loss.ts";

/** The native trainer: a {@link Trainer} that also steps on images gathered in C. */
export interface NativeTrainer extends Trainer {
  /**
   * One Adam step on the images `indices` of `pixels` (row-major bytes, `width` per image, scaled
   * to x / 255 in C as gatherScaledRows() scales them) with noise `eps` (indices.length × latent
   * values, row-major): the same step as step() on those rows, with no tensor built. Resolves to
   * the loss before it.
   */
  stepImages(
    pixels: Uint8Array,
    width: number,
    indices: Int32Array,
    eps: Float32Array,
  ): Promise<ElboParts<number>>;
  /**
   * The batch-mean loss of `rows` rows of x (rows × input values, scaled) with noise eps (rows ×
   * latent): what evaluate() gives for the same rows as tensors, with none built.
   */
  lossOf(x: Float32Array, eps: Float32Array, rows: number): ElboParts<number>;
}

/** Copies the tensors of `from` into the arrays of `to`. */
function copyIn(from: TrainState, to: NativeStep): void {
  for (const name of TRAIN_WEIGHTS) {
    to.weights.byName[name].set(from.weights[name].dataSync());
    to.m.byName[name].set(from.adam.m[name].dataSync());
    to.v.byName[name].set(from.adam.v[name].dataSync());
  }
  to.step = from.adam.step;
}

/** The arrays of `state` as a tfjs {@link TrainState} (new tensors; the caller disposes them). */
function asTensors(state: NativeStep, shapes: Record<string, number[]>): TrainState {
  const tensors = (packed: NativeStep["weights"]) =>
    Object.fromEntries(
      TRAIN_WEIGHTS.map((name) => [name, tf.tensor(packed.byName[name].slice(), shapes[name], "float32")]),
    ) as TrainWeights;
  return {
    weights: tensors(state.weights),
    adam: { step: state.step, m: tensors(state.m), v: tensors(state.v) },
  };
}

/** The float32 values of tensors of the wasm backend, in place (take them right before use). */
function valuesOf(...ts: tf.Tensor[]): Float32Array[] {
  const backend = wasmBackend();
  onHeap(backend, ...ts);
  const views = ts.map((t) => heapFloats(backend, t, t.size));
  assertLiveViews(backend, ...views);
  return views;
}

/**
 * A trainer with fresh seeded state whose steps run in C on `threads` threads (the same bytes
 * with 1 or 2), with sgemm from the OpenBLAS at `blasPath` (loaded, its own threads set to 1).
 */
export function createNativeTrainer(config: TrainerConfig, threads: 1 | 2, blasPath: string): NativeTrainer {
  const shape = trainerShape(config);
  const native = new NativeStep(shape, threads, blasPath);
  /** The batch of stepImages(), gathered in C: allocated once, grown when a batch is larger. */
  let rows = new Float32Array(0);

  const fresh = initialState(config);
  const shapes = Object.fromEntries(TRAIN_WEIGHTS.map((n) => [n, fresh.weights[n].shape]));
  copyIn(fresh, native);
  disposeState(fresh);
  /** The state as tensors for `use`, disposed afterwards. */
  const withTensors = <T>(use: (s: TrainState) => T): T => {
    const tensors = asTensors(native, shapes);
    try {
      return use(tensors);
    } finally {
      disposeState(tensors);
    }
  };
  return {
    get steps() {
      return native.step;
    },
    step(x, eps) {
      const [xs, es] = valuesOf(x, eps);
      return Promise.resolve(native.train(xs!, es!, x.shape[0], config.lr));
    },
    stepImages(pixels, width, indices, eps) {
      const n = indices.length;
      if (width !== shape.inputDim || eps.length !== n * shape.latentDim) {
        throw new RangeError(
          `stepImages: ${n} images of ${width} pixels with ${eps.length} noise values, ` +
            `for a model of ${shape.inputDim} inputs and ${shape.latentDim} latent dimensions`,
        );
      }
      const images = pixels.length / width;
      for (const i of indices) {
        if (!(i >= 0 && i < images)) throw new RangeError(`stepImages: image ${i} of ${images}`);
      }
      if (rows.length < n * width) rows = new Float32Array(n * width);
      kernels().gather_scaled_rows(pixels, BigInt(width), indices, BigInt(n), rows);
      return Promise.resolve(native.train(rows, eps, n, config.lr));
    },
    lossOf(x, eps, rows) {
      return native.loss(x, eps, rows);
    },
    evaluate(batches) {
      return Promise.resolve(batches.map(({ x, eps }) => {
        const [xs, es] = valuesOf(x, eps);
        return native.loss(xs!, es!, x.shape[0]);
      }));
    },
    weights() {
      return withTensors((s) => modelLayoutArrays(s.weights, ""));
    },
    snapshot() {
      return Promise.resolve(withTensors(stateToArrays));
    },
    restore(arrays) {
      const restored = stateFromArrays(arrays, shape);
      copyIn(restored, native);
      disposeState(restored);
      return Promise.resolve();
    },
    dispose() {
      native.dispose();
    },
  };
}
