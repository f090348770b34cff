/**
 * compare: runs side by side, one row per configuration (runs that differ only in their
 * training or evaluation seed are one), each headline metric as mean ± std over them with the
 * 95 % interval of the mean (Student t, n − 1 degrees of freedom), and n. Only the params that
 * vary get a column.
 *
 *   deno task compare <sweep-id | run-id…> [--baseline FLAG=VALUE[,…]] [--json | --csv] [--out DIR] [--artifacts DIR]
 *
 * --baseline names one configuration (e.g. latent-dim=2); every other one gets, per metric,
 * the difference of means, its 95 % Welch interval and a two-sided p-value, Holm-corrected
 * over all the differences tested; below 3 runs per side: "too few seeds to judge".
 *
 * Metrics: final val_loss, sampled −ELBO, mean-decode reconstruction, the gap between them
 * (nats), single-pass RMS against the mean decode, mean pixel variance, the importance-
 * weighted bound, active latent dimensions. Writes table.txt, table.csv, table.json and a
 * PNG plot of each metric against each numeric varying param (bars: the 95 % interval of the
 * mean) with the Vega-Lite spec it was drawn from (<plot>.vl.json, to restyle) to --out
 * (default artifacts/compare/<sweep-id>/). For a latent-study sweep it also writes the study
 * (artifacts/studies/<sweep-id>/study.md), with the cells finished so far.
 */
import { commandMain } from "../lib/core/cli/main.ts";
import { compareCommand } from "../lib/tools/compare/compare_command.ts";

if (import.meta.main) await commandMain(compareCommand);
