// A run stopped by SIGINT or SIGTERM leaves a run record saying "interrupted" with the stages finished before, exits 130 or 143, and the training that continues it records the epoch it resumed after.
import assert from "node:assert/strict";
import { join } from "node:path";
import { readRunRecords } from "../../../lib/core/store/run_record.ts";
import { PROJECT_ROOT } from "../../../lib/core/store/source_fingerprint.ts";
import { artifactIds, tempDir } from "../../_files.ts";
import { runStageOk } from "../../_commands.ts";

/** Small enough to start fast, long enough (12 epochs) to be stopped while it trains. */
const RUN = [
  ...["--limit-train", "2000", "--limit-test", "100", "--epochs", "12"],
  ...["--hidden-dim", "32", "--latent-dim", "4", "--passes", "3", "--workers", "1"],
];

/**
 * Starts `pipeline/<file>.ts args` as a process, sends it `signal` `delayMs` after its output
 * shows `when`, and gives its exit status, output and the seconds from the signal to its exit.
 */
async function interrupt(
  file: string,
  args: string[],
  when: RegExp,
  signal: Deno.Signal,
  delayMs = 0,
): Promise<{ code: number; stdout: string; stderr: string; secondsToExit: number }> {
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
  let sentAt = 0;
  const stderr = new Response(child.stderr).text();
  for await (const chunk of child.stdout) {
    stdout += decoder.decode(chunk, { stream: true });
    if (!sent && when.test(stdout)) {
      sent = true;
      setTimeout(() => {
        sentAt = performance.now();
        child.kill(signal);
      }, delayMs);
    }
  }
  const status = await child.status;
  assert.ok(
    sent && sentAt > 0,
    `${file} ended before it was signalled (${when}):\n${stdout}\n${await stderr}`,
  );
  return {
    code: status.code,
    stdout,
    stderr: await stderr,
    secondsToExit: (performance.now() - sentAt) / 1000,
  };
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

/**
 * Seconds a stage may take to end once signalled mid-computation: about 0.5 s measured, with room
 * for a CI machine that runs the other tests in parallel; the computations below outlast it
 * several times over when the signal waits for them.
 */
const PROMPT_EXIT_SECONDS = 6;

Deno.test("SIGINT while evaluate computes its passes on one thread ends it within seconds: 130 and an interrupted run record", async () => {
  const root = await tempDir();
  await runStageOk("all", [
    "--artifacts",
    root,
    ...["--limit-train", "500", "--limit-test", "100", "--epochs", "1"],
    ...["--hidden-dim", "16", "--latent-dim", "2", "--passes", "3", "--workers", "1"],
  ]);
  // One chunk of 100 images × 20,000 passes: about a minute of synchronous computing, signalled
  // 3 s in. Before, the signal was handled only after the last pass.
  const run = await interrupt(
    "evaluate",
    ["--artifacts", root, "--passes", "20000", "--workers", "1"],
    /computing, because param passes 3 → 20000/,
    "SIGINT",
    3000,
  );
  assert.equal(run.code, 130, run.stderr);
  assert.ok(run.secondsToExit < PROMPT_EXIT_SECONDS, `evaluate ended ${run.secondsToExit} s after SIGINT`);
  assert.match(run.stderr.trim().split("\n").at(-1)!, /^evaluate: interrupted by SIGINT during evaluate/);
  const records = await readRunRecords(root);
  assert.deepEqual(records.map((r) => r.status), ["ok", "interrupted"]);
});

Deno.test("SIGINT while train --workers 1 runs a long epoch ends it within seconds: 130 and an interrupted run record", async () => {
  const root = await tempDir();
  await runStageOk("fetch_mnist", ["--artifacts", root, "--limit-train", "30000", "--limit-test", "100"]);
  // Epochs of 30,000 images through a 512-unit layer: 5 s or more each; signalled 1 s into epoch 2.
  // Before, the signal was handled at the epoch's end, when its checkpoint was written.
  const run = await interrupt(
    "train",
    ["--artifacts", root, "--epochs", "3", "--latent-dim", "2", "--workers", "1"],
    /^epoch 1\/3 /m,
    "SIGINT",
    1000,
  );
  assert.equal(run.code, 130, run.stderr);
  const epochSeconds = Number(/^epoch 1\/3 .* ([0-9.]+) s {2}/m.exec(run.stdout)![1]);
  assert.ok(epochSeconds >= 3, `an epoch took ${epochSeconds} s: too short to be interrupted inside`);
  // Waiting for the epoch's end would take epochSeconds − 1 s from the signal.
  assert.ok(
    run.secondsToExit < Math.min(PROMPT_EXIT_SECONDS, 0.6 * epochSeconds),
    `train ended ${run.secondsToExit} s after SIGINT (an epoch takes ${epochSeconds} s)`,
  );
  assert.match(run.stderr.trim().split("\n").at(-1)!, /^train: interrupted by SIGINT during train/);
  const records = await readRunRecords(root);
  assert.deepEqual(records.map((r) => r.status), ["ok", "interrupted"]);
});
