// Replacing an artifact (--force with other bytes, a repair) is atomic for readers that take no lock: a reader in another process always finds the old or the new artifact whole, and two writers replacing one id at once both succeed, leaving one of the two.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { tempDir } from "../../_files.ts";
import { variant } from "./_replacement_loop.ts";

const ID = "0123456789abcdef";
const LOOP = join(PROJECT_ROOT, "tests", "core", "store", "_replacement_loop.ts");

interface Seen {
  found: number;
  missing: number;
  inconsistent: number;
  writes: number;
  writeErrors: number;
  examples: string[];
}

/** Starts the loop process in `mode` for `seconds`; resolves to what it saw. */
function loop(mode: "read" | "write", root: string, seconds: number, tag = "w"): Promise<Seen> {
  const output = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", LOOP, mode, root, ID, String(seconds), tag],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return output.then((out) => {
    const text = new TextDecoder().decode(out.stdout).trim();
    if (!out.success) throw new Error(`${mode} loop: ${new TextDecoder().decode(out.stderr)}`);
    return JSON.parse(text.split("\n").at(-1)!) as Seen;
  });
}

Deno.test("a reader in another process never finds the artifact missing or mixed while it is replaced again and again", async () => {
  const root = await tempDir();
  await writeArtifact(root, draftOf(ID), variant("first", 0));
  const reader = loop("read", root, 4);
  // Replace it with other bytes as fast as this process can, while the reader reads.
  let replaced = 0;
  const until = Date.now() + 3500;
  for (let round = 1; Date.now() < until; round++) {
    const result = await writeArtifact(root, draftOf(ID), variant("test", round));
    assert.equal(result.outcome, "replaced");
    replaced++;
  }
  const seen = await reader;
  assert.ok(replaced > 20, `only ${replaced} replacements`);
  assert.ok(seen.found > 20, `only ${seen.found} reads`);
  assert.equal(
    seen.missing,
    0,
    `the reader found no artifact ${seen.missing} times: ${seen.examples.join(" | ")}`,
  );
  assert.equal(
    seen.inconsistent,
    0,
    `the reader saw a mixed artifact ${seen.inconsistent} times: ${seen.examples.join(" | ")}`,
  );
});

Deno.test("two processes replacing one id with different files at once both succeed, and one of theirs stands", async () => {
  const root = await tempDir();
  await writeArtifact(root, draftOf(ID), variant("first", 0));
  const [a, b] = await Promise.all([loop("write", root, 3, "a"), loop("write", root, 3, "b")]);
  assert.equal(a.writeErrors + b.writeErrors, 0, [...a.examples, ...b.examples].join(" | "));
  assert.ok(a.writes > 5 && b.writes > 5, `${a.writes} and ${b.writes} writes`);
  const final = await readArtifact(join(root, "evaluate", ID), { root });
  assert.ok(["a", "b"].includes(final.manifest.summary.tag as string));
});

/** The manifest fields of evaluate artifact `id`. */
function draftOf(id: string) {
  return { schema: "evaluate@1", kind: "evaluate", id, params: { n: 1 }, inputs: [], env: {}, code: {} };
}
