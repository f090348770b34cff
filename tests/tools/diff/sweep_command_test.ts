// sweepSeeds() and sweepCommand(): the suggested sweep keeps both sides' seeds plus the 3 smallest others, repeats every non-default flag but the seeds in pipeline order, and names a flag two stages share (--engine) once.
import assert from "node:assert/strict";
import { sweepCommand, sweepSeeds } from "../../../lib/tools/diff/sweep_command.ts";

Deno.test("sweepSeeds() keeps the sides' own seeds and adds the 3 smallest others from 1, since the own ones are left out of the spread", () => {
  assert.deepEqual(sweepSeeds([2]), [1, 2, 3, 4]);
  assert.deepEqual(sweepSeeds([7, 3]), [1, 2, 3, 4, 7]);
  assert.deepEqual(sweepSeeds([1, 2]), [1, 2, 3, 4, 5]);
  assert.deepEqual(sweepSeeds([2, 2]), [1, 2, 3, 4]);
});

Deno.test("sweepCommand() repeats every non-default flag of the setting but the seeds, in pipeline order", () => {
  const setting = {
    "limit-train": 60000,
    "limit-test": 1000,
    epochs: 50,
    "batch-size": 64,
    "latent-dim": 32,
    "hidden-dim": 512,
    lr: 0.001,
    seed: 4,
    backend: "cpu",
    passes: 20,
    "eval-seed": 9,
    images: 10000,
  };
  assert.equal(
    sweepCommand(setting, [1, 2, 4]),
    "deno task sweep --seed 1,2,4 --limit-test 1000 --batch-size 64 --backend cpu --passes 20",
  );
});

Deno.test("sweepCommand() names a flag that two stages take (--engine: train and evaluate) once", () => {
  const command = sweepCommand({ epochs: 3, engine: "native", seed: 1 }, [1, 2, 3, 4]);
  assert.equal(command, "deno task sweep --seed 1,2,3,4 --epochs 3 --engine native");
  assert.equal(command.match(/--engine/g)!.length, 1);
});

Deno.test("sweepCommand() single-quotes a root or value with a space or shell characters, and leaves plain words bare", () => {
  assert.equal(
    sweepCommand({ epochs: 3, seed: 1 }, [1, 2], "/tmp/a b/it's $HOME"),
    "deno task sweep --seed 1,2 --epochs 3 --artifacts '/tmp/a b/it'\\''s $HOME'",
  );
  assert.equal(
    sweepCommand({ epochs: 3 }, [1], "/tmp/plain-root_1"),
    "deno task sweep --seed 1 --epochs 3 --artifacts /tmp/plain-root_1",
  );
});
