// grey() and inferno() map a value in [0, 1] to the RGB bytes worked out by hand: grey's 0→black and 1→white, inferno's nine anchors and the midpoints between them, and out-of-range or NaN values clamped.
import assert from "node:assert/strict";
import { grey, inferno } from "../../../lib/core/render/colormap.ts";

Deno.test("grey() is black at 0, white at 1 and round(v · 255) on all three channels between", () => {
  assert.deepEqual(grey(0), [0, 0, 0]);
  assert.deepEqual(grey(1), [255, 255, 255]);
  assert.deepEqual(grey(0.5), [128, 128, 128]); // 127.5 rounds up
  assert.deepEqual(grey(0.2), [51, 51, 51]); // 0.2 · 255 = 51
  assert.deepEqual(grey(0.6), [153, 153, 153]); // 0.6 · 255 = 153 (152.99999… in float64)
});

Deno.test("grey() clamps values outside [0, 1] and takes NaN as 0", () => {
  assert.deepEqual(grey(-0.5), [0, 0, 0]);
  assert.deepEqual(grey(3), [255, 255, 255]);
  assert.deepEqual(grey(Number.NaN), [0, 0, 0]);
});

Deno.test("inferno() gives each of its 9 anchors exactly at v = k/8, matplotlib's ends included", () => {
  // matplotlib's _inferno_data opens with (0.001462, 0.000466, 0.013866) and ends with
  // (0.988362, 0.998364, 0.644924): × 255, rounded, [0, 0, 4] and [252, 255, 164]. The 7 inner
  // anchors are the module's samples of the same map at k/8; each is checked so that a mistyped or
  // channel-swapped one fails.
  const anchors: [number, number[]][] = [
    [0, [0, 0, 4]],
    [1 / 8, [31, 12, 72]],
    [2 / 8, [85, 15, 109]],
    [3 / 8, [136, 34, 106]],
    [4 / 8, [186, 54, 85]],
    [5 / 8, [227, 89, 51]],
    [6 / 8, [249, 140, 10]],
    [7 / 8, [249, 201, 50]],
    [1, [252, 255, 164]],
  ];
  for (const [v, rgb] of anchors) assert.deepEqual(inferno(v), rgb, `inferno(${v})`);
});

Deno.test("inferno() interpolates each channel linearly between neighbouring anchors", () => {
  // v = 1/16 → x = 0.5, halfway from [0, 0, 4] to [31, 12, 72]: [15.5, 6, 38], 15.5 rounds up.
  assert.deepEqual(inferno(1 / 16), [16, 6, 38]);
  // v = 15/16 → x = 7.5, halfway from [249, 201, 50] to [252, 255, 164]: [250.5, 228, 107].
  assert.deepEqual(inferno(15 / 16), [251, 228, 107]);
  // v = 0.1 → x = 0.8 from [0, 0, 4] to [31, 12, 72]: [24.8, 9.6, 58.4] → [25, 10, 58].
  assert.deepEqual(inferno(0.1), [25, 10, 58]);
});

Deno.test("inferno() clamps values outside [0, 1] to its ends and takes NaN as 0", () => {
  assert.deepEqual(inferno(-1), [0, 0, 4]);
  assert.deepEqual(inferno(7), [252, 255, 164]);
  assert.deepEqual(inferno(Number.NaN), [0, 0, 4]);
});
