// A run stopped by SIGINT or SIGTERM leaves a run record saying "interrupted" with the stages finished before, exits 130 or 143, and the training that continues it records the epoch it resumed after.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readRunRecords } from "../../lib/store/run_record.ts";
import { PROJECT_ROOT } from "../../lib/store/source_fingerprint.ts";
import { artifactIds, runStageOk, tempDir } from "../_helpers.ts";

/** Small enough to start fast, long enough (12 epochs) to be stopped while it trains. */
const RUN = [
  ...["--limit-train", "2000", "--limit-test", "100", "--epochs", "12"],
  ...["--hidden-dim", "32", "--latent-dim", "4", "--passes", "3", "--workers", "1"],
];

/**
 * Starts `pipeline/<file>.ts args` as a process, sends it `signal` once its output shows
 * `when`, and gives its exit status and output.
 */
async function interrupt(
  file: string,
  args: string[],
  when: RegExp,
  signal: Deno.Signal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", join(PROJECT_ROOT, "pipeline", `${file}.ts`), ...args],
    cwd: PROJECT_ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  const decoder = new TextDecoder();
  let stdout = "";
  let sent = false;
  const stderr = new Response(child.stderr).text();
  for await (const chunk of child.stdout) {
    stdout += decoder.decode(chunk, { stream: true });
    if (!sent && when.test(stdout)) {
      child.kill(signal);
      sent = true;
    }
  }
  const status = await child.status;
  assert.ok(sent, `${file} ended before it printed ${when}:\n${stdout}\n${await stderr}`);
  return { code: status.code, stdout, stderr: await stderr };
}

Deno.test("SIGINT to all during train, SIGTERM to train alone: interrupted run records, 130 and 143; the next run records where training resumed", async () => {
  const root = await tempDir();
  const all = await interrupt("all", ["--artifacts", root, ...RUN], /^epoch 2\/12 /m, "SIGINT");
  assert.equal(all.code, 130, all.stderr);
  const line = all.stderr.trim().split("\n").at(-1)!;
  assert.match(
    line,
    /^all: interrupted by SIGINT during train \(stages finished: fetch-mnist\); run the same command again to continue \(run recorded: .*\.json\)$/,
  );
  let records = await readRunRecords(root);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.status, "interrupted");
  assert.deepEqual(records[0]!.stages.map((s) => s.stage), ["fetch-mnist"]);
  assert.equal(records[0]!.error, line.replace(/ \(run recorded: .*\)$/, ""));
  assert.deepEqual(await artifactIds(root, "model"), [], "an interrupted training stores no model");
  const listing = await runStageOk("runs", ["--artifacts", root]);
  assert.match(listing.stdout, /\n {2}INTERRUPTED: all: interrupted by SIGINT during train/);

  // The train stage alone, stopped as a sweep or Slurm stops a cell: SIGTERM, 143.
  const trainFlags = RUN.filter((_, i) =>
    !["--limit-train", "--limit-test", "--passes"].includes(RUN[i - (i % 2)]!)
  );
  const train = await interrupt(
    "train",
    ["--artifacts", root, ...trainFlags],
    /^epoch [4-9]\/12 /m,
    "SIGTERM",
  );
  assert.equal(train.code, 143, train.stderr);
  assert.match(train.stdout, /resuming after epoch [1-9] /);
  assert.match(
    train.stderr.trim().split("\n").at(-1)!,
    /^train: interrupted by SIGTERM during train \(stages finished: none\)/,
  );
  records = await readRunRecords(root);
  assert.equal(records.length, 2);
  assert.equal(records[1]!.status, "interrupted");
  assert.deepEqual(records[1]!.stages, []);

  // Continued: the training resumes from the newest checkpoint, and its run record says so.
  const done = await runStageOk("all", ["--artifacts", root, ...RUN]);
  const resumedAfter = Number(/resuming after epoch (\d+) /.exec(done.stdout)![1]);
  assert.ok(resumedAfter >= 3 && resumedAfter < 12, `resumed after epoch ${resumedAfter}`);
  records = await readRunRecords(root);
  const last = records.at(-1)!;
  assert.equal(last.status, "ok");
  const trained = last.stages.find((s) => s.stage === "train")!;
  assert.equal(trained.outcome, "new");
  assert.equal(trained.resumedAfterEpoch, resumedAfter);
  assert.deepEqual(last.stages.filter((s) => s.resumedAfterEpoch !== undefined).map((s) => s.stage), [
    "train",
  ]);
  const again = await runStageOk("runs", ["--artifacts", root]);
  assert.match(
    again.stdout,
    new RegExp(`train +model [0-9a-f]{16} +new .*\\(resumed after epoch ${resumedAfter}\\)`),
  );
});
