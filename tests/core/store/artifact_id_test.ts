// artifactId() is stable under key order and changes with a param, input id, schema or source file, and sourceFingerprint() covers exactly the imported files that run (not type-only imports), worker modules, files named by URL (C sources) and deno.lock.
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactId } from "../../../lib/core/store/artifact_id.ts";
import { sourceFingerprint } from "../../../lib/core/store/source_fingerprint.ts";
import { tempDir } from "../../_files.ts";

const basis = {
  schema: "mnist@1",
  params: { limitTrain: 100, limitTest: 10 },
  inputs: [],
  source: { "a.ts": "00" },
};

Deno.test("artifactId() is the same for the same inputs, whatever the key order", () => {
  assert.equal(
    artifactId(basis),
    artifactId({ ...basis, params: { limitTest: 10, limitTrain: 100 } }),
  );
  assert.match(artifactId(basis), /^[0-9a-f]{16}$/);
});

Deno.test("artifactId() changes when a param, an input id, the schema or a source file changes", () => {
  const ids = new Set([
    artifactId(basis),
    artifactId({ ...basis, params: { limitTrain: 101, limitTest: 10 } }),
    artifactId({ ...basis, inputs: [{ kind: "mnist", id: "0000000000000001" }] }),
    artifactId({ ...basis, schema: "mnist@2" }),
    artifactId({ ...basis, source: { "a.ts": "01" } }),
  ]);
  assert.equal(ids.size, 5);
});

Deno.test("sourceFingerprint() covers the imported files and deno.lock, and only those", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, "lib"));
  await Deno.writeTextFile(join(root, "deno.lock"), "{}");
  await Deno.writeTextFile(join(root, "lib", "used.ts"), "export const x = 1;\n");
  await Deno.writeTextFile(join(root, "lib", "unrelated.ts"), "export const y = 2;\n");
  await Deno.writeTextFile(
    join(root, "entry.ts"),
    'import { x } from "./lib/used.ts";\nconsole.log(x);\n',
  );
  const entry = join(root, "entry.ts");
  const before = await sourceFingerprint(entry, root);
  assert.deepEqual(Object.keys(before), ["deno.lock", "entry.ts", "lib/used.ts"]);
  await Deno.writeTextFile(join(root, "lib", "unrelated.ts"), "export const y = 3;\n");
  assert.deepEqual(await sourceFingerprint(entry, root), before);
  await Deno.writeTextFile(join(root, "lib", "used.ts"), "export const x = 2;\n");
  assert.notEqual((await sourceFingerprint(entry, root))["lib/used.ts"], before["lib/used.ts"]);
});

Deno.test("sourceFingerprint() leaves out a module imported for its types alone, which cannot change what runs", async () => {
  const root = await tempDir();
  await Deno.writeTextFile(join(root, "deno.lock"), "{}");
  await Deno.writeTextFile(join(root, "shape.ts"), "export interface Shape { n: number }\n");
  await Deno.writeTextFile(join(root, "both.ts"), "export type Both = string;\nexport const both = 1;\n");
  await Deno.writeTextFile(
    join(root, "entry.ts"),
    'import type { Shape } from "./shape.ts";\nimport { type Both, both } from "./both.ts";\n' +
      "const s: Shape = { n: both };\nconst b: Both = String(s.n);\nconsole.log(b);\n",
  );
  const fingerprint = await sourceFingerprint(join(root, "entry.ts"), root);
  assert.deepEqual(Object.keys(fingerprint), ["both.ts", "deno.lock", "entry.ts"]);
});

Deno.test("sourceFingerprint() follows the Web Worker modules a file starts, and what they import", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, "lib"));
  await Deno.writeTextFile(join(root, "lib", "helper.ts"), "export const h = 1;\n");
  await Deno.writeTextFile(
    join(root, "lib", "worker.ts"),
    'import { h } from "./helper.ts";\nconsole.log(h);\n',
  );
  await Deno.writeTextFile(
    join(root, "lib", "start.ts"),
    'export const url = new URL("./worker.ts", import.meta.url);\n' +
      '// an example in a comment: new URL("./missing.ts", import.meta.url)\n',
  );
  await Deno.writeTextFile(
    join(root, "entry.ts"),
    'import { url } from "./lib/start.ts";\nconsole.log(url);\n',
  );
  const fingerprint = await sourceFingerprint(join(root, "entry.ts"), root);
  assert.deepEqual(Object.keys(fingerprint), ["entry.ts", "lib/helper.ts", "lib/start.ts", "lib/worker.ts"]);
});

Deno.test("sourceFingerprint() hashes the other files a module names by URL, such as a C source", async () => {
  const root = await tempDir();
  await Deno.writeTextFile(join(root, "kernels.c"), "void f(void) {}\n");
  await Deno.writeTextFile(
    join(root, "entry.ts"),
    'export const source = new URL("./kernels.c", import.meta.url);\n' +
      'export const gone = new URL("./missing.c", import.meta.url);\n',
  );
  const before = await sourceFingerprint(join(root, "entry.ts"), root);
  assert.deepEqual(Object.keys(before), ["entry.ts", "kernels.c"]);
  await Deno.writeTextFile(join(root, "kernels.c"), "void f(void) { return; }\n");
  assert.notEqual((await sourceFingerprint(join(root, "entry.ts"), root))["kernels.c"], before["kernels.c"]);
});

Deno.test("the train and evaluate stages' fingerprints include their worker modules and the native kernels' C source", async () => {
  const train = await sourceFingerprint(new URL("../../../pipeline/train.ts", import.meta.url));
  const evaluate = await sourceFingerprint(new URL("../../../pipeline/evaluate.ts", import.meta.url));
  assert.ok("lib/stages/train/trainer_worker.ts" in train);
  assert.ok("lib/stages/evaluate/parallel_passes_worker.ts" in evaluate);
  assert.ok("lib/core/native/kernels.c" in train && "lib/core/native/kernels.c" in evaluate);
  assert.ok("lib/core/native/normal.c" in train && "lib/core/native/normal.c" in evaluate);
});

Deno.test("fetch-mnist's fingerprint holds no native engine file: editing the C kernels keeps the mnist id", async () => {
  const fetch = await sourceFingerprint(
    new URL("../../../lib/stages/fetch_mnist/fetch_mnist_stage.ts", import.meta.url),
  );
  assert.ok("lib/stages/fetch_mnist/fetch_mnist_artifact.ts" in fetch);
  assert.deepEqual(Object.keys(fetch).filter((path) => path.startsWith("lib/core/native/")), []);
});
