/**
 * The outputs of `deno task all --profile smoke --seed 3` are pinned byte for byte: a
 * refactoring must leave every one of these files as it was. A change that alters an output
 * on purpose updates smoke_seed3_sha256.json in the same commit and says why.
 * (export.json, report.md and report.html name artifact ids, which change with the source, so
 * they are not pinned; manifests hold host details.) Every other file the run writes is pinned.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { sha256Hex } from "../../lib/core/runtime/hash.ts";
import { latest, tempDir } from "../_files.ts";
import { runStageOk } from "../_commands.ts";

const REFERENCE: Record<string, string> = JSON.parse(
  await Deno.readTextFile(new URL("./smoke_seed3_sha256.json", import.meta.url)),
);

Deno.test("all --profile smoke --seed 3 writes exactly the pinned bytes", async () => {
  const root = await tempDir();
  // In this process, through the same path as `deno task all` (tests/_commands.ts runStage).
  await runStageOk("all", ["--profile", "smoke", "--seed", "3", "--artifacts", root]);
  const found: Record<string, string> = {};
  for (const key of Object.keys(REFERENCE)) {
    const [kind, ...path] = key.split("/");
    const dir = join(root, kind!, await latest(root, kind!));
    found[key] = sha256Hex(await Deno.readFile(join(dir, ...path)));
  }
  assert.deepEqual(found, REFERENCE);
  // No output goes unpinned: a file added to a stage's artifact must be pinned here or named
  // below with the reason it cannot be.
  const NOT_PINNED = ["manifest.json", "export.json", "report.md", "report.html"];
  const written: string[] = [];
  for (const kind of ["model", "export", "evaluate"]) {
    const dir = join(root, kind, await latest(root, kind));
    for await (const entry of Deno.readDir(dir)) {
      const inside = entry.isDirectory
        ? [...Deno.readDirSync(join(dir, entry.name))].map((child) => join(entry.name, child.name))
        : [entry.name];
      for (const path of inside) {
        if (!NOT_PINNED.includes(path)) written.push(`${kind}/${relative(".", path)}`);
      }
    }
  }
  assert.deepEqual(written.sort(), Object.keys(REFERENCE).sort());
  // The importance-weighted bound (20 passes as importance samples) is tighter than the
  // sampled −ELBO on the smoke model, and every smoke-model dimension is in use.
  const metrics = JSON.parse(
    await Deno.readTextFile(join(root, "evaluate", await latest(root, "evaluate"), "metrics.json")),
  );
  assert.ok(
    metrics.importanceWeighted.bound < metrics.negElbo.total,
    `IW bound ${metrics.importanceWeighted.bound} ≥ sampled −ELBO ${metrics.negElbo.total}`,
  );
  assert.equal(metrics.importanceWeighted.samples, 20);
  assert.equal(metrics.latent.klPerDim.length, 32);
  assert.equal(metrics.latent.activeUnits, 32);
});
