// An engine is a value handed to whoever computes: no module keeps a current engine, and lib/core/model/ depends on no engine.
import assert from "node:assert/strict";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { useBackend } from "../../../lib/core/runtime/backend.ts";
import { engineNamed } from "../../../lib/core/engine/engine.ts";
import { engineOfParams } from "../../../lib/core/cli/stage.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";

await useBackend("wasm");

/** The relative imports of every .ts file under `dir` of the project, as [file, imported path]. */
async function importsUnder(dir: string): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, dir))) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    const text = await Deno.readTextFile(join(PROJECT_ROOT, dir, entry.name));
    for (const m of text.matchAll(/^(?:import|export)\b[^;]*?from\s+"([^"]+)"/gms)) {
      found.push([entry.name, m[1]!]);
    }
  }
  return found;
}

Deno.test("lib/core/model/ imports nothing from lib/core/native/ or lib/core/engine/", async () => {
  const imports = await importsUnder("lib/core/model");
  assert.ok(imports.length > 5);
  assert.deepEqual(imports.filter(([, path]) => /\/(native|engine)\//.test(path)), []);
});

Deno.test("no module of lib/ keeps or reads a current engine", async () => {
  for (
    const dir of [
      "lib/core/engine",
      "lib/core/model",
      "lib/stages/train",
      "lib/stages/evaluate",
      "lib/stages/export",
      "lib/core/cli",
    ]
  ) {
    for await (const entry of Deno.readDir(join(PROJECT_ROOT, dir))) {
      if (!entry.name.endsWith(".ts")) continue;
      const text = await Deno.readTextFile(join(PROJECT_ROOT, dir, entry.name));
      assert.doesNotMatch(text, /\b(currentEngine|useEngine)\b/, `${dir}/${entry.name}`);
    }
  }
  const engine = await Deno.readTextFile(join(PROJECT_ROOT, "lib/core/engine/engine.ts"));
  assert.doesNotMatch(engine, /^(let|var) /m, "lib/core/engine/engine.ts has module-level state");
});

Deno.test("what an engine computes depends on the engine value, not on which was activated last", async () => {
  const x = tf.randomUniform([9, 784], 0, 1, "float32", 1) as tf.Tensor2D;
  const p = tf.randomUniform([9, 784], 0, 1, "float32", 2);
  const [wasm, native] = [engineNamed("wasm"), engineNamed("native")];
  await native.activate();
  const nativeFirst = native.clippedBce(x, p).dataSync();
  await wasm.activate();
  assert.deepEqual(native.clippedBce(x, p).dataSync(), nativeFirst);
  const wasmBce = wasm.clippedBce(x, p).dataSync();
  assert.notDeepEqual(wasmBce, nativeFirst, "the C kernel and tfjs' ops round differently somewhere");
  await native.activate();
  assert.deepEqual(wasm.clippedBce(x, p).dataSync(), wasmBce);
  await wasm.activate();
});

Deno.test("a stage is given the engine its params name, wasm when they name none", () => {
  assert.equal(engineOfParams({ engine: "native", seed: 1 }).name, "native");
  assert.equal(engineOfParams({ engine: "wasm" }).name, "wasm");
  assert.equal(engineOfParams({}).name, "wasm");
});
