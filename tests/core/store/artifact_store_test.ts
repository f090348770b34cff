// writeArtifact() and readArtifact(): every file listed with size and SHA-256 and verified on read (a flipped byte named with both hashes), unknown versions and kinds refused, nothing visible after a failed write, identical rewrites kept, and re-hashing skipped only for unchanged files.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { VerifiedFiles } from "../../../lib/core/store/verified_files.ts";
import { sha256Hex } from "../../../lib/core/runtime/hash.ts";
import { listDir, listTree, tempDir } from "../../_files.ts";
import { draft, storedEntries, writeTwoFiles } from "./_store_fixtures.ts";

Deno.test("writeArtifact() lists every file with size and SHA-256 and readArtifact() verifies them", async () => {
  const root = await tempDir();
  const written = await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  assert.equal(written.outcome, "new");
  const read = await readArtifact(written.dir, { schema: "evaluate@1" });
  assert.deepEqual(read.manifest.files, [
    {
      path: "a.txt",
      bytes: 5,
      sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    },
    {
      path: "sub/b.bin",
      bytes: 3,
      sha256: "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81",
    },
  ]);
  assert.deepEqual(read.manifest.summary, { answer: 42 });
});

Deno.test("readArtifact() detects a flipped byte, naming the file and both hashes", async () => {
  const root = await tempDir();
  const { dir } = await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  const path = join(dir, "sub", "b.bin");
  await Deno.writeFile(path, new Uint8Array([1, 2, 4]));
  await assert.rejects(
    readArtifact(dir),
    /sub\/b\.bin: SHA-256 [0-9a-f]{64}, manifest says 039058c6[0-9a-f]+ \(artifact corrupted: rerun 'deno task evaluate' with the flags that made it and --force/,
  );
});

Deno.test("readArtifact() refuses an unknown format version and a different kind", async () => {
  const root = await tempDir();
  const { dir } = await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  await assert.rejects(
    readArtifact(dir, { schema: "evaluate@2" }),
    /schema evaluate@1: format version 1 is not the supported 2/,
  );
  await assert.rejects(
    readArtifact(dir, { schema: "model@1" }),
    /it is an artifact of kind evaluate, expected model/,
  );
});

Deno.test("writeArtifact() leaves nothing visible when writing fails midway", async () => {
  const root = await tempDir();
  await assert.rejects(
    writeArtifact(root, draft("0123456789abcdef"), async (dir) => {
      await Deno.writeTextFile(join(dir, "half.txt"), "half");
      throw new Error("disk full");
    }),
    /disk full/,
  );
  assert.deepEqual(await listDir(join(root, "evaluate")), []);
});

Deno.test("writeArtifact() keeps an existing artifact with identical files and replaces one whose files differ", async () => {
  const root = await tempDir();
  await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  const again = await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  assert.equal(again.outcome, "identical");
  const other = await writeArtifact(root, draft("0123456789abcdef"), async (dir) => {
    await Deno.writeTextFile(join(dir, "a.txt"), "changed");
    return {};
  });
  assert.equal(other.outcome, "replaced");
  assert.deepEqual(other.changedFiles, ["a.txt", "sub/b.bin"]);
  assert.deepEqual((await readArtifact(other.dir)).manifest.files.map((f) => f.path), ["a.txt"]);
  // The replaced version stays a while for readers that resolved it before (lib/core/store/artifact_versions.ts).
  assert.deepEqual(await storedEntries(join(root, "evaluate")), [
    ".0123456789abcdef.<version>",
    ".0123456789abcdef.<version>",
    "0123456789abcdef",
  ]);
});

Deno.test("readArtifact() skips re-hashing unchanged files, and a file replaced by one of the same size and mtime is hashed again", async () => {
  const root = await tempDir();
  const { dir } = await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  await readArtifact(dir, { root }); // hashes and records a.txt
  const path = join(dir, "a.txt");
  const cache = await VerifiedFiles.open(root);
  assert.equal(cache.knownSha256(path, await Deno.stat(path)), sha256Hex("hello"));
  // Another file put in its place with the same size and mtime, as a copy with cp -a or
  // rsync -a would be: its inode gives it away.
  const { mtime } = await Deno.stat(path);
  await Deno.writeTextFile(`${path}.new`, "jello");
  await Deno.utime(`${path}.new`, mtime!, mtime!);
  await Deno.rename(`${path}.new`, path);
  assert.equal((await VerifiedFiles.open(root)).knownSha256(path, await Deno.stat(path)), undefined);
  await assert.rejects(
    readArtifact(dir, { root }),
    /a\.txt: SHA-256 .* \(artifact corrupted: rerun 'deno task evaluate' with the flags that made it and --force/,
  );
});

Deno.test("readArtifact() keeps its verified-files cache inside the root it was given, and writes none for a path outside", async () => {
  const root = await tempDir();
  const { dir } = await writeArtifact(root, draft("0123456789abcdef"), writeTwoFiles);
  await Deno.remove(join(root, ".verified.json")).catch(() => {});
  // A copy elsewhere, read by path: nothing is written two levels above it, or anywhere.
  const outside = await tempDir();
  const copy = join(outside, "a", "b", "copy");
  await Deno.mkdir(join(outside, "a", "b"), { recursive: true });
  await Deno.rename(dir, copy);
  const before = await listTree(outside);
  await readArtifact(copy, { root });
  await readArtifact(copy);
  assert.deepEqual(await listTree(outside), before);
  assert.deepEqual(await listDir(root), ["evaluate"]);
});
