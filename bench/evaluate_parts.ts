/**
 * Where the native evaluation's time goes, for one chunk of test images on this thread: loading
 * the engine, the exported models and the test images, the chunk's encoding and mean decode,
 * then each part of the pass loop (lib/stages/evaluate/native_passes.ts) summed over its passes, beside
 * the output product alone at OpenBLAS' rate, and the metrics' sort of a whole run's pixels.
 * The full run (`deno task evaluate --engine native`) does this for 10 chunks on two threads.
 *
 *   deno run -A bench/evaluate_parts.ts --artifacts ROOT [--passes 100] [--images 1000]
 *
 * ROOT holds an export artifact (e.g. from `deno task all --engine native --epochs 1 --artifacts ROOT`).
 */
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../lib/core/runtime/backend.ts";
import { engineNamed } from "../lib/core/engine/engine.ts";
import { openInput, openRecordedInput } from "../lib/core/store/reference.ts";
import { EXPORT_SCHEMA, loadExportedModels } from "../lib/stages/export/export_artifact.ts";
import { loadMnistSplit, MNIST_SCHEMA, scalePixels } from "../lib/stages/fetch_mnist/fetch_mnist_artifact.ts";
import { MNIST_PIXELS } from "../lib/stages/fetch_mnist/mnist_files.ts";
import { nativePasses } from "../lib/stages/evaluate/native_passes.ts";
import { newChunkBuffers } from "../lib/stages/evaluate/chunk_buffers.ts";
import { PASS_PARTS, PassTimer } from "../lib/stages/evaluate/pass_timer.ts";
import { summarize } from "../lib/stages/evaluate/quantiles.ts";
import { openBlas } from "../lib/core/native/openblas.ts";
import { benchFlags, stringValue } from "./_command_line.ts";

const values = benchFlags({
  artifacts: { type: "string", default: "artifacts" },
  passes: { type: "string", default: "100" },
  images: { type: "string", default: "1000" },
}, "evaluate-parts");
const ROOT = stringValue(values, "artifacts");
const PASSES = Number(stringValue(values, "passes"));
const ROWS = Number(stringValue(values, "images"));

let last = performance.now();
/** Milliseconds since the last call (or the start). */
const since = () => {
  const now = performance.now();
  const ms = now - last;
  last = now;
  return ms;
};
const line = (what: string, ms: number, note = "") =>
  console.log(`${what.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms${note ? `  ${note}` : ""}`);

line("process start to this line", performance.now());
since();
await useBackend("wasm");
const engine = engineNamed("native");
await engine.activate();
line("wasm backend, native engine", since());
const exported = await openInput(ROOT, EXPORT_SCHEMA, undefined);
const mnist = await openRecordedInput(ROOT, exported, MNIST_SCHEMA);
const models = await loadExportedModels(exported);
line("exported models", since());
const test = await loadMnistSplit(mnist, "test");
const x = tf.tensor2d(scalePixels(test.pixels.subarray(0, ROWS * MNIST_PIXELS)), [ROWS, MNIST_PIXELS]);
line("test images", since());

const [zMean, zLogVar] = models.encoder.predict(x, { batchSize: ROWS }) as tf.Tensor2D[];
const meanDecode = models.decoder.predict(zMean!, { batchSize: ROWS }) as tf.Tensor2D;
line(`encode + mean decode (${ROWS} images)`, since());
const inputs = { models, x, zMean: zMean!, zLogVar: zLogVar!, meanDecode, passes: PASSES, seed: 1, chunk: 0 };
// A first run makes the scratch arrays and compiles the loop; the second is timed.
await nativePasses({ ...inputs, passes: 3, buffers: newChunkBuffers(ROWS * MNIST_PIXELS) }, engine.blasPath!);
const timer = new PassTimer();
const buffers = newChunkBuffers(ROWS * MNIST_PIXELS);
since();
await nativePasses({ ...inputs, buffers, timer }, engine.blasPath!);
const loop = since();
line(`pass loop, ${PASSES} passes`, loop, `${(loop / PASSES).toFixed(2)} ms a pass`);
const [hidden, latent] = [512, zMean!.shape[1]];
const flops = { hiddenSgemm: 2 * ROWS * latent * hidden, outputSgemm: 2 * ROWS * hidden * MNIST_PIXELS };
for (const part of PASS_PARTS) {
  const ms = timer.ms[part];
  const rate = part in flops
    ? `, ${(flops[part as keyof typeof flops] * PASSES / ms / 1e6).toFixed(1)} GFLOPS`
    : "";
  line(`  ${part}`, ms, `${(100 * ms / loop).toFixed(1)} %${rate}`);
}
line("  unaccounted", loop - Object.values(timer.ms).reduce((s, v) => s + v, 0));

// The output product alone, on the same arrays' shapes, for the rate the loop could reach.
const blas = openBlas(engine.blasPath!);
const h = new Float32Array(ROWS * hidden).map((_, i) => (i % 7) / 7);
const w = new Float32Array(hidden * MNIST_PIXELS).map((_, i) => ((i % 11) - 5) / 50);
const out = new Float32Array(ROWS * MNIST_PIXELS);
blas.sgemm(false, false, ROWS, MNIST_PIXELS, hidden, h, w, out);
since();
const repeats = 20;
for (let i = 0; i < repeats; i++) blas.sgemm(false, false, ROWS, MNIST_PIXELS, hidden, h, w, out);
const product = since() / repeats;
line(
  "output sgemm alone, one call",
  product,
  `${(flops.outputSgemm / product / 1e6).toFixed(1)} GFLOPS; the loop reaches ${
    (100 * product * PASSES / loop).toFixed(0)
  } % of it`,
);

const pixels = new Float32Array(10000 * MNIST_PIXELS).map((_, i) => ((i * 2654435761) % 1000) / 1e5);
since();
summarize(pixels);
line("summarize() of 10,000 × 784 values", since(), "metrics() does it twice");
tf.dispose([x, zMean!, zLogVar!, meanDecode]);
