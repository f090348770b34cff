import assert from "node:assert/strict";
import { gatherRows } from "../lib/batch_rows.ts";

Deno.test("gatherRows() copies the chosen rows in the chosen order", () => {
  const data = Float32Array.from({ length: 12 }, (_, i) => i); // 4 rows of 3
  assert.deepEqual([...gatherRows(data, 3, [3, 0, 3])], [9, 10, 11, 0, 1, 2, 9, 10, 11]);
  assert.deepEqual([...gatherRows(data, 3, [])], []);
});
