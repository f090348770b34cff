// columnVariances() and activeUnits(): the variance of each latent dimension over the images, and a count of exactly the dimensions whose variance exceeds the threshold (0.01 by default).
import assert from "node:assert/strict";
import { activeUnits, columnVariances } from "../../../lib/core/stats/latent_activity.ts";

Deno.test("activeUnits counts exactly the k dimensions built to vary more than 0.01 over the images", () => {
  const dims = 6;
  const rows = 500;
  // Dimensions 0, 2 and 5 vary (variance 0.25, 0.04, 1); 1 and 3 barely (0.0001, 0.009); 4 not at all.
  const spread = [0.5, 0.01, 0.2, Math.sqrt(0.009), 0, 1];
  const values = new Float32Array(rows * dims);
  for (let r = 0; r < rows; r++) {
    const sign = r % 2 === 0 ? 1 : -1;
    for (let d = 0; d < dims; d++) values[r * dims + d] = 0.3 + sign * spread[d]!;
  }
  const variances = columnVariances(values, dims);
  spread.forEach((s, d) => assert.ok(Math.abs(variances[d]! - s * s) < 1e-6, `dim ${d}: ${variances[d]}`));
  assert.equal(activeUnits(variances), 3);
  assert.equal(activeUnits(variances, 0.005), 4);
});
