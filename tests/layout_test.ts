// lib/ stands in three tiers whose imports point down only: core imports no stage or tool, a stage no tool, and a stage or tool reads another stage only through its *_artifact.ts (all and verify also through pipeline_order.ts).
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { PROJECT_ROOT } from "../lib/core/store/source_fingerprint.ts";

/** Every .ts file under lib/, as a path from the project root. */
async function libFiles(dir = "lib"): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, dir))) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) found.push(...await libFiles(path));
    else if (entry.isFile && entry.name.endsWith(".ts")) found.push(path);
  }
  return found;
}

/** The lib/ files `file` imports (static, dynamic, re-exports and `new URL(…, import.meta.url)` modules). */
async function importsOf(file: string): Promise<string[]> {
  const text = await Deno.readTextFile(join(PROJECT_ROOT, file));
  const specifiers = [
    ...text.matchAll(/^(?:import|export)\b[^;]*?from\s+"(\.[^"]+)"/gms),
    ...text.matchAll(/\bimport\(\s*"(\.[^"]+)"\s*\)/g),
    ...text.matchAll(/new URL\(\s*"(\.[^"]+\.ts)",\s*import\.meta\.url\)/g),
  ].map((m) => m[1]!);
  return specifiers
    .map((specifier) => relative(PROJECT_ROOT, join(PROJECT_ROOT, dirname(file), specifier)))
    .filter((path) => path.startsWith("lib/"));
}

/** "core", "stages" or "tools", and for a stage or tool its folder. */
function placeOf(path: string): { tier: string; folder?: string } {
  const [, tier, folder, ...rest] = path.split("/");
  return { tier: tier!, folder: rest.length > 0 ? folder : undefined };
}

/** Why the import `from` → `to` points up or into another stage's internals, or undefined when it may. */
function violation(from: string, to: string): string | undefined {
  const a = placeOf(from), b = placeOf(to);
  const reader = /_artifact\.ts$/.test(to) || to === "lib/stages/pipeline_order.ts";
  if (a.tier === "core" && b.tier !== "core") return "core imports above it";
  if (a.tier === "stages" && b.tier === "tools") return "a stage imports a tool";
  if (a.tier === "tools" && b.tier === "stages" && !reader) return "a tool reads a stage's internals";
  if (
    a.tier === "stages" && b.tier === "stages" && a.folder && b.folder && a.folder !== b.folder && !reader
  ) {
    return "a stage reads another stage's internals";
  }
  return undefined;
}

Deno.test("lib/ shows its three tiers: core, stages (one folder per task) and tools", async () => {
  const tiers = [];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, "lib"))) tiers.push(entry.name);
  assert.deepEqual(tiers.sort(), ["core", "stages", "tools"]);
  const stages = [];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, "lib/stages"))) {
    if (entry.isDirectory) stages.push(entry.name);
  }
  assert.deepEqual(stages.sort(), ["evaluate", "export", "fetch_mnist", "train"]);
});

Deno.test("every stage has <stage>_params.ts, <stage>_stage.ts and <stage>_artifact.ts", async () => {
  for (const stage of ["fetch_mnist", "train", "export", "evaluate"]) {
    for (const part of ["params", "stage", "artifact"]) {
      const path = join(PROJECT_ROOT, "lib/stages", stage, `${stage}_${part}.ts`);
      assert.ok(await Deno.stat(path).then((info) => info.isFile, () => false), `${path} is missing`);
    }
  }
});

Deno.test("no import in lib/ points up a tier or into another stage's internals", async () => {
  const files = await libFiles();
  assert.ok(files.length > 100);
  const found: string[] = [];
  for (const file of files) {
    for (const imported of await importsOf(file)) {
      const why = violation(file, imported);
      if (why !== undefined) found.push(`${why}: ${file} → ${imported}`);
    }
  }
  assert.deepEqual(found, []);
});

Deno.test("the rule refuses what it must: core importing a stage, a tool reading a stage's internals", () => {
  assert.equal(
    violation("lib/core/store/x.ts", "lib/stages/train/train_loop.ts"),
    "core imports above it",
  );
  assert.equal(
    violation("lib/tools/diff/x.ts", "lib/stages/evaluate/evaluate_metrics.ts"),
    "a tool reads a stage's internals",
  );
  assert.equal(
    violation("lib/stages/export/x.ts", "lib/stages/train/train_loop.ts"),
    "a stage reads another stage's internals",
  );
  assert.equal(violation("lib/stages/export/x.ts", "lib/stages/train/train_artifact.ts"), undefined);
  assert.equal(violation("lib/tools/all/x.ts", "lib/stages/pipeline_order.ts"), undefined);
});
