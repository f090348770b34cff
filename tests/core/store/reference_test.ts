// resolveReference() and openInput(): an artifact id is found under its kind or any kind, a run id leads to the artifact of a kind it made or read, anything else is a path, and without a latest artifact the command to run is named.
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeArtifact } from "../../../lib/core/store/artifact_write.ts";
import { recordLatest } from "../../../lib/core/store/latest.ts";
import { openInput, resolveReference } from "../../../lib/core/store/reference.ts";
import { writeRunRecord } from "../../../lib/core/store/run_record.ts";
import { tempDir } from "../../_files.ts";

const MODEL = "00000000000000aa";
const MNIST = "00000000000000bb";
const RUN = "20261126T002547.855Z-87f2";

async function root(): Promise<string> {
  const dir = await tempDir();
  for (const [kind, id] of [["mnist", MNIST], ["model", MODEL]] as const) {
    await writeArtifact(dir, {
      schema: `${kind}@1`,
      kind,
      id,
      params: {},
      inputs: kind === "model" ? [{ kind: "mnist", id: MNIST }] : [],
      env: {},
      code: {},
    }, async (tmp) => {
      await Deno.writeTextFile(join(tmp, "x.txt"), kind);
      return {};
    });
  }
  await writeRunRecord(dir, {
    id: RUN,
    command: [],
    started: "",
    finished: "",
    host: {},
    stages: [{
      stage: "train",
      kind: "model",
      id: MODEL,
      outcome: "new",
      reasons: [],
      params: {},
      inputs: [{ kind: "mnist", id: MNIST }],
      seconds: 1,
    }],
  });
  return dir;
}

Deno.test("resolveReference() finds an artifact id under its kind, or under any kind", async () => {
  const dir = await root();
  assert.equal(await resolveReference(dir, MODEL, "model"), join(dir, "model", MODEL));
  assert.equal(await resolveReference(dir, MNIST), join(dir, "mnist", MNIST));
  await assert.rejects(
    resolveReference(dir, "0123456789abcdef"),
    /^Error: 0123456789abcdef: no artifact with this id under /,
  );
});

Deno.test("resolveReference() takes a run id to the artifact of a kind the run made or read", async () => {
  const dir = await root();
  assert.equal(await resolveReference(dir, RUN, "model"), join(dir, "model", MODEL));
  assert.equal(await resolveReference(dir, RUN, "mnist"), join(dir, "mnist", MNIST));
  await assert.rejects(resolveReference(dir, RUN, "export"), /the run used or made no export artifact/);
  await assert.rejects(resolveReference(dir, RUN), /a run names several artifacts/);
  await assert.rejects(resolveReference(dir, "20990101T000000.000Z-0000", "model"), /no run record/);
});

Deno.test("resolveReference() passes anything else through as a path", async () => {
  assert.equal(await resolveReference("/r", "some/dir", "model"), "some/dir");
});

Deno.test("openInput() reads the latest of its kind, and says which command to run when there is none", async () => {
  const dir = await root();
  await assert.rejects(
    openInput(dir, "model@1", undefined),
    /no model artifact .*run 'deno task train' first/,
  );
  await recordLatest(dir, "model", MODEL);
  assert.equal((await openInput(dir, "model@1", undefined)).manifest.id, MODEL);
  assert.equal((await openInput(dir, "model@1", RUN)).manifest.id, MODEL);
  await assert.rejects(
    openInput(dir, "model@1", "nowhere"),
    /^Error: --from nowhere: not an artifact \(no manifest\.json\)$/,
  );
});
