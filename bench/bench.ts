/**
 * Benchmarks on full-size data (not tests), each engine (wasm, native) side by side in one
 * run: where a training step's time goes (bench/train_step_parts.ts), training throughput
 * over full epochs, the export stage's time and memory, and the evaluate stage's speed and
 * memory with N = 100 on the full test set (both engines evaluate the same export) and
 * N = 10 vs 1000 on a subset. Each stage runs as its own process; its peak RSS is read from
 * /proc (VmHWM).
 *
 *   deno task bench [--epochs 2] [--skip-memory]   (epoch 1 includes start-up and warm-up)
 *
 * Works in a temporary artifact root, removed afterwards.
 */
import { asksForHelp, moduleDoc, usageText } from "../lib/core/cli/usage.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import type { FlagOptions } from "../lib/core/cli/flags.ts";
import { benchFlags, stringValue } from "./_command_line.ts";
import { PROJECT_ROOT } from "../lib/core/store/source_fingerprint.ts";

const OPTIONS = {
  epochs: { type: "string", default: "2" },
  "skip-memory": { type: "boolean" },
} as const satisfies FlagOptions;

if (asksForHelp(Deno.args)) {
  console.log(usageText(moduleDoc(import.meta.url), [{
    title: "bench",
    flags: optionLines(OPTIONS, {
      epochs: { about: "epochs of each training", value: "N" },
      "skip-memory": { about: "leave out the peak-memory runs" },
    }),
  }]));
  Deno.exit(0);
}

interface Measured {
  seconds: number;
  peakRssMiB: number;
  stdout: string;
}

function peakRssKiB(pid: number): number | undefined {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

async function measure(stage: string, args: string[]): Promise<Measured> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${PROJECT_ROOT}/pipeline/${stage}.ts`, ...args],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let peak = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, peakRssKiB(child.pid) ?? 0);
  }, 100);
  const output = await child.output();
  clearInterval(timer);
  const stdout = new TextDecoder().decode(output.stdout);
  if (!output.success) throw new Error(`${stage} ${args.join(" ")} failed:\n${stdout}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMiB: peak / 1024, stdout };
}

const values = benchFlags(OPTIONS, "bench");
const root = await Deno.makeTempDir({ prefix: "vae-bench-" });
const common = ["--artifacts", root];
try {
  const parts = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", `${PROJECT_ROOT}/bench/train_step_parts.ts`],
    stdout: "piped",
  }).output();
  for (const line of new TextDecoder().decode(parts.stdout).trim().split("\n")) console.log(`step: ${line}`);
  await measure("fetch_mnist", common);
  // Native first, so that wasm's model is the latest one, which export then exports.
  for (const engine of ["native", "wasm"]) {
    const train = await measure("train", [
      ...common,
      "--epochs",
      stringValue(values, "epochs"),
      "--engine",
      engine,
    ]);
    const epochLines = train.stdout.split("\n").filter((line) => line.startsWith("epoch "));
    for (const line of epochLines) console.log(`train ${engine}: ${line}`);
    console.log(
      `train ${engine}: peak RSS ${train.peakRssMiB.toFixed(0)} MiB, wall ${
        train.seconds.toFixed(1)
      } s (incl. start-up)`,
    );
  }
  const exported = await measure("export", common);
  console.log(
    `export (reload check on 10000 images): peak RSS ${exported.peakRssMiB.toFixed(0)} MiB, wall ${
      exported.seconds.toFixed(1)
    } s`,
  );
  for (const engine of ["wasm", "native"]) {
    const evaluate = await measure("evaluate", [...common, "--passes", "100", "--engine", engine]);
    console.log(
      `evaluate ${engine} N=100, 10000 images: ${
        evaluate.stdout.split("\n").find((l) => l.includes("passes/s"))
      }`,
    );
    console.log(
      `evaluate ${engine} N=100: peak RSS ${evaluate.peakRssMiB.toFixed(0)} MiB, wall ${
        evaluate.seconds.toFixed(1)
      } s`,
    );
  }
  if (!values["skip-memory"]) {
    for (const engine of ["wasm", "native"]) {
      for (const passes of [10, 1000]) {
        const run = await measure("evaluate", [
          ...common,
          ...["--passes", String(passes), "--images", "500", "--engine", engine],
        ]);
        console.log(
          `evaluate ${engine} N=${passes}, 500 images: peak RSS ${run.peakRssMiB.toFixed(0)} MiB, wall ${
            run.seconds.toFixed(1)
          } s`,
        );
      }
    }
  }
} finally {
  await Deno.remove(root, { recursive: true });
}
