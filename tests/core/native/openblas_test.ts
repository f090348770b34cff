// openBlas(): sgemm() computes a·b with either operand transposed, info() names the build, CPU kernel and threads, and a missing library or one without OpenBLAS' symbols is one line naming the library, package or symbol.
import assert from "node:assert/strict";
import { openBlas, OPENBLAS_LIBRARY, OPENBLAS_PACKAGE } from "../../../lib/core/native/openblas.ts";

/** a·b by the definition, in double precision (row-major, with transposes). */
function naiveProduct(
  a: Float32Array,
  b: Float32Array,
  m: number,
  n: number,
  k: number,
  ta: boolean,
  tb: boolean,
) {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
      c[i * n + j] = s;
    }
  }
  return c;
}

Deno.test("openBlas().sgemm() computes a·b with either operand transposed", () => {
  const blas = openBlas();
  const [m, n, k] = [7, 5, 11];
  const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
  const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i));
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    const c = new Float32Array(m * n).fill(NaN);
    blas.sgemm(ta, tb, m, n, k, a, b, c);
    const expected = naiveProduct(a, b, m, n, k, ta, tb);
    c.forEach((v, i) =>
      assert.ok(Math.abs(v - expected[i]!) < 1e-5, `transA ${ta} transB ${tb} [${i}]: ${v} vs ${expected[i]}`)
    );
  }
});

Deno.test("openBlas().info() names the build, the CPU kernel it chose and its threads", async () => {
  // In a process of its own: the thread count is process-wide, and test modules share one.
  const script = `import { openBlas } from "${
    new URL("../../../lib/core/native/openblas.ts", import.meta.url).href
  }";
    const blas = openBlas();
    blas.setThreads(2);
    const two = blas.info();
    blas.setThreads(1);
    console.log(JSON.stringify([two, blas.info().threads]));`;
  const output = await new Deno.Command(Deno.execPath(), { args: ["eval", script], stdout: "piped" })
    .output();
  assert.ok(output.success);
  const [info, one] = JSON.parse(new TextDecoder().decode(output.stdout));
  assert.equal(info.library, OPENBLAS_LIBRARY);
  assert.match(info.config, /^OpenBLAS \d+\.\d+\.\d+ /);
  assert.ok(info.corename.length > 0);
  assert.ok(info.config.includes(info.corename), `${info.config} names ${info.corename}`);
  assert.equal(info.threads, 2);
  assert.equal(one, 1);
});

Deno.test("openBlas() of a missing library says which library and which Debian package to install", () => {
  assert.throws(() => openBlas("/nonexistent/libopenblas.so.0"), (e: Error) => {
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /cannot load OpenBLAS from \/nonexistent\/libopenblas\.so\.0 \(.*No such file/);
    assert.ok(e.message.includes(`apt-get install ${OPENBLAS_PACKAGE}`));
    assert.match(e.message, /--engine wasm/);
    return true;
  });
});

Deno.test("openBlas() of a library without OpenBLAS' symbols names the missing symbol", () => {
  assert.throws(() => openBlas("libm.so.6"), (e: Error) => {
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /cannot load OpenBLAS from libm\.so\.6 \(.*(cblas_sgemm|openblas_)/);
    assert.ok(e.message.includes(OPENBLAS_PACKAGE));
    return true;
  });
});
