// The kernel cache loads only an object whose bytes and inputs match its record: truncated, foreign or unrecorded objects are built again, and an unwritable cache is one line.
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { sha256Hex } from "../../../lib/core/runtime/hash.ts";
import { tempDir } from "../../_files.ts";

const NATIVE_KERNELS = join(PROJECT_ROOT, "lib/core/native/native_kernels.ts");

/**
 * Loads the kernels in a process of its own with the cache at `cache`, and runs the sigmoid kernel
 * on fixed values: the loaded object's hash and the SHA-256 of the sigmoid's bytes, or the error line.
 */
async function loadIn(cache: string): Promise<{ ok: boolean; code: number; lines: string[] }> {
  const script = `import { loadKernels, sigmoidInto } from "${NATIVE_KERNELS}";
    import { sha256Hex } from "${join(PROJECT_ROOT, "lib/core/runtime/hash.ts")}";
    try {
      const info = await loadKernels();
      const x = Float32Array.from({ length: 64 }, (_, i) => (i - 32) / 4), out = new Float32Array(64);
      sigmoidInto(x, out);
      console.log(info.objectSha256);
      console.log(sha256Hex(new Uint8Array(out.buffer)));
    } catch (e) { console.log(e.message); Deno.exit(1); }`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env: { VAE_NATIVE_CACHE: cache, NO_COLOR: "1" },
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const lines = new TextDecoder().decode(output.stdout).trim().split("\n");
  return { ok: output.success, code: output.code, lines };
}

/** The one record and one object in `cache` (throws unless there is exactly one of each). */
function cacheFiles(cache: string): { record: string; object: string } {
  const names = [...Deno.readDirSync(cache)].map((e) => e.name).sort();
  assert.equal(names.length, 2, names.join(", "));
  assert.match(names[0]!, /^kernels-[0-9a-f]{16}-[0-9a-f]{16}\.so$/);
  assert.match(names[1]!, /^kernels-[0-9a-f]{16}\.json$/);
  return { object: join(cache, names[0]!), record: join(cache, names[1]!) };
}

/** A fresh cache with the kernels built once: the cache, its files and the good run's output. */
async function builtCache() {
  const cache = await tempDir();
  const first = await loadIn(cache);
  assert.ok(first.ok, first.lines.join("\n"));
  return { cache, ...cacheFiles(cache), good: first.lines };
}

Deno.test("the cache records the object's SHA-256 and inputs, and loadKernels() reports the hash it loaded", async () => {
  const { object, record, good } = await builtCache();
  const recorded = JSON.parse(await Deno.readTextFile(record));
  const sha = sha256Hex(await Deno.readFile(object));
  assert.equal(recorded.sha256, sha);
  assert.equal(good[0], sha);
  assert.match(recorded.inputs.sourceSha256, /^[0-9a-f]{64}$/);
  assert.match(recorded.inputs.compiler, /^gcc \d+/);
  assert.match(recorded.inputs.flags, /-ffp-contract=off/);
  for (const key of ["target", "libc", "host", "libs"]) assert.ok(recorded.inputs[key], key);
});

Deno.test("a truncated cached object is built again, not loaded (no SIGBUS), and the run gives the right bytes", async () => {
  const { cache, object, good } = await builtCache();
  const bytes = await Deno.readFile(object);
  await Deno.writeFile(object, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const again = await loadIn(cache);
  assert.ok(again.ok, `exit ${again.code}: ${again.lines.join("\n")}`);
  assert.deepEqual(again.lines, good);
  assert.equal(sha256Hex(await Deno.readFile(object)), good[0]);
});

Deno.test("a foreign but loadable object under the cached name is built again, never used", async () => {
  const { cache, object, good } = await builtCache();
  // Every kernel of the header, with an empty body: loads fine, computes nothing.
  const header = await Deno.readTextFile(join(PROJECT_ROOT, "lib/core/native/kernels.h"));
  const stubs = join(await tempDir(), "foreign.c");
  await Deno.writeTextFile(
    stubs,
    header.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\)\s*;/g, ") {}").replace(/#\w+.*$/gm, "")
      .replace(/^/, "#include <stdint.h>\n"),
  );
  const gcc = await new Deno.Command("gcc", { args: ["-shared", "-fPIC", "-o", object, stubs] }).output();
  assert.ok(gcc.success, new TextDecoder().decode(gcc.stderr));
  const again = await loadIn(cache);
  assert.ok(again.ok, again.lines.join("\n"));
  assert.deepEqual(again.lines, good);
  assert.equal(sha256Hex(await Deno.readFile(object)), good[0]);
});

Deno.test("an object whose record names other inputs, or a garbled record, is built again", async () => {
  const { cache, record, object, good } = await builtCache();
  const recorded = JSON.parse(await Deno.readTextFile(record));
  await Deno.writeTextFile(
    record,
    JSON.stringify({ ...recorded, inputs: { ...recorded.inputs, flags: "-O0" } }),
  );
  await Deno.writeTextFile(object, "not an ELF file");
  let again = await loadIn(cache);
  assert.ok(again.ok, again.lines.join("\n"));
  assert.deepEqual(again.lines, good);
  await Deno.writeTextFile(record, "{ garbled");
  again = await loadIn(cache);
  assert.deepEqual(again.lines, good);
  assert.equal(JSON.parse(await Deno.readTextFile(record)).sha256, good[0]);
});

Deno.test("a kernel cache that cannot be written gives one line naming the directory and $VAE_NATIVE_CACHE", async () => {
  // Below a regular file: no directory can be made there, not even by root.
  const file = join(await tempDir(), "a-file");
  await Deno.writeTextFile(file, "");
  const cache = join(file, "cache");
  const run = await loadIn(cache);
  assert.equal(run.ok, false);
  assert.equal(run.lines.length, 1, run.lines.join("\n"));
  assert.ok(run.lines[0]!.includes(cache), run.lines[0]!);
  assert.match(run.lines[0]!, /cannot write the kernel cache .*\$VAE_NATIVE_CACHE/);
});

Deno.test("loadKernels() at once in three processes and in three workers of one process: all load, one object is left", async () => {
  const cache = await tempDir();
  // Workers of one process share its pid: their builds must not share a file name either.
  const worker = join(await tempDir(), "load_worker.ts");
  await Deno.writeTextFile(
    worker,
    `import { loadKernels } from "${NATIVE_KERNELS}";
    self.postMessage(await loadKernels().then(() => "ok", (e) => e.message));`,
  );
  const script = `const replies = await Promise.all([1, 2, 3].map(() => new Promise((resolve) => {
      const w = new Worker("file://${worker}", { type: "module" });
      w.onmessage = (m) => { resolve(m.data); w.terminate(); };
      w.onerror = (e) => { e.preventDefault(); resolve(e.message); w.terminate(); };
    })));
    console.log(replies.every((r) => r === "ok") ? "ok" : JSON.stringify(replies));`;
  const inWorkers = new Deno.Command(Deno.execPath(), {
    args: ["eval", script],
    env: { VAE_NATIVE_CACHE: cache, NO_COLOR: "1" },
    cwd: PROJECT_ROOT,
    stdout: "piped",
  }).output();
  const runs = await Promise.all([loadIn(cache), loadIn(cache), loadIn(cache)]);
  for (const run of runs) assert.ok(run.ok, run.lines.join("\n"));
  assert.equal(new Set(runs.map((r) => r.lines.join())).size, 1);
  assert.equal(new TextDecoder().decode((await inWorkers).stdout).trim(), "ok");
  cacheFiles(cache);
});
