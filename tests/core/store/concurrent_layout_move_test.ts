// Two writers replacing one artifact of the older plain-directory layout at the same time both succeed, and the id is then a link to one of their versions.
import assert from "node:assert/strict";
import { join } from "node:path";
import { publishVersion, versionId } from "../../../lib/core/store/artifact_versions.ts";
import { tempDir } from "../../_files.ts";

const ID = "0123456789abcdef";

/** A finished directory in `kindDir` holding one file that says `who`, as a writer leaves it. */
async function finished(kindDir: string, who: string): Promise<string> {
  const dir = join(kindDir, `.tmp-${who}`);
  await Deno.mkdir(dir);
  await Deno.writeTextFile(join(dir, "who.txt"), who);
  return dir;
}

Deno.test("two writers moving one old-layout artifact to a version at once both succeed; the id names one of theirs", async () => {
  // The race is between a handful of renames: many rounds, so that both orders and the
  // interleavings in between occur.
  for (let round = 0; round < 40; round++) {
    const kindDir = await tempDir();
    await Deno.mkdir(join(kindDir, ID));
    await Deno.writeTextFile(join(kindDir, ID, "who.txt"), "old layout");
    const [a, b] = [await finished(kindDir, "a"), await finished(kindDir, "b")];
    const versions = await Promise.all([publishVersion(a, kindDir, ID), publishVersion(b, kindDir, ID)]);
    const link = await Deno.readLink(join(kindDir, ID));
    assert.equal(versionId(link), ID);
    assert.ok(versions.includes(join(kindDir, link)), `round ${round}: ${link} is neither writer's`);
    assert.match(await Deno.readTextFile(join(kindDir, ID, "who.txt")), /^[ab]$/);
    // The old directory is gone (moved aside and removed), and no temporary link is left.
    const names = (await Array.fromAsync(Deno.readDir(kindDir))).map((e) => e.name).sort();
    assert.deepEqual(names.filter((n) => !n.startsWith(`.${ID}.`)), [ID], `round ${round}: ${names}`);
    await Deno.remove(kindDir, { recursive: true });
  }
});
