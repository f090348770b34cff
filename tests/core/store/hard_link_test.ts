// A file an artifact lists, or a record the store reads, that has a second hard link (perhaps outside the root) is refused like a link out.
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../../lib/core/runtime/hash.ts";
import { MANIFEST_NAME } from "../../../lib/core/store/manifest.ts";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { readRunRecords } from "../../../lib/core/store/run_record.ts";
import { tempDir } from "../../_files.ts";
import { draft, writeOneFile } from "./_store_fixtures.ts";

const ID = "0123456789abcdef";

/** A root with one small artifact, and a file outside the root on the same filesystem. */
async function rootAndOutsideFile(): Promise<{ root: string; dir: string; outside: string }> {
  const base = await tempDir();
  const root = join(base, "root");
  const outside = join(base, "secret.txt");
  await Deno.writeTextFile(outside, "a secret outside the root\n");
  const { dir } = await writeArtifact(root, draft(ID), writeOneFile);
  return { root, dir, outside };
}

Deno.test("readArtifact() refuses a listed file that is a hard link to a file outside the root, even with matching size and hash", async () => {
  const { root, dir, outside } = await rootAndOutsideFile();
  await Deno.remove(join(dir, "a.txt"));
  await Deno.link(outside, join(dir, "a.txt"));
  const bytes = await Deno.readFile(outside);
  const manifestPath = join(dir, MANIFEST_NAME);
  const manifest = JSON.parse(await Deno.readTextFile(manifestPath));
  manifest.files = [{ path: "a.txt", bytes: bytes.length, sha256: sha256Hex(bytes) }];
  await Deno.writeTextFile(manifestPath, JSON.stringify(manifest));
  const error = await readArtifact(dir, { root }).then(() => undefined, (e: Error) => e);
  assert.ok(error, "a hard link out of the root was read as the artifact's file");
  assert.match(
    error.message,
    /a\.txt: has 2 hard links; an artifact's files must have one \(artifact corrupted: /,
  );
  // Also when read by its path from outside any root, and once its hash is in the cache.
  await assert.rejects(readArtifact(dir), /a\.txt: has 2 hard links/);
});

Deno.test("a file verified once and then hard-linked elsewhere is refused on the next read (the cache does not skip the check)", async () => {
  const { root, dir, outside } = await rootAndOutsideFile();
  await readArtifact(dir, { root }); // hashed and cached
  await Deno.remove(outside);
  await Deno.link(join(dir, "a.txt"), outside);
  await assert.rejects(readArtifact(dir, { root }), /a\.txt: has 2 hard links/);
});

Deno.test("a manifest or run record with a second hard link is refused in one line naming it", async () => {
  const { root, dir, outside } = await rootAndOutsideFile();
  await Deno.remove(outside);
  await Deno.link(join(dir, MANIFEST_NAME), outside);
  await assert.rejects(
    readArtifact(dir, { root }),
    (e: Error) =>
      /manifest\.json: has 2 hard links; the store reads only files with one name/.test(e.message),
  );

  await Deno.mkdir(join(root, "runs"));
  const record = join(root, "runs", "20261126T002547.855Z-87f2.json");
  await Deno.writeTextFile(
    record,
    JSON.stringify({
      id: "20261126T002547.855Z-87f2",
      command: [],
      started: "",
      finished: "",
      host: {},
      stages: [],
    }),
  );
  await Deno.link(record, join(await tempDir(), "elsewhere.json"));
  const warnings: string[] = [];
  assert.deepEqual(await readRunRecords(root, (line) => warnings.push(line)), []);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /20261126T002547\.855Z-87f2\.json: has 2 hard links/);
});
