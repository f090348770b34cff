/**
 * A worker of bench/train_step_parts.ts: one part of the native training step's products
 * (lib/core/native/train_step.c splits each phase into two such parts), run back to back with no
 * other work and no meeting, on one OpenBLAS thread. Told {blasPath, steps}, it answers with the
 * milliseconds it took for `steps` steps.
 */
import { openBlas } from "../lib/core/native/openblas.ts";

const [B, D, H, L] = [128, 784, 512, 32];
const [rows, units] = [B / 2, H / 2];
/** One part's products: [transA, transB, m, n, k], in train_step.c's order. */
export const PART_PRODUCTS: [boolean, boolean, number, number, number][] = [
  // forward: the part's rows
  [false, true, rows, H, D],
  [false, false, rows, 2 * L, H],
  [false, false, rows, H, L],
  [false, false, rows, D, H],
  // backward: the output kernel's gradient for the part's hidden units, then the part's rows
  [true, false, units, D, B],
  [false, true, rows, H, D],
  [false, true, rows, L, H],
  [false, true, rows, H, 2 * L],
  // the other kernels' gradients for the part's hidden units
  [true, false, L, units, B],
  [true, false, units, 2 * L, B],
  [true, false, units, D, B],
];

/** This worker's end of its channel (a dedicated worker's global scope). */
const port = self as unknown as Worker;

port.onmessage = (event: MessageEvent<{ blasPath: string; steps: number }>) => {
  const { blasPath, steps } = event.data;
  const blas = openBlas(blasPath);
  blas.setThreads(1);
  const arrays = PART_PRODUCTS.map(([, , m, n, k]) => [
    new Float32Array(m * k).fill(0.5),
    new Float32Array(k * n).fill(0.25),
    new Float32Array(m * n),
  ]);
  const step = () =>
    PART_PRODUCTS.forEach(([ta, tb, m, n, k], i) =>
      blas.sgemm(ta, tb, m, n, k, arrays[i]![0]!, arrays[i]![1]!, arrays[i]![2]!)
    );
  for (let i = 0; i < 3; i++) step();
  port.postMessage("ready");
  port.onmessage = () => {
    const started = performance.now();
    for (let i = 0; i < steps; i++) step();
    port.postMessage(performance.now() - started);
  };
};
