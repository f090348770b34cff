// epochPermutation() is a repeatable shuffled permutation that differs per epoch, and stepEpsilon() depends only on seed, epoch and step.
import assert from "node:assert/strict";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { epochPermutation, stepEpsilon, streamSeed } from "../../../lib/core/model/rng_streams.ts";

await useBackend("wasm");

Deno.test("epochPermutation() is a shuffled permutation, different per epoch and repeatable", () => {
  const first = epochPermutation(1, 1, 1000);
  assert.deepEqual([...first].sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  const inPlace = first.filter((v, i) => v === i).length;
  assert.ok(inPlace < 20, `${inPlace} of 1000 indices stayed in place`);
  assert.notDeepEqual(epochPermutation(1, 2, 1000), first);
  assert.deepEqual(epochPermutation(1, 1, 1000), first);
  assert.notDeepEqual(epochPermutation(2, 1, 1000), first);
});

Deno.test("stepEpsilon() depends only on seed, epoch and step", () => {
  const a = stepEpsilon(1, 3, 7, 4, 2).dataSync();
  assert.deepEqual(stepEpsilon(1, 3, 7, 4, 2).dataSync(), a);
  assert.notDeepEqual(stepEpsilon(1, 3, 8, 4, 2).dataSync(), a);
  assert.notEqual(streamSeed(1, "eps", 3, 7), streamSeed(1, "eps", 37));
});
