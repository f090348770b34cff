/**
 * diff: compares two artifacts and says what changed, by how much, and whether that is more
 * than noise.
 *
 *   deno task diff A B [--all] [--json] [--out DIR] [--artifacts DIR]
 *
 * A and B are artifact ids (looked up under every kind), artifact directories, or two run
 * ids (then every stage's artifacts are compared, in pipeline order). The report opens with
 * the verdict: what differs in the making (params, data, source files), then each headline
 * metric's change judged against the training-seed spread of A's and B's configurations
 * (from sweeps under the root) when they are two trainings, or against the evaluation-seed
 * noise when they are one model evaluated twice; with no spread known it prints the sweep
 * that would measure it. The detail follows, summarised (--all: every file, tensor and
 * number; --json: everything, verdict included). Exit status as diff(1): 0 identical files,
 * 1 different, 2 error (unknown id, corrupt artifact). Pictures go to --out (default
 * artifacts/diffs/<A>-<B>/): old | new | |Δ| of changed PNGs, and two models' loss curves
 * overlaid (loss_curves.png).
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { diffCommand } from "../lib/tools/diff/diff_command.ts";

if (import.meta.main) await commandMain(diffCommand);
