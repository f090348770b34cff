// rerunReasons() names each changed param, input and source file and is empty when nothing differs, and newRunId() sorts in time order to the millisecond.
import assert from "node:assert/strict";
import { rerunReasons } from "../../../lib/core/store/rerun_reasons.ts";
import { newRunId } from "../../../lib/core/store/run_record.ts";

const previous = {
  params: { epochs: 5, seed: 1 },
  inputs: [{ kind: "mnist", id: "aaaaaaaaaaaaaaaa" }],
  code: { source: { "lib/a.ts": "1", "lib/b.ts": "2" } },
};

Deno.test("rerunReasons() names each changed param, input and source file", () => {
  const reasons = rerunReasons(previous, {
    params: { epochs: 10, seed: 1 },
    inputs: [{ kind: "mnist", id: "bbbbbbbbbbbbbbbb" }],
    source: { "lib/a.ts": "1", "lib/b.ts": "3", "lib/c.ts": "4" },
  });
  assert.deepEqual(reasons, [
    "param epochs 5 → 10",
    "input mnist aaaaaaaaaaaaaaaa → bbbbbbbbbbbbbbbb",
    "source lib/b.ts changed",
    "source lib/c.ts added",
  ]);
});

Deno.test("rerunReasons() is empty when nothing differs", () => {
  assert.deepEqual(
    rerunReasons(previous, {
      params: { seed: 1, epochs: 5 },
      inputs: previous.inputs,
      source: previous.code.source,
    }),
    [],
  );
});

Deno.test("newRunId() sorts in time order, to the millisecond", () => {
  const ids = [new Date(1000), new Date(1001), new Date(61000)].map((d) => newRunId(d));
  assert.deepEqual([...ids].sort(), ids);
  assert.match(ids[0]!, /^19700101T000001\.000Z-[0-9a-f]{4}$/);
});
