// An artifact id is a link to an immutable version directory: only that exact link is followed, a superseded version goes an hour after it was superseded, and artifacts of the older plain-directory layout are read and, when replaced, moved to versions.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact, storedRoot } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { SUPERSEDED_GRACE_MS, versionId } from "../../../lib/core/store/artifact_versions.ts";
import { tempDir } from "../../_files.ts";
import { draft, storedEntries, writeOneFile, writeTwoFiles } from "./_store_fixtures.ts";

const ID = "0123456789abcdef";

/** Sets the modification time of directory `dir` to `ms` milliseconds ago. */
async function ageBy(dir: string, ms: number): Promise<void> {
  const when = new Date(Date.now() - ms);
  await Deno.utime(dir, when, when);
}

Deno.test("an artifact id is a link to its version directory, which a read returns and resolves to the id's root", async () => {
  const root = await tempDir();
  const written = await writeArtifact(root, draft(ID), writeTwoFiles);
  const link = await Deno.readLink(join(root, "evaluate", ID));
  assert.equal(versionId(link), ID);
  assert.equal(written.dir, join(root, "evaluate", link));
  const read = await readArtifact(join(root, "evaluate", ID), { root });
  assert.equal(read.dir, written.dir);
  assert.equal(storedRoot(read), root);
  // The version directory read by its own path is the same artifact.
  assert.equal((await readArtifact(written.dir, { root })).manifest.id, ID);
});

Deno.test("a superseded version is removed by a later write once it and its successor are an hour old, never before", async () => {
  const root = await tempDir();
  const first = await writeArtifact(root, draft(ID), writeTwoFiles);
  const second = await writeArtifact(root, draft(ID), writeOneFile);
  assert.equal(second.outcome, "replaced");
  const other = "fedcba9876543210";
  // The superseded one is old, its successor is not: a reader may have resolved it just now.
  await ageBy(first.dir, SUPERSEDED_GRACE_MS + 60_000);
  await writeArtifact(root, draft(other), writeOneFile);
  assert.ok((await Deno.stat(first.dir)).isDirectory, "removed while its successor was young");
  await ageBy(second.dir, SUPERSEDED_GRACE_MS + 60_000);
  await writeArtifact(root, draft(other), writeOneFile);
  await assert.rejects(Deno.stat(first.dir), Deno.errors.NotFound);
  assert.ok((await Deno.stat(second.dir)).isDirectory, "the version the id names is never removed");
  assert.deepEqual(await storedEntries(join(root, "evaluate")), [
    `.${ID}.<version>`,
    `.${other}.<version>`,
    ID,
    other,
  ]);
  assert.equal((await readArtifact(join(root, "evaluate", ID), { root })).dir, second.dir);
});

Deno.test("a version directory that no link names (a writer stopped between its renames) goes once it is an hour old", async () => {
  const root = await tempDir();
  const written = await writeArtifact(root, draft(ID), writeOneFile);
  await Deno.remove(join(root, "evaluate", ID)); // the link only
  await ageBy(written.dir, SUPERSEDED_GRACE_MS + 60_000);
  await writeArtifact(root, draft("fedcba9876543210"), writeOneFile);
  await assert.rejects(Deno.stat(written.dir), Deno.errors.NotFound);
});

Deno.test("a link at an id is followed only to its own version beside it, a real directory", async () => {
  const root = await tempDir();
  const written = await writeArtifact(root, draft(ID), writeOneFile);
  const outside = await tempDir();
  await Deno.mkdir(join(outside, "copy"));
  const link = join(root, "evaluate", ID);
  const cases: [string, () => Promise<void>][] = [
    ["a link out of the root", async () => await Deno.symlink(join(outside, "copy"), link)],
    ["a relative link up and out", async () => await Deno.symlink("../../x", link)],
    ["another id's version", async () => await Deno.symlink(".fedcba9876543210.aa-00000000", link)],
    ["its version name, but that is a link", async () => {
      await Deno.symlink(join(outside, "copy"), join(root, "evaluate", `.${ID}.zz-00000000`));
      await Deno.symlink(`.${ID}.zz-00000000`, link);
    }],
  ];
  for (const [what, make] of cases) {
    await Deno.remove(link).catch(() => {});
    await make();
    await assert.rejects(
      readArtifact(link, { root }),
      /0123456789abcdef: a link inside the artifact root; the store only uses real directories there/,
      what,
    );
  }
  // A write of the id replaces whatever link is there with its own.
  const again = await writeArtifact(root, draft(ID), writeOneFile);
  assert.equal(again.outcome, "repaired");
  assert.equal((await readArtifact(link, { root })).dir, again.dir);
  assert.notEqual(again.dir, written.dir);
});

Deno.test("an artifact of the older plain-directory layout is read, and replaced by a version with a link", async () => {
  const root = await tempDir();
  const written = await writeArtifact(root, draft(ID), writeTwoFiles);
  const plain = join(root, "evaluate", ID);
  await Deno.remove(plain);
  await Deno.rename(written.dir, plain); // as artifacts were stored before versions
  const read = await readArtifact(plain, { root });
  assert.equal(read.dir, plain);
  assert.equal(storedRoot(read), root);
  const replaced = await writeArtifact(root, draft(ID), writeOneFile);
  assert.equal(replaced.outcome, "replaced");
  assert.equal(versionId(await Deno.readLink(plain)), ID);
  assert.deepEqual(await storedEntries(join(root, "evaluate")), [`.${ID}.<version>`, ID]);
  assert.deepEqual((await readArtifact(plain, { root })).manifest.files.map((f) => f.path), ["a.txt"]);
});
