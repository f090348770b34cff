/** Two weight files (TensorFlow.js format) compared tensor by tensor: max |Δ| and relative L2. */
import { readWeights } from "../../core/model/weights_file.ts";
import type { FileDiff } from "./file_diff.ts";

/**
 * Compares the weights `<dirA>/<base>` with `<dirB>/<base>`, per tensor both have; tensors of
 * different shapes are reported by their shapes only.
 */
export async function compareWeights(dirA: string, dirB: string, base: string): Promise<FileDiff["tensors"]> {
  const [wa, wb] = [await readWeights(dirA, base), await readWeights(dirB, base)];
  const byName = new Map(wb.map((w) => [w.name, w]));
  return wa.filter((w) => byName.has(w.name)).map((w) => {
    const otherArray = byName.get(w.name)!;
    // Tensors of different shapes are not comparable element by element.
    if (w.shape.join("x") !== otherArray.shape.join("x")) {
      return { name: w.name, maxAbsDiff: NaN, relativeL2: NaN, shapes: { a: w.shape, b: otherArray.shape } };
    }
    const other = otherArray.values;
    let max = 0;
    let diff2 = 0;
    let norm2 = 0;
    for (let i = 0; i < w.values.length; i++) {
      const d = w.values[i]! - (other[i] ?? NaN);
      max = Math.max(max, Math.abs(d));
      diff2 += d * d;
      norm2 += w.values[i]! ** 2;
    }
    return { name: w.name, maxAbsDiff: max, relativeL2: Math.sqrt(diff2 / (norm2 || 1)) };
  });
}
