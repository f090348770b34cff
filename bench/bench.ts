/**
 * Benchmarks on full-size data (not tests), each engine (wasm, native) side by side in one
 * run, with PyTorch beside them: where a training step's time goes and the fraction of the
 * sgemm rate the native step reaches (bench/train_step_parts.ts), training throughput over
 * full epochs (native, wasm, and PyTorch in each thread setting, bench/pytorch_peer.py), the
 * export stage's time and memory, and the evaluate stage's speed and memory with N = 100 on
 * the full test set (both engines evaluate the same export) and N = 10 vs 1000 on a subset.
 * Each stage runs as its own process; its peak RSS is read from /proc (VmHWM). Progress lines
 * come first, then one table of every figure.
 *
 *   deno task bench [--epochs 2] [--skip-memory] [--skip-pytorch] [--pytorch-images N]
 *
 * Epoch 1 includes start-up and warm-up. PyTorch is Debian's python3-torch under
 * /usr/bin/python3; where it is missing, one line says how to install it and the rest runs.
 * Works in a temporary artifact root, removed afterwards.
 */
import { join } from "node:path";
import { asksForHelp, moduleDoc, usageText } from "../lib/core/cli/usage.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import { errorLine } from "../lib/core/cli/main.ts";
import { type FlagOptions, numberFlag } from "../lib/core/cli/flags.ts";
import { MNIST_FILES } from "../lib/stages/fetch_mnist/mnist_files.ts";
import { PROJECT_ROOT } from "../lib/core/store/source_fingerprint.ts";
import { benchFlags } from "./_command_line.ts";
import { type BenchRow, epochsFigure, markdownTable, peerRows } from "./bench_table.ts";
import { measureChild, type Measured } from "./measured_child.ts";
import { measurePeer, PEER_MISSING_LINE, pytorchInstalled } from "./pytorch_peer_runs.ts";
import { epochSamplesPerSecond, evaluateFigures, sgemmFractions } from "./stage_figures.ts";

const OPTIONS = {
  epochs: { type: "string", default: "2" },
  "skip-memory": { type: "boolean" },
  "skip-pytorch": { type: "boolean" },
  "pytorch-images": { type: "string" },
} as const satisfies FlagOptions;

if (asksForHelp(Deno.args)) {
  console.log(usageText(moduleDoc(import.meta.url), [{
    title: "bench",
    flags: optionLines(OPTIONS, {
      epochs: { about: "epochs of each training (native, wasm, each PyTorch setting)", value: "N" },
      "skip-memory": { about: "leave out the peak-memory runs" },
      "skip-pytorch": { about: "leave out PyTorch" },
      "pytorch-images": {
        about: "PyTorch trains on the first N training images (default all 60,000)",
        value: "N",
      },
    }),
  }]));
  Deno.exit(0);
}

const values = benchFlags(OPTIONS, "bench");
let epochs: number;
let pytorchImages: number | undefined;
try {
  epochs = numberFlag(values, "epochs", { default: 2, min: 1, integer: true });
  pytorchImages = values["pytorch-images"] === undefined
    ? undefined
    : numberFlag(values, "pytorch-images", { default: 60000, min: 1, max: 60000, integer: true });
} catch (e) {
  console.error(errorLine("bench", e));
  Deno.exit(2);
}

/** Runs pipeline stage `stage` with `args`; a failed stage ends the bench with its output. */
async function stage(stage: string, args: string[]): Promise<Measured> {
  const run = await measureChild(Deno.execPath(), [
    "run",
    "--allow-all",
    join(PROJECT_ROOT, "pipeline", `${stage}.ts`),
    ...args,
  ], {
    cwd: PROJECT_ROOT,
  });
  if (!run.success) throw new Error(`${stage} ${args.join(" ")} failed:\n${run.stdout}`);
  return run;
}

/** The training images of the one mnist artifact under `root`. */
async function trainImagesPath(root: string): Promise<string> {
  const name = MNIST_FILES.find((spec) => spec.split === "train" && spec.kind === "images")!.name;
  for await (const entry of Deno.readDir(join(root, "mnist"))) {
    if (entry.isDirectory) return join(root, "mnist", entry.name, name);
  }
  throw new Error(`${root}/mnist: no mnist artifact after fetch-mnist`);
}

const mib = (run: Measured) => run.peakRssMiB;
const rows: BenchRow[] = [];
const root = await Deno.makeTempDir({ prefix: "vae-bench-" });
const common = ["--artifacts", root];
try {
  const parts = await measureChild(Deno.execPath(), [
    "run",
    "--allow-all",
    join(PROJECT_ROOT, "bench/train_step_parts.ts"),
  ]);
  for (const line of parts.stdout.trim().split("\n")) console.log(`step: ${line}`);
  let sgemmRow: BenchRow;
  try {
    const fractions = sgemmFractions(parts.stdout, "bench/train_step_parts.ts");
    sgemmRow = {
      measured: "native training step: share of the sgemm rate",
      by: `native, step on ${fractions.map((f) => f.threads).join(" / ")} thread(s)`,
      figure: fractions.map((f) => `${f.percent}%`).join(" / "),
    };
  } catch (e) {
    sgemmRow = {
      measured: "native training step: share of the sgemm rate",
      by: "native",
      figure: (e as Error).message,
    };
  }
  await stage("fetch_mnist", common);
  const trained: Record<string, number[]> = {};
  // Native first, so that wasm's model is the latest one, which export then exports.
  for (const engine of ["native", "wasm"]) {
    const train = await stage("train", [...common, "--epochs", String(epochs), "--engine", engine]);
    trained[engine] = epochSamplesPerSecond(train.stdout, `train --engine ${engine}`);
    for (const line of train.stdout.split("\n").filter((l) => l.startsWith("epoch "))) {
      console.log(`train ${engine}: ${line}`);
    }
    console.log(
      `train ${engine}: peak RSS ${mib(train).toFixed(0)} MiB, wall ${
        train.seconds.toFixed(1)
      } s (incl. start-up)`,
    );
    rows.push({
      measured: "train",
      by: engine,
      figure: epochsFigure(trained[engine]!),
      peakRssMiB: mib(train),
    });
  }
  if (values["skip-pytorch"]) {
    console.log("pytorch: left out (--skip-pytorch)");
  } else if (!(await pytorchInstalled())) {
    console.log(PEER_MISSING_LINE);
  } else {
    const peers = await measurePeer(
      { imagesPath: await trainImagesPath(root), epochs, limit: pytorchImages },
      (line) => console.log(line),
    );
    rows.push(...peerRows(peers, trained["native"]));
  }
  rows.push(sgemmRow);
  const exported = await stage("export", common);
  console.log(
    `export (reload check on 10000 images): peak RSS ${mib(exported).toFixed(0)} MiB, wall ${
      exported.seconds.toFixed(1)
    } s`,
  );
  rows.push({
    measured: "export (reload check on 10,000 images)",
    by: "wasm",
    figure: `${exported.seconds.toFixed(1)} s wall`,
    peakRssMiB: mib(exported),
  });
  for (const engine of ["native", "wasm"]) {
    const evaluate = await stage("evaluate", [...common, "--passes", "100", "--engine", engine]);
    const figures = evaluateFigures(evaluate.stdout, `evaluate --engine ${engine}`);
    console.log(
      `evaluate ${engine} N=100, 10000 images: ${
        evaluate.stdout.split("\n").find((l) => l.includes("passes/s"))
      }`,
    );
    console.log(
      `evaluate ${engine} N=100: peak RSS ${mib(evaluate).toFixed(0)} MiB, wall ${
        evaluate.seconds.toFixed(1)
      } s`,
    );
    rows.push({
      measured: "evaluate N = 100 × 10,000 images",
      by: engine,
      figure: `${figures.seconds.toFixed(1)} s on ${figures.threads} thread(s), ${
        figures.passesPerSecond.toLocaleString("en-US")
      } passes/s; ${evaluate.seconds.toFixed(1)} s wall`,
      peakRssMiB: mib(evaluate),
    });
  }
  if (!values["skip-memory"]) {
    for (const engine of ["native", "wasm"]) {
      for (const passes of [10, 1000]) {
        const run = await stage("evaluate", [...common, ...[
          "--passes",
          String(passes),
          "--images",
          "500",
          "--engine",
          engine,
        ]]);
        console.log(
          `evaluate ${engine} N=${passes}, 500 images: peak RSS ${mib(run).toFixed(0)} MiB, wall ${
            run.seconds.toFixed(1)
          } s`,
        );
        rows.push({
          measured: "evaluate N = 10 / 1,000 × 500 images",
          by: `${engine}, N = ${passes}`,
          figure: `${run.seconds.toFixed(1)} s wall`,
          peakRssMiB: mib(run),
        });
      }
    }
  }
  console.log("");
  console.log(markdownTable(rows));
} finally {
  await Deno.remove(root, { recursive: true });
}
