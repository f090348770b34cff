// enginePromise(): wasm promises the same bytes on every machine (records from before engines read as wasm), while a native rerun is covered only with the same OpenBLAS build, CPU kernel and thread count, both named when they differ.
import assert from "node:assert/strict";
import { engineOf, enginePromise } from "../../../lib/core/engine/engine_promise.ts";

const native = (corename: string, threads: number) => ({
  engine: "native",
  openblas: { config: `OpenBLAS 0.3.21 DYNAMIC_ARCH ${corename}`, corename, threads },
});

Deno.test("enginePromise() promises wasm bytes on every machine, also for records made before engines existed", () => {
  assert.deepEqual(enginePromise({ engine: "wasm" }, { engine: "wasm" }).covered, true);
  assert.match(enginePromise({ backend: "wasm" }, {}).line, /engine wasm: .* on every machine/);
  assert.equal(engineOf({ backend: "wasm" }), "wasm");
});

Deno.test("enginePromise() covers a native rerun only with the same OpenBLAS build, kernel and threads, and names both", () => {
  assert.equal(enginePromise(native("Haswell", 2), native("Haswell", 2)).covered, true);
  for (const rerun of [native("SkylakeX", 2), native("Haswell", 1)]) {
    const promise = enginePromise(native("Haswell", 2), rerun);
    assert.equal(promise.covered, false);
    assert.match(
      promise.line,
      /made with OpenBLAS .*Haswell, 2 thread\(s\); this rerun used OpenBLAS .*(SkylakeX|1 thread)/,
    );
  }
});
