// The latent-study sweep runs its cells on the native engine and says so; --engine wasm on the command line overrides it.
import assert from "node:assert/strict";
import { planSweep } from "../../../lib/tools/sweep/sweep_plan.ts";
import { engineNote } from "../../../lib/tools/sweep/sweep_profiles.ts";

const engineOf = (args: string[]) => args[args.indexOf("--engine") + 1];

Deno.test("--profile latent-study gives every cell --engine native, and a line saying so", () => {
  const plan = planSweep(["--profile", "latent-study"]);
  assert.equal(plan.cells.length, 15);
  assert.ok(plan.cells.every((cell) => engineOf(cell.args) === "native"));
  assert.match(
    engineNote(plan.profileName, plan.axes)!,
    /latent-study: cells train and evaluate on the native engine.*--engine wasm/,
  );
});

Deno.test("--profile latent-study --engine wasm runs every cell on wasm, with no engine line", () => {
  const plan = planSweep(["--profile", "latent-study", "--engine", "wasm"]);
  assert.ok(plan.cells.every((cell) => engineOf(cell.args) === "wasm"));
  assert.equal(engineNote(plan.profileName, plan.axes), undefined);
  assert.equal(engineNote("default", planSweep(["--seed", "1,2"]).axes), undefined);
});
