/**
 * sweep: a grid of whole pipeline runs from one command. Any flag of `deno task all` takes a
 * list (1,2,3) or an integer range (1..5); the cells are their product, each one
 * `deno task all` run, so whatever is up to date is reused.
 *
 *   deno task sweep [--jobs N] [--max-cells N] [--profile default|smoke|latent-study]
 *                   [--artifacts DIR] [--force] [any stage flag, with lists]
 *                   [--executor local|slurm] [--slurm-partition P] [--slurm-account A]
 *                   [--slurm-time T] [--slurm-cpus 2] [--slurm-mem M] [--slurm-extra "…"]
 *
 * e.g. `deno task sweep --profile smoke --seed 1,2,3 --latent-dim 2,8`. --jobs: cells at
 * once (default: one per two cores). A failed cell does not stop the others; the sweep then
 * exits 1. Running the same command again continues: finished cells are up to date, an
 * interrupted training resumes from its checkpoint. Writes artifacts/sweeps/<id>.json (the
 * grid, each cell's params, run id, outcome, seconds, error and log) and, when done,
 * compares the cells (as `deno task compare <id>`). --profile latent-study: latent sizes
 * 2, 8, 16, 32, 64 × training seeds 1, 2, 3 on the full data, then the study under
 * artifacts/studies/<id>/.
 * --executor slurm: the cells that are not up to date go to Slurm as one job array
 * (sbatch --array, at most --jobs at once), each running its cell's all on the same
 * --artifacts root, which every node must see; waits with a live line from squeue, then
 * records and compares as a local sweep does. Ctrl-C cancels the array (scancel).
 * A grid whose record could outgrow what its readers accept (64 MiB: some 50,000 cells, or a
 * long flag value in every cell) is refused before any cell runs.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { sweepCommand } from "../lib/tools/sweep/sweep_command.ts";

if (import.meta.main) await commandMain(sweepCommand);
