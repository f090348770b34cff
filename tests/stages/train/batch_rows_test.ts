// gatherScaledRows() copies the chosen rows in order, scaled as scalePixels() scales, and the pixel lookup table holds exactly float32(v / 255) for every byte.
import assert from "node:assert/strict";
import { gatherScaledRows } from "../../../lib/stages/train/batch_rows.ts";
import { SCALED_PIXEL, scalePixels } from "../../../lib/stages/fetch_mnist/fetch_mnist_artifact.ts";

Deno.test("gatherScaledRows() copies the chosen rows in the chosen order, scaled as scalePixels() scales", () => {
  const pixels = Uint8Array.from({ length: 12 }, (_, i) => i * 23); // 4 rows of 3
  const scaled = scalePixels(pixels);
  const rows = [3, 0, 3];
  const expected = rows.flatMap((r) => [...scaled.subarray(r * 3, r * 3 + 3)]);
  assert.deepEqual([...gatherScaledRows(pixels, 3, rows)], expected);
  assert.deepEqual([...gatherScaledRows(pixels, 3, [])], []);
  assert.equal(gatherScaledRows(pixels, 3, [0])[1], Math.fround(23 / 255));
  assert.equal(scalePixels(new Uint8Array([255]))[0], 1);
});

Deno.test("the pixel lookup table holds exactly the float32 of v / 255 for every byte", () => {
  for (let v = 0; v < 256; v++) assert.equal(SCALED_PIXEL[v], Math.fround(v / 255));
});
