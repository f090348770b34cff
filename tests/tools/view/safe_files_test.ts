// A served artifact file comes from the version whose manifest was checked, even when --force points the id at another version meanwhile.
import assert from "node:assert/strict";
import { join } from "node:path";
import { artifactFilePath } from "../../../lib/tools/view/safe_files.ts";
import { latest } from "../../_files.ts";
import { smallRunRoot } from "../../_fixtures.ts";

Deno.test("artifactFilePath gives the checked version's file when the id's link moves to another version meanwhile", async () => {
  const { root } = await smallRunRoot();
  const id = await latest(root, "evaluate");
  const link = join(root, "evaluate", id);
  const checked = await Deno.readLink(link);
  const expected = await Deno.readFile(join(root, "evaluate", checked, "figure.png"));
  // Version B: the same files but figure.png, as a concurrent --force replacement would write.
  const other = `.${id}.${Date.now().toString(36)}-00000000`;
  await new Deno.Command("cp", {
    args: ["-a", join(root, "evaluate", checked), join(root, "evaluate", other)],
  })
    .output();
  await Deno.writeTextFile(join(root, "evaluate", other, "figure.png"), "version B");
  // The manifest is read and checked first; the file's path is resolved after. Point the
  // link at version B right between the two, the moment a replacement would land.
  const realPath = Deno.realPath;
  let swapped = false;
  Deno.realPath = (path: string | URL) => {
    if (!swapped) {
      swapped = true;
      Deno.removeSync(link);
      Deno.symlinkSync(other, link);
    }
    return realPath(path);
  };
  let path: string | undefined;
  try {
    path = await artifactFilePath(root, "evaluate", id, ["figure.png"]);
  } finally {
    Deno.realPath = realPath;
  }
  assert.ok(swapped, "the link was never moved: the test no longer reaches the race");
  assert.ok(path !== undefined, "the checked version's file was refused");
  const served = await Deno.readFile(path);
  // Compared as one boolean: a diff of two PNGs would take long to print.
  const same = served.length === expected.length && served.every((byte, i) => byte === expected[i]);
  assert.ok(same, `${path} is not the checked version's figure.png`);
});
