/**
 * The training loop: epochs of shuffled mini-batches with Adam steps, validation loss after
 * every epoch, and a checkpoint after every epoch so that a killed run resumes where it
 * stopped and ends with the same bytes as an uninterrupted one.
 */
import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { parseOrThrow } from "../../core/store/manifest_schema.ts";
import { gatherScaledRows } from "./batch_rows.ts";
import { type Checkpoint, readLatestCheckpoint, writeCheckpoint } from "./checkpoint.ts";
import { type EpochLosses, type EpochTiming, historySchema } from "./history.ts";
import { MNIST_PIXELS, type MnistSplit, scalePixels } from "../fetch_mnist/fetch_mnist_artifact.ts";
import type { ProgressReporter } from "../../core/cli/progress.ts";
import {
  epochPermutation,
  stepEpsilon,
  stepEpsilonSeed,
  validationEpsilon,
  validationEpsilonSeed,
} from "../../core/model/rng_streams.ts";
import { normalDraws } from "../../core/native/normal_draws.ts";
import type { TrainParams } from "./train_params.ts";
import type { LossBatch } from "./train_state.ts";
import { createTrainer, type Trainer } from "./trainer.ts";
import { createNativeTrainer, type NativeTrainer } from "./native_trainer.ts";
import type { ElboParts } from "../../core/model/elbo_loss.ts";
import type { Engine } from "../../core/engine/engine.ts";
import type { NamedArray } from "../../core/model/weights_file.ts";
import { assertFiniteArrays, assertFiniteLoss } from "./divergence.ts";
import { turnsEvery } from "../../core/runtime/event_loop_turn.ts";

/** Images in one validation forward pass (memory bound, not a hyper-parameter). */
const VALIDATION_BATCH = 1000;

/** What a finished training returns. */
export interface TrainResult {
  /** Final model weights, in the fixed order of the parameter list. */
  weights: NamedArray[];
  history: EpochLosses[];
  timing: EpochTiming[];
  /** Epoch the run resumed after (0 when it started fresh). */
  resumedAfterEpoch: number;
}

interface CheckpointState {
  history: EpochLosses[];
  timing: EpochTiming[];
}

const epochNumbers = <K extends string>(keys: readonly K[]) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);

/** What a checkpoint's state.json must hold before training resumes from it. */
const checkpointStateSchema: z.ZodType<CheckpointState> = z.object({
  history: historySchema,
  timing: z.array(epochNumbers(["epoch", "seconds", "samplesPerSecond", "validationSeconds"])),
});

/** Where the loop reports and keeps checkpoints, and how many threads it uses. */
export interface TrainHooks {
  /**
   * 2: the second half of every batch runs in a worker thread (same bytes as 1, faster); on the
   * native engine, the training step's threads (lib/core/native/train_step.c; the same bytes too).
   */
  workers: 1 | 2;
  /** What the trainer computes with (activated): the native engine trains with lib/stages/train/native_trainer.ts. */
  engine: Engine;
  checkpointDir: string;
  progress: ProgressReporter;
  log: (line: string) => void;
}

function mean(values: number[], weights: number[]): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, i) => {
    sum += v * weights[i]!;
    total += weights[i]!;
  });
  return sum / total;
}

/** The losses of validation batches (their sizes beside them) as the epoch's val_* figures. */
function validationRow(losses: ElboParts<number>[], sizes: number[]) {
  return {
    valLoss: mean(losses.map((l) => l.total), sizes),
    valRecon: mean(losses.map((l) => l.recon), sizes),
    valKl: mean(losses.map((l) => l.kl), sizes),
  };
}

/**
 * Validation on the native trainer: the same batches and ε values as {@link validate}, as plain
 * arrays (the scaled test images, kept for the training; ε drawn in C), with no tensor built.
 */
function validateNative(native: NativeTrainer, test: Float32Array, params: TrainParams, epoch: number) {
  const count = test.length / MNIST_PIXELS;
  const eps = new Float32Array(VALIDATION_BATCH * params.latentDim);
  const losses: ElboParts<number>[] = [];
  const sizes: number[] = [];
  for (let start = 0; start < count; start += VALIDATION_BATCH) {
    const size = Math.min(VALIDATION_BATCH, count - start);
    const seed = validationEpsilonSeed(params.seed, epoch, sizes.length);
    const rows = test.subarray(start * MNIST_PIXELS, (start + size) * MNIST_PIXELS);
    losses.push(native.lossOf(rows, normalDraws(seed, eps, size * params.latentDim), size));
    sizes.push(size);
  }
  return validationRow(losses, sizes);
}

/** Validation loss: one sampled z per test image (as Keras reports val_loss). */
async function validate(trainer: Trainer, test: tf.Tensor2D, params: TrainParams, epoch: number) {
  const batches: LossBatch[] = [];
  for (let start = 0; start < test.shape[0]; start += VALIDATION_BATCH) {
    const size = Math.min(VALIDATION_BATCH, test.shape[0] - start);
    batches.push({
      x: test.slice([start, 0], [size, MNIST_PIXELS]),
      eps: validationEpsilon(params.seed, epoch, batches.length, size, params.latentDim),
    });
  }
  const losses = await trainer.evaluate(batches);
  const sizes = batches.map((b) => b.x.shape[0]);
  tf.dispose(batches.flatMap((b) => [b.x, b.eps]));
  return validationRow(losses, sizes);
}

/**
 * Trains the VAE on `train`, validating on `test` after every epoch. Resumes from the
 * newest checkpoint in `hooks.checkpointDir` when one exists. Throws TrainingDiverged
 * (lib/stages/train/divergence.ts) at the first loss or weight that is not finite.
 */
export async function trainVae(
  params: TrainParams,
  train: MnistSplit,
  test: MnistSplit,
  hooks: TrainHooks,
): Promise<TrainResult> {
  const native = hooks.engine.blasPath !== undefined
    ? createNativeTrainer(params, hooks.workers, hooks.engine.blasPath)
    : undefined;
  const trainer: Trainer = native ?? createTrainer(params, { workers: hooks.workers });
  const saved: Checkpoint<CheckpointState> | undefined = await readLatestCheckpoint(
    hooks.checkpointDir,
    console.warn,
    (value, where) => parseOrThrow(checkpointStateSchema, value, where),
  );
  const history: EpochLosses[] = saved?.state.history ?? [];
  const timing: EpochTiming[] = saved?.state.timing ?? [];
  if (saved) {
    await trainer.restore(saved.arrays);
    hooks.log(`resuming after epoch ${saved.epoch} from ${hooks.checkpointDir}`);
  }
  const testValues = scalePixels(test.pixels);
  // The wasm trainer validates on a tensor; the native one on the values themselves.
  const xTest = native ? undefined : tf.tensor2d(testValues, [test.count, MNIST_PIXELS]);
  const stepsPerEpoch = Math.ceil(train.count / params.batchSize);
  const turnIfDue = turnsEvery();
  /** The native trainer's ε of one step, drawn into the same array every step. */
  const epsValues = new Float32Array(native ? params.batchSize * params.latentDim : 0);
  try {
    for (let epoch = (saved?.epoch ?? 0) + 1; epoch <= params.epochs; epoch++) {
      const started = performance.now();
      const order = epochPermutation(params.seed, epoch, train.count);
      const sums = { loss: 0, recon: 0, kl: 0 };
      const batchAt = (step: number): LossBatch => {
        const start = step * params.batchSize;
        const size = Math.min(params.batchSize, train.count - start);
        const rows = gatherScaledRows(train.pixels, MNIST_PIXELS, order.subarray(start, start + size));
        return {
          x: tf.tensor2d(rows, [size, MNIST_PIXELS]),
          eps: stepEpsilon(params.seed, epoch, step, size, params.latentDim),
        };
      };
      // The native trainer gathers each batch's images in C and is given ε drawn in C (tfjs'
      // values); the wasm trainer is given tensors, and the next batch goes along, so that its
      // worker can start on it early.
      let batch = native ? undefined : batchAt(0);
      const stepOn = async (step: number, start: number, size: number) => {
        if (native) {
          const eps = normalDraws(
            stepEpsilonSeed(params.seed, epoch, step),
            epsValues,
            size * params.latentDim,
          );
          return await native.stepImages(
            train.pixels,
            MNIST_PIXELS,
            order.subarray(start, start + size),
            eps,
          );
        }
        const next = step + 1 < stepsPerEpoch ? batchAt(step + 1) : undefined;
        const stepLoss = await trainer.step(batch!.x, batch!.eps, next);
        tf.dispose([batch!.x, batch!.eps]);
        batch = next;
        return stepLoss;
      };
      for (let step = 0; step < stepsPerEpoch; step++) {
        // Steps on this thread alone (one worker, or the native trainer) never wait for
        // anything: a turn of the event loop now and then lets a signal be handled.
        await turnIfDue();
        const start = step * params.batchSize;
        const size = Math.min(params.batchSize, train.count - start);
        const stepLoss = await stepOn(step, start, size);
        assertFiniteLoss(stepLoss, { epoch, step: step + 1, stepsPerEpoch, lr: params.lr });
        const { total: loss, recon, kl } = stepLoss;
        sums.loss += loss * size;
        sums.recon += recon * size;
        sums.kl += kl * size;
        hooks.progress.step(epoch, step + 1, sums.loss / (start + size));
      }
      const trained = performance.now();
      const seconds = (trained - started) / 1000;
      const row: EpochLosses = {
        epoch,
        trainLoss: sums.loss / train.count,
        trainRecon: sums.recon / train.count,
        trainKl: sums.kl / train.count,
        ...(native
          ? validateNative(native, testValues, params, epoch)
          : await validate(trainer, xTest!, params, epoch)),
      };
      const validationSeconds = (performance.now() - trained) / 1000;
      const after = { epoch, stepsPerEpoch, lr: params.lr };
      assertFiniteLoss(
        { total: row.valLoss, recon: row.valRecon, kl: row.valKl },
        after,
        "the validation loss",
      );
      // The state the checkpoint reads back anyway: the weights the last step left, and Adam's moments.
      const snapshot = await trainer.snapshot();
      assertFiniteArrays(snapshot, after);
      history.push(row);
      timing.push({ epoch, seconds, samplesPerSecond: train.count / seconds, validationSeconds });
      hooks.progress.epochDone(
        `epoch ${epoch}/${params.epochs}  loss ${row.trainLoss.toFixed(3)}  val_loss ${
          row.valLoss.toFixed(3)
        } ` +
          `(recon ${row.valRecon.toFixed(3)} + KL ${row.valKl.toFixed(3)})  ${seconds.toFixed(1)} s  ` +
          `${(train.count / seconds).toFixed(0)} samples/s  (+ ${validationSeconds.toFixed(1)} s validation)`,
      );
      await writeCheckpoint(hooks.checkpointDir, epoch, snapshot, { history, timing });
    }
    return { weights: trainer.weights(), history, timing, resumedAfterEpoch: saved?.epoch ?? 0 };
  } finally {
    xTest?.dispose();
    trainer.dispose();
  }
}
