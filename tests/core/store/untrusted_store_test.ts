/**
 * The store believes nothing it reads: crafted manifests, links, caches, LATEST files and
 * run records are refused in one line (or ignored, where they are only caches), and nothing
 * outside the root is read or written.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { sha256Hex } from "../../../lib/core/runtime/hash.ts";
import { MANIFEST_NAME } from "../../../lib/core/store/manifest.ts";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { latestId } from "../../../lib/core/store/latest.ts";
import { readRunRecords, writeRunRecord } from "../../../lib/core/store/run_record.ts";
import { readWeights } from "../../../lib/core/model/weights_file.ts";
import { listDir, tempDir } from "../../_files.ts";
import { draft, storedEntries, writeOneFile } from "./_store_fixtures.ts";

const ID = "0123456789abcdef";

/** A valid run record of no stages. */
const EMPTY_RUN = {
  id: "20261126T002547.855Z-87f2",
  command: [],
  started: "",
  finished: "",
  host: {},
  stages: [],
};

/** A root with one small valid artifact evaluate/<ID>, and a sentinel file beside the root. */
async function crafted(): Promise<
  { root: string; dir: string; sentinel: string; manifest: Record<string, unknown> }
> {
  const outside = await tempDir();
  const root = join(outside, "root");
  const sentinel = join(outside, "sentinel.txt");
  await Deno.writeTextFile(sentinel, "a secret outside the root\n");
  const { dir, manifest } = await writeArtifact(root, draft(ID), writeOneFile);
  return { root, dir, sentinel, manifest: manifest as unknown as Record<string, unknown> };
}

async function rewriteManifest(dir: string, change: (m: Record<string, unknown>) => unknown): Promise<void> {
  const path = join(dir, MANIFEST_NAME);
  const manifest = JSON.parse(await Deno.readTextFile(path));
  await Deno.writeTextFile(path, JSON.stringify(change(manifest)));
}

async function sentinelEntry(sentinel: string, path: string) {
  const bytes = await Deno.readFile(sentinel);
  return { path, bytes: bytes.length, sha256: sha256Hex(bytes) };
}

Deno.test("readArtifact() refuses file paths that leave the artifact, even when size and hash match the target", async () => {
  for (const path of ["../../sentinel.txt", "/etc/hostname", "a/../a.txt", "./a.txt", "", "sub\\a.txt"]) {
    const { root, dir } = await crafted();
    await rewriteManifest(dir, (m) => ({ ...m, files: [{ path, bytes: 1, sha256: "0".repeat(64) }] }));
    await assert.rejects(
      readArtifact(dir, { root }),
      /manifest\.json: files\.0\.path: not a relative path inside the artifact \(corrupted manifest: /,
      path,
    );
  }
  const { root, dir, sentinel } = await crafted();
  const entry = await sentinelEntry(sentinel, "../../sentinel.txt");
  await rewriteManifest(dir, (m) => ({ ...m, files: [entry] }));
  await assert.rejects(readArtifact(dir, { root }), /not a relative path inside the artifact/);
});

Deno.test("readArtifact() refuses a link inside the artifact that leads out, without revealing its target's size or hash", async () => {
  const { root, dir, sentinel } = await crafted();
  await Deno.remove(join(dir, "a.txt"));
  await Deno.symlink(sentinel, join(dir, "a.txt"));
  const entry = await sentinelEntry(sentinel, "a.txt");
  await rewriteManifest(dir, (m) => ({ ...m, files: [entry] }));
  const error = await readArtifact(dir, { root }).then(() => undefined, (e: Error) => e);
  assert.ok(error, "a link out of the artifact was accepted");
  assert.match(error.message, /a\.txt: not a file inside the artifact \(artifact corrupted/);
  assert.ok(!error.message.includes(entry.sha256) && !error.message.includes(` ${entry.bytes} bytes`));
});

Deno.test("readArtifact() refuses malformed manifests with one line naming the field", async () => {
  const cases: [(m: Record<string, unknown>) => unknown, RegExp][] = [
    [(m) => ({ ...m, files: [] }), /files: lists no files/],
    [(m) => ({ ...m, files: [null] }), /files\.0: /],
    [(m) => ({ ...m, id: "../../../../tmp/x" }), /id: not an artifact id/],
    [(m) => ({ ...m, inputs: [{ kind: "../../tmp/y", id: ID }] }), /inputs\.0\.kind: not a known kind/],
    [(m) => ({ ...m, inputs: [{ kind: "model", id: "../x" }] }), /inputs\.0\.id: not an artifact id/],
    [({ params: _, ...m }) => m, /params: /],
    [({ inputs: _, ...m }) => m, /inputs: /],
    [({ code: _, ...m }) => m, /code: /],
    [(m) => ({ ...m, schema: "model@1" }), /schema: schema and kind disagree/],
    [
      (m) => ({ ...m, files: [(m.files as unknown[])[0], (m.files as unknown[])[0]] }),
      /files: lists a file twice/,
    ],
    [() => null, /manifest\.json: /],
  ];
  for (const [change, message] of cases) {
    const { root, dir } = await crafted();
    await rewriteManifest(dir, change);
    const error = await readArtifact(dir, { root }).then(() => undefined, (e: Error) => e);
    assert.ok(error instanceof SyntaxError, `${message}: ${error}`);
    assert.match(error.message, message);
    assert.match(
      error.message,
      /\(corrupted manifest: rerun 'deno task evaluate' with the flags that made it and --force to recompute it\)$/,
    );
    assert.ok(!error.message.includes("\n"));
  }
});

Deno.test("readArtifact() refuses a file the manifest does not list, and an artifact stored under another id", async () => {
  const { root, dir } = await crafted();
  await Deno.writeTextFile(join(dir, "planted.bin"), "x");
  await assert.rejects(readArtifact(dir, { root }), /planted\.bin: not in the manifest \(artifact corrupted/);
  const other = await crafted();
  const moved = join(other.root, "evaluate", "fedcba9876543210");
  await Deno.rename(other.dir, moved);
  await assert.rejects(
    readArtifact(moved, { root: other.root }),
    /says evaluate\/0123456789abcdef but is stored as evaluate\/fedcba9876543210/,
  );
});

Deno.test("a directory named like an id but without a manifest is replaced by the next write, not left to block it", async () => {
  const root = await tempDir();
  await Deno.mkdir(join(root, "evaluate", ID), { recursive: true });
  await Deno.writeTextFile(join(root, "evaluate", ID, "leftover.bin"), "half a file");
  const written = await writeArtifact(root, draft(ID), writeOneFile);
  assert.equal(written.outcome, "repaired");
  assert.deepEqual(await listDir(written.dir), ["a.txt", "manifest.json"]);
  await readArtifact(written.dir, { root });
});

Deno.test("a LATEST that is not an artifact id is ignored, whatever it points at", async () => {
  const { root } = await crafted();
  for (const text of ["../../elsewhere/evaluate/0123456789abcdef\n", "/etc\n", "\n", "0123456789ABCDEF\n"]) {
    await Deno.writeTextFile(join(root, "evaluate", "LATEST"), text);
    assert.equal(await latestId(root, "evaluate"), undefined, text);
  }
});

Deno.test("a run record that is not valid is skipped with one warning naming its file; the others are read", async () => {
  const root = await tempDir();
  const good = EMPTY_RUN;
  await writeRunRecord(root, good);
  const bad = [
    ["20261126T002548.000Z-0001", "not json"],
    [
      "20261126T002549.000Z-0002",
      JSON.stringify({ ...good, id: "20261126T002549.000Z-0002", stages: [{ kind: "model" }] }),
    ],
    [
      "20261126T002550.000Z-0003",
      JSON.stringify({ ...good, id: "20261126T002550.000Z-0003", stages: [{ ...stage(), id: "../../x" }] }),
    ],
  ];
  for (const [id, text] of bad) await Deno.writeTextFile(join(root, "runs", `${id}.json`), text!);
  const warnings: string[] = [];
  const records = await readRunRecords(root, (line) => warnings.push(line));
  assert.deepEqual(records.map((r) => r.id), [good.id]);
  assert.equal(warnings.length, 3);
  assert.match(
    warnings[0]!,
    /^skipped: .*20261126T002548\.000Z-0001\.json: not valid JSON \(corrupted run record\)$/,
  );
  assert.match(warnings[1]!, /0002\.json: stages\.0\.stage: /);
  assert.match(warnings[2]!, /0003\.json: stages\.0\.id: not an artifact id/);
});

function stage() {
  return {
    stage: "train",
    kind: "model",
    id: ID,
    outcome: "new",
    reasons: [],
    params: {},
    inputs: [],
    seconds: 1,
  };
}

Deno.test("a weights manifest whose paths point anywhere but its own .bin is refused before anything is read", async () => {
  const dir = await tempDir();
  for (
    const paths of [["../../sentinel.bin"], ["/etc/hostname"], ["weights.bin", "weights.bin"], ["other.bin"]]
  ) {
    await Deno.writeTextFile(join(dir, "weights.json"), JSON.stringify([{ paths, weights: [] }]));
    await assert.rejects(
      readWeights(dir, "weights"),
      /weights\.json: (0\.paths\.0: not a relative path inside the directory|expected one weights group in the one file weights\.bin)/,
    );
  }
});

Deno.test("a verified-files cache that is not an object of entries is ignored, and rebuilt", async () => {
  const { root, dir } = await crafted();
  const warn = console.warn;
  const warnings: string[] = [];
  console.warn = (line: string) => warnings.push(line);
  try {
    for (const text of ["null", "[]", '{"x": null}', "{", '"text"']) {
      await Deno.writeTextFile(join(root, ".verified.json"), text);
      await readArtifact(dir, { root });
    }
  } finally {
    console.warn = warn;
  }
  // One warning for each cache that was not one; an entry of null is only a miss.
  assert.equal(warnings.length, 4);
  assert.match(warnings[0]!, /\.verified\.json is not a verified-files cache; ignored/);
  const cache = JSON.parse(await Deno.readTextFile(join(root, ".verified.json")));
  assert.ok(Object.keys(cache).some((path) => path.endsWith("a.txt")));
});

Deno.test("weight and model manifests of the wrong shape are refused in one line, not with a TypeError", async () => {
  const dir = await tempDir();
  for (const text of ["null", '[{"paths": ["weights.bin"], "weights": [{"name": "x"}]}]', '{"a": 1}']) {
    await Deno.writeTextFile(join(dir, "weights.json"), text);
    const error = await readWeights(dir, "weights").then(() => undefined, (e: Error) => e);
    assert.ok(error instanceof SyntaxError, `${text}: ${error}`);
    assert.match(error.message, /weights\.json: /);
  }
});

Deno.test("a manifest that is a FIFO, a link or a directory is refused without being opened", async () => {
  for (const make of ["fifo", "link", "dir"] as const) {
    const { root, dir, sentinel } = await crafted();
    const path = join(dir, MANIFEST_NAME);
    await Deno.remove(path);
    if (make === "fifo") await new Deno.Command("mkfifo", { args: [path] }).output();
    if (make === "link") await Deno.symlink(sentinel, path);
    if (make === "dir") await Deno.mkdir(path);
    await assert.rejects(
      readArtifact(dir, { root }),
      /manifest\.json: not a regular file \(corrupted manifest\)/,
      make,
    );
  }
});

Deno.test("a link on the way from the root to an artifact, a run record or a checkpoint is refused, not followed", async () => {
  const { root, dir } = await crafted();
  const elsewhere = await tempDir();
  // The kind directory replaced by a link to a copy elsewhere.
  await Deno.rename(join(root, "evaluate"), join(elsewhere, "evaluate"));
  await Deno.symlink(join(elsewhere, "evaluate"), join(root, "evaluate"));
  await assert.rejects(readArtifact(dir, { root }), /evaluate: a link inside the artifact root/);
  await assert.rejects(
    writeArtifact(root, draft("fedcba9876543210"), writeOneFile),
    /a link inside the artifact root/,
  );
  assert.deepEqual(await storedEntries(join(elsewhere, "evaluate")), [`.${ID}.<version>`, ID]);
  // The runs directory as a link: nothing is written through it.
  await Deno.mkdir(join(elsewhere, "runs"));
  await Deno.symlink(join(elsewhere, "runs"), join(root, "runs"));
  await assert.rejects(
    writeRunRecord(root, EMPTY_RUN),
    /runs: a link inside the artifact root/,
  );
  assert.deepEqual(await listDir(join(elsewhere, "runs")), []);
});
