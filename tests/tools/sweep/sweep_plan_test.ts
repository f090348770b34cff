// planSweep() expands lists and ranges of params only (options go to every cell as given, the root made absolute, --engine swept like a param) and names the flag or cell behind a refused value.
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { planSweep } from "../../../lib/tools/sweep/sweep_plan.ts";

Deno.test("planSweep() takes lists and ranges for params only: options go to every cell as given, and the root is made absolute", () => {
  const plan = planSweep([
    ...["--artifacts", "rel-root", "--seed", "1..2", "--latent-dim", "2,8"],
    ...["--workers", "1", "--mirror", "https://example.org/a,b/", "--dir", "../raw,1..2"],
  ]);
  assert.equal(plan.root, resolve("rel-root"));
  assert.deepEqual(plan.axes.map((a) => [a.flag, a.values]), [["seed", ["1", "2"]], ["latent-dim", [
    "2",
    "8",
  ]]]);
  assert.equal(plan.cells.length, 4);
  for (const cell of plan.cells) {
    assert.deepEqual(cell.args.slice(4), [
      ...["--workers", "1", "--mirror", "https://example.org/a,b/", "--dir", "../raw,1..2"],
      ...["--artifacts", resolve("rel-root")],
    ]);
  }
  // How a cell runs is not what the sweep is: the same grid with other options is the same sweep.
  assert.equal(planSweep(["--seed", "1..2", "--latent-dim", "2,8"]).id, plan.id);
});

Deno.test("planSweep() names the flag of an option given a list, and every cell in a refused value", () => {
  assert.throws(
    () => planSweep(["--workers", "1,2"]),
    /^RangeError: --workers "1,2": expected an integer in 1\.\.2$/,
  );
  assert.throws(() => planSweep(["--epochs", "2,0"]), /cell 2 \(--epochs 0\): .*--epochs 0: out of range/);
});

Deno.test("planSweep() sweeps --engine like any param: each cell's all gets one engine", () => {
  const plan = planSweep(["--engine", "wasm,native", "--seed", "1,2"]);
  assert.deepEqual(
    plan.cells.map((cell) => cell.args[cell.args.indexOf("--engine") + 1]),
    ["wasm", "wasm", "native", "native"],
  );
  assert.deepEqual(plan.axes.map((a) => [a.flag, a.values]), [["engine", ["wasm", "native"]], ["seed", [
    "1",
    "2",
  ]]]);
  assert.equal(plan.cells.length, 4);
  assert.throws(() => planSweep(["--engine", "wasm,gpu"]), /--engine gpu/);
});
