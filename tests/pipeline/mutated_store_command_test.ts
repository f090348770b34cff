/**
 * Randomised: manifests and run records of a small whole run are mutated (a field removed,
 * or set to a wrong type, a traversal string, a huge number), and all, runs, verify and
 * diff must each either work or fail with one line: never a TypeError or ReferenceError,
 * and never a write outside the root. The draws are seeded, so a failure reproduces.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { MANIFEST_NAME } from "../../lib/core/store/manifest.ts";
import { readRunRecords } from "../../lib/core/store/run_record.ts";
import { listTree, tempDir } from "../_files.ts";
import { runStage } from "../_commands.ts";
import { SMALL_RUN, smallRunRoot } from "../_fixtures.ts";

/** Seeded PRNG (mulberry32): the same seed gives the same mutations. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRONG_VALUES: unknown[] = [
  null,
  "512",
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  "../../../../tmp/vae-mutated",
  "/etc/hostname",
  [],
  {},
  true,
  "",
  "0123456789abcdef",
];

/** Every path into `value` (object keys and array indices), the root excluded. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...paths((value as Record<string | number, unknown>)[key], path)];
  });
}

/** `json` with one field, chosen by `draw`, removed or given a wrong value. */
function mutate(json: unknown, draw: () => number): unknown {
  const all = paths(json);
  const path = all[Math.floor(draw() * all.length)]!;
  const parent = path.slice(0, -1).reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown>)[key],
    json,
  ) as Record<string | number, unknown>;
  const key = path.at(-1)!;
  if (draw() < 0.3 && !Array.isArray(parent)) delete parent[key];
  else parent[key] = WRONG_VALUES[Math.floor(draw() * WRONG_VALUES.length)];
  return json;
}

Deno.test("mutated manifests and run records give all, runs, verify and diff one-line failures, never a TypeError or a write outside", async () => {
  const draw = random(20261126);
  for (let round = 0; round < 6; round++) {
    const { root } = await smallRunRoot();
    const [run] = await readRunRecords(root);
    // A sentinel directory beside the root: nothing may appear in it or change there.
    const sentinel = join(root, "..", `sentinel-${round}`);
    await Deno.mkdir(sentinel);
    await Deno.writeTextFile(join(sentinel, "keep.txt"), "untouched");
    const targets = [
      ...run!.stages.map((stage) => join(root, stage.kind, stage.id, MANIFEST_NAME)),
      join(root, "runs", `${run!.id}.json`),
    ];
    const target = targets[Math.floor(draw() * targets.length)]!;
    const mutated = mutate(JSON.parse(await Deno.readTextFile(target)), draw);
    await Deno.writeTextFile(target, JSON.stringify(mutated));
    const commands: [string, string[]][] = [
      ["all", ["--artifacts", root, ...SMALL_RUN]],
      ["runs", ["--artifacts", root]],
      ["verify", ["export", "--artifacts", root]],
      ["diff", ["--artifacts", root, run!.id, run!.id, "--out", await tempDir()]],
    ];
    for (const [name, args] of commands) {
      const result = await runStage(name, args);
      const what = `round ${round}, ${target.slice(root.length)} → ${
        JSON.stringify(mutated).slice(0, 300)
      }: ${name}`;
      assert.ok(!(result.error instanceof TypeError), `${what}: TypeError ${result.stderr}`);
      assert.ok(!(result.error instanceof ReferenceError), `${what}: ReferenceError ${result.stderr}`);
      if (result.code !== 0) {
        const lines = result.stderr.trim().split("\n").filter((line) => line.startsWith(`${name}: error: `));
        assert.equal(lines.length, 1, `${what}: ${result.stderr}`);
      }
    }
    assert.deepEqual(await listTree(sentinel), ["keep.txt"]);
    assert.equal(await Deno.readTextFile(join(sentinel, "keep.txt")), "untouched");
    await assert.rejects(Deno.stat("/tmp/vae-mutated"), Deno.errors.NotFound);
  }
});
