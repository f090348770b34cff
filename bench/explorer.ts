/**
 * How quickly the viewer answers, on the latest evaluation of an artifact root:
 *
 * - server start: from spawning `deno run -A pipeline/view.ts --port 0 --artifacts DIR` to
 *   its "viewing … at http://" line, --starts times (target < 1 s);
 * - the explorer's script: the first request of /assets/explorer.js, which bundles
 *   lib/tools/view/explorer/ (deno bundle), and a second one, served from memory;
 * - in Chromium (tfjs' cpu backend, as the page runs it), the explorer's update for its
 *   K = 16 passes after a new digit and after a slider move, --repeat of each, median and
 *   max (target < 100 ms): the duration window.explorer reports (model calls and canvas
 *   writes), and the time until the next animation frame after it (which includes the
 *   running mean's first ~25 ms of decoding);
 * - N = 1,000: from setting N to 1,000 on a new digit until the running mean holds 1,000
 *   passes (decoded in chunks of 10, ~25 ms of them per animation frame), median of --repeat / 4;
 * - noise only where you say: the RMS change of the K passes from decoder(z_mean) with ε in
 *   the active dimensions only and in the inactive ones only, and their ratio, over the
 *   first 20 test digits;
 * - the K passes alone, computed the explorer's way (the vae model on [x repeated K times,
 *   s·ε]) and the other way (the decoder on K sampled z), interleaved, median of each.
 *
 *   deno task bench:explorer [--artifacts DIR] [--starts 5] [--repeat 20] [--screenshot PNG]
 *
 * --screenshot saves the explorer as it opens (test digit 0, N = 1,000, the map decoding a
 * point), at 1280 px wide, before the timings: lib/tools/view/assets/explorer_screenshot.png is made
 * this way.
 *
 * --artifacts defaults to `artifacts`. Needs Chromium at /usr/bin/chromium.
 */
import { resolve } from "node:path";
import { asksForHelp, moduleDoc, usageText } from "../lib/core/cli/usage.ts";
import { optionLines } from "../lib/core/cli/flag_help.ts";
import type { FlagOptions } from "../lib/core/cli/flags.ts";
import { benchFlags, stringValue } from "./_command_line.ts";
import { chromium, type Page } from "playwright-core";
import { latestId } from "../lib/core/store/latest.ts";
import { PROJECT_ROOT } from "../lib/core/store/source_fingerprint.ts";
import type { ExplorerHandle } from "../lib/tools/view/explorer/explorer_handle.ts";

const CHROMIUM = "/usr/bin/chromium";
/** Updates run before timing: the first calls of a model are slower while the JS engine compiles. */
const WARMUP = 3;
const TARGET_START_S = 1;
const TARGET_UPDATE_MS = 100;

// deno-lint-ignore no-explicit-any
type PageGlobals = { explorer: ExplorerHandle; tf: any; requestAnimationFrame(callback: () => void): void };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function verdict(value: number, target: number): string {
  return value < target ? "within" : "OVER";
}

/** Starts the viewer as its own process; resolves when it says where it listens. */
async function startViewerProcess(
  root: string,
): Promise<{ child: Deno.ChildProcess; url: string; seconds: number }> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${PROJECT_ROOT}/pipeline/view.ts`, "--port", "0", "--artifacts", root],
    cwd: PROJECT_ROOT,
    stdout: "piped",
    stderr: "inherit",
    env: { NO_COLOR: "1" },
  }).spawn();
  const text = child.stdout.pipeThrough(new TextDecoderStream());
  const reader = text.getReader();
  let seen = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`view exited before listening: ${seen}`);
    seen += value;
    const match = /viewing .* at (http:\/\/\S+)/.exec(seen);
    if (match) {
      const seconds = (performance.now() - started) / 1000;
      reader.releaseLock();
      text.pipeTo(new WritableStream()).catch(() => {});
      return { child, url: match[1]!, seconds };
    }
  }
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  child.kill("SIGTERM");
  await child.status;
}

/** Times `count` updates made by `act(i)`: the explorer's own duration and the time to the next frame. */
function timeUpdates(
  page: Page,
  action: "digit" | "scale",
  count: number,
): Promise<{ update: number[]; frame: number[] }> {
  return page.evaluate(async ({ action, count, warmup }) => {
    const { explorer, requestAnimationFrame: frame } = globalThis as unknown as PageGlobals;
    const update: number[] = [];
    const toFrame: number[] = [];
    for (let i = 0; i < warmup + count; i++) {
      const started = performance.now();
      if (action === "digit") explorer.setDigit((i + 1) % 50);
      else explorer.setScale(Math.round(((i * 37) % 100) + 1) / 100);
      await new Promise<void>((done) => frame(() => done()));
      if (i < warmup) continue;
      update.push(explorer.lastUpdateMs);
      toFrame.push(performance.now() - started);
    }
    return { update, frame: toFrame };
  }, { action, count, warmup: WARMUP });
}

/** The K passes alone, both ways, interleaved: [vae on (x × K, s·ε), decoder on K sampled z] in ms. */
function timePassWays(page: Page, count: number): Promise<{ vae: number[]; decoder: number[] }> {
  return page.evaluate(({ count, warmup }) => {
    const { explorer, tf } = globalThis as unknown as PageGlobals;
    const { encoder, decoder, vae } = explorer.models!;
    const k = explorer.k;
    const x = tf.tensor2d(explorer.drawn.x, [1, explorer.drawn.x.length]);
    const xK = tf.tile(x, [k, 1]);
    const [zMean, zLogVar] = encoder.predict(x) as typeof x[];
    const eps = tf.randomNormal([k, zMean.shape[1]], 0, 1, "float32", 1);
    const time = (run: () => unknown) => {
      const started = performance.now();
      tf.tidy(() => (run() as { dataSync(): unknown }).dataSync());
      return performance.now() - started;
    };
    const out = { vae: [] as number[], decoder: [] as number[] };
    for (let i = 0; i < warmup + count; i++) {
      const s = 0.5 + i / (2 * (warmup + count));
      const viaVae = time(() => vae.predict([xK, tf.mul(eps, s)], { batchSize: k }));
      const viaDecoder = time(() =>
        decoder.predict(tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), tf.mul(eps, s))), { batchSize: k })
      );
      if (i < warmup) continue;
      out.vae.push(viaVae);
      out.decoder.push(viaDecoder);
    }
    tf.dispose([x, xK, zMean, zLogVar, eps]);
    return out;
  }, { count, warmup: WARMUP });
}

/** Time from setting N = 1,000 on a fresh digit until the running mean holds it, `count` times (ms). */
function timeThousand(page: Page, count: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const { explorer } = globalThis as unknown as PageGlobals;
    const out: number[] = [];
    for (let i = 0; i < count; i++) {
      explorer.setPasses(1);
      explorer.setDigit((i * 7 + 1) % 50);
      await explorer.settled();
      const started = performance.now();
      explorer.setPasses(explorer.maxPasses);
      await explorer.settled();
      out.push(performance.now() - started);
    }
    explorer.setPasses(100);
    await explorer.settled();
    return out;
  }, count);
}

/** RMS change of the K passes from decoder(z_mean) with ε in the active, then the inactive dimensions only. */
function noiseChange(
  page: Page,
  digits: number,
): Promise<{ active: number; inactive: number; activeDims: number }> {
  return page.evaluate((digits) => {
    const { explorer } = globalThis as unknown as PageGlobals;
    const rms = () => {
      let sum = 0;
      for (const pass of explorer.drawn.passes) {
        pass.forEach((v, i) => sum += (v - explorer.drawn.meanDecode[i]!) ** 2);
      }
      return sum / (explorer.drawn.passes.length * explorer.drawn.meanDecode.length);
    };
    const total = { active: 0, inactive: 0 };
    explorer.setScale(1);
    for (let digit = 0; digit < digits; digit++) {
      explorer.setDigit(digit);
      for (const mode of ["active", "inactive"] as const) {
        explorer.setNoise(mode);
        total[mode] += rms();
      }
    }
    explorer.setNoise("all");
    return {
      active: Math.sqrt(total.active / digits),
      inactive: Math.sqrt(total.inactive / digits),
      activeDims: explorer.drawn.active.filter(Boolean).length,
    };
  }, digits);
}

const OPTIONS = {
  artifacts: { type: "string", default: "artifacts" },
  starts: { type: "string", default: "5" },
  repeat: { type: "string", default: "20" },
  screenshot: { type: "string" },
} as const satisfies FlagOptions;

if (asksForHelp(Deno.args)) {
  console.log(usageText(moduleDoc(import.meta.url), [{
    title: "bench:explorer",
    flags: optionLines(OPTIONS, {
      artifacts: { about: "artifact root whose latest evaluation is explored", value: "DIR" },
      starts: { about: "viewer starts to time", value: "N" },
      repeat: { about: "timed explorer updates of each kind", value: "N" },
      screenshot: { about: "save a screenshot of the explorer here first", value: "PNG" },
    }),
  }]));
  Deno.exit(0);
}

const values = benchFlags(OPTIONS, "bench:explorer");
const root = resolve(stringValue(values, "artifacts"));
const starts = Number(stringValue(values, "starts"));
const repeat = Number(stringValue(values, "repeat"));
const evaluateId = await latestId(root, "evaluate");
if (!evaluateId) {
  throw new Error(`--artifacts ${root}: no evaluate artifact (no evaluate/LATEST); run 'deno task all'`);
}
if (!(await Deno.stat(CHROMIUM).then((info) => info.isFile, () => false))) {
  throw new Error(`bench:explorer needs Chromium at ${CHROMIUM}: apt-get install chromium`);
}
const load = (await Deno.readTextFile("/proc/loadavg").catch(() => "?")).split(" ").slice(0, 3).join(" ");
console.log(
  `root ${root}, evaluation ${evaluateId}; ${navigator.hardwareConcurrency} cores, load average ${load}`,
);

const startTimes: number[] = [];
let server: Awaited<ReturnType<typeof startViewerProcess>> | undefined;
for (let i = 0; i < starts; i++) {
  if (server) await stop(server.child);
  server = await startViewerProcess(root);
  startTimes.push(server.seconds);
}
console.log(
  `server start (spawn to "viewing … at http://"), ${starts} starts: ${
    startTimes.map((s) => s.toFixed(2)).join(", ")
  } s; median ${median(startTimes).toFixed(2)} s, max ${Math.max(...startTimes).toFixed(2)} s ` +
    `(target < ${TARGET_START_S} s: ${verdict(Math.max(...startTimes), TARGET_START_S)})`,
);

// The explorer's script: bundled on the first request, from memory after.
const scriptTimes: number[] = [];
for (let i = 0; i < 2; i++) {
  const started = performance.now();
  const response = await fetch(`${server!.url}assets/explorer.js`);
  const bytes = (await response.arrayBuffer()).byteLength;
  if (!response.ok) throw new Error(`/assets/explorer.js: HTTP ${response.status}`);
  scriptTimes.push(performance.now() - started);
  if (i === 1) {
    console.log(
      `explorer script (${(bytes / 1024).toFixed(0)} KiB): first request (deno bundle) ${
        scriptTimes[0]!.toFixed(0)
      } ms, ` +
        `second (from memory) ${scriptTimes[1]!.toFixed(1)} ms`,
    );
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  const opened = performance.now();
  await page.goto(`${server!.url}evaluation/${evaluateId}`);
  await page.evaluate(() => (globalThis as unknown as PageGlobals).explorer.ready);
  const readyMs = performance.now() - opened;
  const shape = await page.evaluate(() => {
    const { explorer } = globalThis as unknown as PageGlobals;
    return { k: explorer.k, latent: explorer.models!.encoder.outputs[0]!.shape[1] as number };
  });
  console.log(
    `Chromium ${browser.version()}: page open to explorer ready ${readyMs.toFixed(0)} ms ` +
      `(tfjs, models and digits loaded, first update drawn); K = ${shape.k}, latent dims ${shape.latent}`,
  );
  const screenshot = values.screenshot;
  if (typeof screenshot === "string") {
    await page.evaluate(async () => {
      const { explorer } = globalThis as unknown as PageGlobals;
      explorer.setPasses(explorer.maxPasses);
      await explorer.settled();
      explorer.setScale(1); // a warm update's time in the timing line, not the first one's
      await explorer.settled();
      const { dims, box } = explorer.map!;
      // A point between this digit's z_mean and the map's upper-right corner.
      explorer.decodeMapPoint(
        (explorer.drawn.zMean[dims[0]]! + box.xMax) / 2,
        (explorer.drawn.zMean[dims[1]]! + box.yMax) / 2,
      );
    });
    await page.locator("#explorer").screenshot({ path: screenshot });
    console.log(`screenshot: ${screenshot}`);
  }
  for (const action of ["digit", "scale"] as const) {
    const { update, frame } = await timeUpdates(page, action, repeat);
    const what = action === "digit" ? "new digit  " : "slider move";
    console.log(
      `${what}: update median ${median(update).toFixed(1)} ms, max ${Math.max(...update).toFixed(1)} ms ` +
        `(target < ${TARGET_UPDATE_MS} ms: median ${verdict(median(update), TARGET_UPDATE_MS)}, max ${
          verdict(Math.max(...update), TARGET_UPDATE_MS)
        }); to the next frame median ${median(frame).toFixed(1)} ms, max ${
          Math.max(...frame).toFixed(1)
        } ms ` +
        `(${repeat} after ${WARMUP} warm-up)`,
    );
  }
  const thousand = await timeThousand(page, Math.max(1, Math.round(repeat / 4)));
  console.log(
    `N = 1,000 passes: running mean complete ${median(thousand).toFixed(0)} ms (median; max ${
      Math.max(...thousand).toFixed(0)
    } ms) after setting N on a new digit (chunks of 10 passes, ~25 ms of them per animation frame; ${thousand.length} times)`,
  );
  const noise = await noiseChange(page, 20);
  console.log(
    `noise only where you say (first 20 test digits, s = 1, ${noise.activeDims} of ${shape.latent} dims active): ` +
      `RMS change from decoder(z_mean) ${noise.active.toExponential(3)} with ε in the active dims only, ` +
      `${noise.inactive.toExponential(3)} in the inactive ones only: ${
        noise.inactive > 0 ? `${(noise.active / noise.inactive).toFixed(0)}× smaller` : "no change at all"
      }`,
  );
  const ways = await timePassWays(page, repeat);
  console.log(
    `the ${shape.k} passes alone: vae on [x × ${shape.k}, s·ε] median ${median(ways.vae).toFixed(1)} ms, ` +
      `decoder on ${shape.k} sampled z median ${median(ways.decoder).toFixed(1)} ms`,
  );
  if (errors.length) throw new Error(`the page reported errors:\n${errors.join("\n")}`);
} finally {
  await browser.close();
  if (server) await stop(server.child);
}
