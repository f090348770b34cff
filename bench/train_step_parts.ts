/**
 * Where a training step's time goes, at the Keras example's sizes (784-512-32, batch 128) on
 * random data, each engine side by side. Native (lib/stages/train/native_step.ts, lib/core/native/train_step.c):
 * OpenBLAS' rate on a large product (one thread and two), the step's 11 products alone on one
 * thread, then with the step on one thread and on two: the forward pass with its loss, loss and
 * gradients, Adam, the C step, the whole trainer step, and the fraction of the sgemm rate that
 * the whole step reaches (and, for comparison, the C step on one thread with OpenBLAS on two), and
 * the ceiling of any step made of these calls: its two parts' products alone on two threads at once;
 * then a step of the epoch loop with all it does per batch (rows gathered in C, ε drawn,
 * event-loop turns) beside the same with the rows gathered in JS into a tensor. wasm: loss and
 * gradients (batch 128 and the half batch of 64 its trainer computes), Adam, the whole step on
 * one thread and two.
 *
 * Each figure is the fastest of several rounds of `--steps` repetitions (on a shared machine
 * the fastest round is the one least disturbed); the median round is printed beside it.
 *
 *   deno run -A bench/train_step_parts.ts [--steps 40] [--rounds 5] [--engines native,wasm]
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../lib/core/runtime/backend.ts";
import { engineNamed } from "../lib/core/engine/engine.ts";
import { type OpenBlas, openBlas } from "../lib/core/native/openblas.ts";
import { applyToState } from "../lib/stages/train/state_update.ts";
import { initialState } from "../lib/stages/train/train_state.ts";
import { createTrainer } from "../lib/stages/train/trainer.ts";
import { lossAndGradients } from "../lib/stages/train/vae_gradients.ts";
import { NativeStep } from "../lib/stages/train/native_step.ts";
import { createNativeTrainer } from "../lib/stages/train/native_trainer.ts";
import { benchFlags, stringValue } from "./_command_line.ts";
import { gatherScaledRows } from "../lib/stages/train/batch_rows.ts";
import { epochPermutation, stepEpsilon, stepEpsilonSeed } from "../lib/core/model/rng_streams.ts";
import { normalDraws } from "../lib/core/native/normal_draws.ts";
import { turnsEvery } from "../lib/core/runtime/event_loop_turn.ts";

const values = benchFlags({
  steps: { type: "string", default: "40" },
  rounds: { type: "string", default: "5" },
  engines: { type: "string", default: "native,wasm" },
}, "train-step-parts");
const STEPS = Number(stringValue(values, "steps"));
const ROUNDS = Number(stringValue(values, "rounds"));
const [B, D, H, L] = [128, 784, 512, 32];

/**
 * Milliseconds per call of each of `fs`, their rounds taken in turn (so that a load that comes and
 * goes on a shared machine touches each alike): the fastest and the median of ROUNDS rounds each.
 */
async function msPerAlternating(fs: (() => unknown)[], iterations = STEPS) {
  for (const f of fs) for (let i = 0; i < 3; i++) await f();
  const rounds: number[][] = fs.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, f] of fs.entries()) {
      const started = performance.now();
      for (let i = 0; i < iterations; i++) await f();
      rounds[k]!.push((performance.now() - started) / iterations);
    }
  }
  return rounds.map((all) => {
    all.sort((a, b) => a - b);
    return { min: all[0]!, median: all[Math.floor(all.length / 2)]! };
  });
}

/** Milliseconds per call of `f`: the fastest and the median of ROUNDS rounds of `iterations` calls. */
async function msPer(f: () => unknown, iterations = STEPS): Promise<{ min: number; median: number }> {
  for (let i = 0; i < 3; i++) await f();
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await f();
    rounds.push((performance.now() - started) / iterations);
  }
  rounds.sort((a, b) => a - b);
  return { min: rounds[0]!, median: rounds[Math.floor(rounds.length / 2)]! };
}

const fmt = (t: { min: number; median: number }) => `${t.min.toFixed(2)} ms (median ${t.median.toFixed(2)})`;

/** The step's matrix products: [transA, transB, m, n, k] of each sgemm call of native_step.ts. */
const PRODUCTS: [boolean, boolean, number, number, number][] = [
  [false, true, B, H, D],
  [false, false, B, 2 * L, H],
  [false, false, B, H, L],
  [false, false, B, D, H],
  [true, false, H, D, B],
  [false, true, B, H, D],
  [true, false, L, H, B],
  [false, true, B, L, H],
  [true, false, H, 2 * L, B],
  [false, true, B, H, 2 * L],
  [true, false, H, D, B],
];
/** Floating-point operations of one step's products (2·m·n·k each). */
const STEP_FLOP = PRODUCTS.reduce((s, [, , m, n, k]) => s + 2 * m * n * k, 0);

function sgemmAlone(blas: OpenBlas): () => void {
  const arrays = PRODUCTS.map(([, , m, n, k]) => [
    new Float32Array(m * k).fill(0.5),
    new Float32Array(k * n).fill(0.25),
    new Float32Array(m * n),
  ]);
  return () =>
    PRODUCTS.forEach(([ta, tb, m, n, k], i) =>
      blas.sgemm(ta, tb, m, n, k, arrays[i]![0]!, arrays[i]![1]!, arrays[i]![2]!)
    );
}

/**
 * Milliseconds per step of the step's products alone, each of the two parts on its own thread
 * (bench/split_products_worker.ts) at once, with no other work and no meeting: the wall time until
 * both finish STEPS steps, fastest and median of ROUNDS rounds.
 */
async function splitProductsOnTwoThreads(blasPath: string): Promise<{ min: number; median: number }> {
  const workers = [0, 1].map(() =>
    new Worker(new URL("./split_products_worker.ts", import.meta.url), { type: "module" })
  );
  const next = (w: Worker) =>
    new Promise<unknown>((resolve) => w.addEventListener("message", (e) => resolve(e.data), { once: true }));
  try {
    await Promise.all(workers.map((w) => {
      const ready = next(w);
      w.postMessage({ blasPath, steps: STEPS });
      return ready;
    }));
    const rounds: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      await Promise.all(workers.map((w) => {
        const done = next(w);
        w.postMessage("go");
        return done;
      }));
      rounds.push((performance.now() - started) / STEPS);
    }
    rounds.sort((a, b) => a - b);
    return { min: rounds[0]!, median: rounds[Math.floor(rounds.length / 2)]! };
  } finally {
    workers.forEach((w) => w.terminate());
  }
}

await useBackend("wasm");
const x = tf.randomUniform([B, D], 0, 1, "float32", 1) as tf.Tensor2D;
const eps = tf.randomNormal([B, L], 0, 1, "float32", 2) as tf.Tensor2D;
const engines = stringValue(values, "engines").split(",");
console.log(`step products: ${(STEP_FLOP / 1e6).toFixed(0)} MFLOP per step of ${B}`);

if (engines.includes("native")) {
  const config = { hiddenDim: H, latentDim: L, lr: 1e-3, seed: 1, engine: "native" as const };
  const engine = engineNamed("native");
  await engine.activate();
  const blas = openBlas(engine.blasPath!);
  // OpenBLAS' rate on a large product, on one thread and two: what "the sgemm rate" means below.
  const big = 1024;
  const [a, b, c] = [1, 2, 3].map(() => new Float32Array(big * big).fill(0.5));
  const peak: Record<number, number> = {};
  for (const threads of [1, 2]) {
    blas.setThreads(threads);
    const t = await msPer(() => blas.sgemm(false, false, big, big, big, a!, b!, c!), 4);
    peak[threads] = (2 * big ** 3) / t.min / 1e6;
    console.log(
      `native: sgemm 1024³ on ${threads} OpenBLAS thread(s): ${fmt(t)} = ${peak[threads]!.toFixed(0)} GFLOPS`,
    );
  }
  blas.setThreads(1);
  const gemm = await msPer(sgemmAlone(blas));
  console.log(
    `native: the step's 11 products alone, one thread: ${fmt(gemm)} = ${
      (STEP_FLOP / gemm.min / 1e6).toFixed(0)
    } GFLOPS`,
  );
  const split = await splitProductsOnTwoThreads(engine.blasPath!);
  console.log(
    `native: the step's products alone as the C step splits them, two threads at once, no other work: ` +
      `${fmt(split)} = ${(B * 1000 / split.min).toFixed(0)} samples/s (median ${
        (B * 1000 / split.median).toFixed(0)
      }): no step made of these sgemm calls goes faster here`,
  );
  const [xs, es] = [x.dataSync() as Float32Array, eps.dataSync() as Float32Array];
  for (const threads of [1, 2] as const) {
    const step = new NativeStep({ inputDim: D, hiddenDim: H, latentDim: L }, threads, engine.blasPath!);
    step.weights.all.fill(0.01);
    const forward = await msPer(() => step.loss(xs, es, B));
    const gradients = await msPer(() => step.lossAndGradients(xs, es, B));
    const adam = await msPer(() => step.adam(1e-3));
    const train = await msPer(() => step.train(xs, es, B, 1e-3));
    if (threads === 1) {
      // The other way to use two cores: one thread running both parts, each product on two
      // OpenBLAS threads (not what the trainer does: its bytes could depend on OpenBLAS' split).
      blas.setThreads(2);
      const pooled = await msPer(() => step.train(xs, es, B, 1e-3));
      blas.setThreads(1);
      console.log(`native, step on 1 thread, OpenBLAS on 2 threads: the C step ${fmt(pooled)}`);
    }
    step.dispose();
    const trainer = createNativeTrainer(config, threads, engine.blasPath!);
    const whole = await msPer(() => trainer.step(x, eps));
    trainer.dispose();
    const rate = STEP_FLOP / whole.min / 1e6;
    const t = `native, step on ${threads} thread(s)`;
    console.log(`${t}: forward + loss ${fmt(forward)}; + gradients ${fmt(gradients)}; Adam ${fmt(adam)}`);
    console.log(`${t}: the C step (loss, gradients, Adam in one call) ${fmt(train)}`);
    console.log(
      `${t}: whole trainer step ${fmt(whole)} = ${(B * 1000 / whole.min).toFixed(0)} samples/s, ` +
        `${rate.toFixed(0)} GFLOPS = ${
          (100 * rate / peak[threads]!).toFixed(0)
        }% of the sgemm rate on ${threads} ` +
        `thread(s) (${peak[threads]!.toFixed(0)} GFLOPS)`,
    );
  }
  // A step of the epoch loop (lib/stages/train/train_loop.ts) with all it does per batch: the shuffled
  // images' rows, ε from its seeded stream, the step, and a turn of the event loop when due.
  // Rows gathered in C (today's loop) beside rows gathered in JS into a tensor (the loop before).
  const images = 60000;
  const pixels = Uint8Array.from({ length: images * D }, (_, i) => (i * 2654435761) >>> 24);
  const order = epochPermutation(1, 1, images);
  const turnIfDue = turnsEvery();
  const trainer = createNativeTrainer(config, 2, engine.blasPath!);
  let step = 0;
  const epsValues = new Float32Array(B * L);
  const indicesOf = (k: number) => order.subarray((k % 400) * B, (k % 400) * B + B);
  const inC = async () => {
    await turnIfDue();
    const e = normalDraws(stepEpsilonSeed(1, 1, step), epsValues);
    await trainer.stepImages(pixels, D, indicesOf(step++), e);
  };
  const inJs = async () => {
    await turnIfDue();
    const xs = tf.tensor2d(gatherScaledRows(pixels, D, indicesOf(step)), [B, D]);
    const e = stepEpsilon(1, 1, step++, B, L);
    await trainer.step(xs, e);
    tf.dispose([xs, e]);
  };
  const [gatheredInC, gatheredInJs] = await msPerAlternating([inC, inJs]);
  trainer.dispose();
  for (
    const [how, t] of [["rows gathered in C", gatheredInC!], [
      "rows gathered in JS into a tensor",
      gatheredInJs!,
    ]] as const
  ) {
    const rate = STEP_FLOP / t.min / 1e6;
    console.log(
      `native, epoch loop step on 2 threads, ${how}: ${fmt(t)} = ${
        (B * 1000 / t.min).toFixed(0)
      } samples/s, ` +
        `${(100 * rate / peak[2]!).toFixed(0)}% of the sgemm rate on 2 threads`,
    );
  }
}

if (engines.includes("wasm")) {
  await engineNamed("wasm").activate();
  const config = { hiddenDim: H, latentDim: L, lr: 1e-3, seed: 1, engine: "wasm" as const };
  const state = initialState(config);
  for (const rows of [128, 64]) {
    const xs = x.slice([0, 0], [rows, -1]) as tf.Tensor2D;
    const es = eps.slice([0, 0], [rows, -1]) as tf.Tensor2D;
    const ms = await msPer(
      () => tf.tidy(() => void lossAndGradients(state.weights, xs, es).loss.total.dataSync()),
      10,
    );
    console.log(`wasm: loss and gradients, batch ${rows}: ${fmt(ms)}`);
  }
  const grads = lossAndGradients(state.weights, x, eps).grads;
  console.log(
    `wasm: Adam update, all weights: ${fmt(await msPer(() => applyToState(state, grads, 1e-3), 10))}`,
  );
  tf.dispose(Object.values(grads));
  for (const workers of [1, 2] as const) {
    const trainer = createTrainer(config, { workers });
    // Each step announces the next batch (the same one here), as the training loop does.
    const step = await msPer(() => trainer.step(x, eps, { x, eps }), 10);
    await trainer.step(x, eps);
    console.log(
      `wasm: whole step, ${workers} thread(s): ${fmt(step)} = ${(B * 1000 / step.min).toFixed(0)} samples/s`,
    );
    trainer.dispose();
  }
}
