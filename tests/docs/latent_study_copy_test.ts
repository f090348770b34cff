// docs/results.md's latent-size table is the study.md that `deno task compare` wrote, copied in cell for cell (not typed by hand), and every file of that copy is listed with its SHA-256.
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../lib/core/store/source_fingerprint.ts";
import { sha256Hex } from "../../lib/core/runtime/hash.ts";

const COPY = join(PROJECT_ROOT, "docs", "latent-study");

/** The cells of each row of the markdown tables in `markdown`, rules left out (deno fmt may re-align them). */
function tableRows(markdown: string): string[][] {
  return markdown.split("\n")
    .filter((line) => line.startsWith("|") && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) => line.slice(1, -1).split("|").map((cell) => cell.trim()));
}

Deno.test("every row of the copied study.md's table stands in docs/results.md, cell for cell, in order", async () => {
  const study = tableRows(await Deno.readTextFile(join(COPY, "study.md")));
  const results = tableRows(await Deno.readTextFile(join(PROJECT_ROOT, "docs", "results.md")))
    .map((row) => JSON.stringify(row));
  assert.ok(study.length >= 6, `study.md has a header and 5 latent sizes (${study.length} rows)`);
  let from = 0;
  for (const row of study) {
    const at = results.indexOf(JSON.stringify(row), from);
    assert.ok(at >= 0, `docs/results.md lacks (or reorders) study.md's row: ${row.join(" | ")}`);
    from = at + 1;
  }
});

Deno.test("the copy's files are the ones its SHA256SUMS lists, byte for byte", async () => {
  const listed = (await Deno.readTextFile(join(COPY, "SHA256SUMS"))).trim().split("\n")
    .map((line) => /^([0-9a-f]{64}) {2}(\S+)$/.exec(line)!)
    .map(([, sum, name]) => [name!, sum!] as const);
  const present = [...Deno.readDirSync(COPY)].map((e) => e.name).filter((n) => n !== "SHA256SUMS").sort();
  assert.deepEqual(listed.map(([name]) => name).sort(), present);
  for (const [name, sum] of listed) {
    assert.equal(
      sha256Hex(await Deno.readFile(join(COPY, name))),
      sum,
      `${name} changed since it was copied`,
    );
  }
});
