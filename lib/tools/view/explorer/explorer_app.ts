/// <reference lib="dom" />
/**
 * The evaluation page's live explorer: the exported models run in the page (tfjs "cpu"
 * backend: deterministic, and it works headless) on one digit at a time, to show why
 * `decoder(z_mean)` and `vae(x)` give different digits, and by which mechanism. It fetches
 * only from this server: the three models under /files/export/<id>/ and the first test
 * digits from /data/digits/<mnist-id>. Bundled for the browser by explorer_bundle.ts, with
 * `@tensorflow/tfjs` standing for the page's global `tf` (tf.min.js), so the Sampling layer,
 * the reparameterisation, the active-unit rule and the colour maps are lib/'s own.
 *
 * What it shows for the chosen (or hand-drawn) digit x, with ε = tf.randomNormal([1000, L],
 * 0, 1, "float32", seed), s the ε scale (0 to 3) and m the noise mode's mask (1 in the
 * dimensions where ε is sampled, 0 elsewhere):
 * - x, decoder(z_mean), K = 16 passes vae(x, s·m·ε_k) and their per-pixel standard deviation:
 *   the encoder once, then the decoder on the K sampled z = sampleLatent(z_mean, z_log_var,
 *   s·m·ε_k), which is what the exported vae model computes on [x repeated K times, s·m·ε], bit
 *   for bit (the same Sampling function; a row's matMul does not depend on the others), without
 *   encoding the same x K times. Every decode runs the exported decoder's weights through
 *   dense_forward.ts, which gives decoder.predict's floats bit for bit in about half the time;
 * - the running mean of the first N passes (1 to 1,000) beside decoder(z_mean), and
 *   |running mean − decoder(z_mean)| as a heatmap and as numbers for every N up to the one
 *   asked: those passes are decoder(sampleLatent(z_mean, z_log_var, s·m·ε_n)), the very
 *   function the Sampling layer calls, computed in chunks, frame by frame;
 * - per latent dimension (numbered from 0): active or not (variance of z_mean over the test
 *   digits > 0.01), mean KL over them, this image's z_mean and σ, and the image change of a
 *   1σ step along it alone; ordered by index, KL or σ;
 * - the latent map: the test digits' z_mean in the two dimensions with the most KL (a slice
 *   through them for a latent of more than 2, the others held at this image's z_mean), this
 *   image's 1σ and 2σ ellipses and sampled z, and decoder(z) at the point under the pointer.
 *
 * window.explorer is its handle ({@link ExplorerHandle}, explorer_handle.ts). Mouse input
 * (drawing, the sliders, the map) is coalesced to one update per animation frame.
 */
import * as tf from "@tensorflow/tfjs";
import "../../../core/model/sampling_layer.ts";
import { latentStd, sampleLatent } from "../../../core/model/model_forward.ts";
import { klTerms } from "../../../core/model/elbo_loss.ts";
import { ACTIVE_UNIT_THRESHOLD, columnVariances } from "../../../core/stats/latent_activity.ts";
import { inferno } from "../../../core/render/colormap.ts";
import type { TestDigits } from "../digit_samples.ts";
import { el } from "./dom.ts";
import { cssColour, paintImage, SIDE } from "./canvas_paint.ts";
import {
  type DimensionOrder,
  type ExplorerDrawn,
  type ExplorerHandle,
  type ExplorerState,
  K_PASSES,
  MAX_PASSES,
  MAX_SCALE,
  type NoiseMode,
} from "./explorer_handle.ts";
import { dimensionOrder, mapBox, mapDimensions, noiseMask } from "./latent_choice.ts";
import { canvasToLatent, drawLatentMap, drawPoints } from "./latent_map.ts";
import { RunningMean } from "./running_mean.ts";
import { passSpread, rmsChange } from "./image_spread.ts";
import { type DenseForward, denseForward } from "./dense_forward.ts";
import { buildView, byId, GAP_VMAX, NOISE_LABELS, PICKER_COLUMNS, STD_VMAX } from "./explorer_view.ts";

const K = K_PASSES;
const PIXELS = SIDE * SIDE;
/**
 * Test digits fetched: the latent map's points and the statistics of the dimensions. Encoding
 * 1,000 of the 50-epoch latent-32 model's took 2.1 s in Chromium on a loaded machine, 500 took
 * 0.8 s; inactive dimensions' z_mean variance (~0.002) sits far below the 0.01 threshold and
 * active ones' (≥ 0.24) far above it, so 500 draw the same line.
 */
const MAP_DIGITS = 500;
/** Of those, offered in the picker. */
const PICKER_DIGITS = 100;
/** Passes decoded per decoder call while the running mean catches up. */
const CHUNK = 10;
/**
 * Milliseconds of decoding per animation frame while the running mean catches up: chunks
 * until this is spent, so the page keeps answering (a chunk of 10 passes of the 50-epoch
 * latent-32 model took ~12 ms on an idle core through decoder.predict, docs/benchmarks.md
 * has 19.9 ms for 16; dense_forward.ts takes about half that).
 */
const FRAME_BUDGET_MS = 25;
/** N when the page opens. */
const START_PASSES = 100;

/** A tensor pair of this image's encoding, kept between updates. */
interface Encoding {
  zMean: tf.Tensor2D;
  zLogVar: tf.Tensor2D;
}

/** Starts the explorer in `section` (data-export-id, data-mnist-id, optional data-latent-dims). */
export function startExplorer(section: HTMLElement): ExplorerHandle {
  buildView(section);
  const passCanvases = [...section.querySelectorAll<HTMLCanvasElement>("#explorer-passes canvas")];
  const picker = section.querySelector<HTMLCanvasElement>("canvas.picker")!;

  const state: ExplorerState = {
    digit: 0,
    scale: 1,
    seed: 1,
    noise: "all",
    dim: 0,
    passes: START_PASSES,
    order: "index",
    updates: 0,
  };
  const empty: Float32Array = new Float32Array(0);
  const drawn: ExplorerDrawn = {
    x: empty,
    meanDecode: empty,
    passes: [],
    std: empty,
    zMean: empty,
    sigma: empty,
    effect: empty,
    mask: empty,
    klPerDim: new Float64Array(0),
    zMeanVariance: new Float64Array(0),
    active: [],
    passesDone: 0,
    runningMean: empty,
    gap: empty,
    gapMean: 0,
    gapMax: 0,
  };
  let models: NonNullable<ExplorerHandle["models"]>;
  /** The exported decoder's forward pass: decoder.predict's floats, faster (dense_forward.ts). */
  let decoder: DenseForward;
  let digits: TestDigits;
  let latentDims = 0;
  /** The test digits' z_mean, latentDims values a row. */
  let testZMean = empty;
  let x = new Float32Array(PIXELS);
  let eps: tf.Tensor2D | undefined;
  let encoding: Encoding | undefined;
  /** Every pass decoded so far for the running mean, PIXELS values each. */
  const decoded = new Float32Array(MAX_PASSES * PIXELS);
  let running: RunningMean | undefined;
  /** z of the K passes (for the map's dots). */
  let sampledZ = empty;
  let pinned: [number, number] | undefined;
  /** The map's test digit points, drawn once. */
  let mapBackground: HTMLCanvasElement | undefined;
  let lastUpdateMs = 0;
  let lastPassesMs = 0;
  let passesStarted = 0;
  let catchUpFrame: number | undefined;
  let waiting: (() => void)[] = [];

  /** ε in the noise mode's dimensions at the current scale, rows [from, to) of the seeded draw. */
  function scaledEps(from: number, to: number): tf.Tensor2D {
    return tf.tidy(() => {
      const rows = tf.slice(eps!, [from, 0], [to - from, latentDims]);
      return tf.mul(rows, tf.mul(tf.tensor1d(drawn.mask), state.scale)) as tf.Tensor2D;
    });
  }

  /** Encoder-side results for the current x. */
  function updateInput(): void {
    if (encoding) tf.dispose([encoding.zMean, encoding.zLogVar]);
    const out = tf.tidy(() => {
      const xRow = tf.tensor2d(x, [1, PIXELS]);
      const [zMean, zLogVar] = models.encoder.predict(xRow) as tf.Tensor2D[];
      return {
        encoding: { zMean: tf.keep(zMean!), zLogVar: tf.keep(zLogVar!) },
        zMean: zMean!.dataSync() as Float32Array,
        sigma: latentStd(zLogVar!).dataSync() as Float32Array,
      };
    });
    // Row 0: z_mean; row 1 + d: z_mean moved by σ_d along dimension d alone (float32, as
    // z_mean + eye·σ in tf); one decoder call for them all.
    const rows = new Float32Array((1 + latentDims) * latentDims);
    for (let r = 0; r <= latentDims; r++) rows.set(out.zMean, r * latentDims);
    for (let d = 0; d < latentDims; d++) {
      rows[(1 + d) * latentDims + d] = out.zMean[d]! + out.sigma[d]!;
    }
    const outputs = decoder.run(rows);
    const meanDecode = outputs.slice(0, PIXELS);
    encoding = out.encoding;
    Object.assign(drawn, {
      x: x.slice(),
      zMean: out.zMean,
      sigma: out.sigma,
      meanDecode,
      effect: rmsChange(outputs.subarray(PIXELS), meanDecode),
    });
    paintImage(byId("explorer-x"), drawn.x);
    paintImage(byId("explorer-mean"), drawn.meanDecode);
    paintImage(byId("explorer-mean-again"), drawn.meanDecode);
    byId("explorer-digit").textContent = state.digit >= 0
      ? `(test digit ${state.digit}, label ${digits.labels[state.digit]})`
      : "(drawn)";
    drawDimensions();
    if (pinned) decodeMapPoint(...pinned);
  }

  /** The K passes at the current scale, mask and ε, their std, and a fresh running mean. */
  function updatePasses(): void {
    const { zMean, zLogVar } = encoding!;
    const out = tf.tidy(() => {
      const epsK = scaledEps(0, K);
      const z = sampleLatent(tf.tile(zMean, [K, 1]), tf.tile(zLogVar, [K, 1]), epsK);
      return { z: z.dataSync() as Float32Array };
    });
    const passes = decoder.run(out.z);
    const std = passSpread(passes, K, PIXELS);
    sampledZ = out.z;
    drawn.passes = passCanvases.map((target, k) => {
      const pass = passes.slice(k * PIXELS, (k + 1) * PIXELS);
      paintImage(target, pass);
      return pass;
    });
    drawn.std = std;
    paintImage(byId("explorer-std"), drawn.std, STD_VMAX);
    byId("explorer-std-max").textContent = Math.max(...drawn.std).toFixed(3);
    running = new RunningMean(drawn.meanDecode);
    passesStarted = performance.now();
    drawMap();
    scheduleCatchUp();
  }

  /** Decodes passes [from, to) of the running mean into `decoded` and adds them to it. */
  function decodePasses(from: number, to: number): void {
    const { zMean, zLogVar } = encoding!;
    const n = to - from;
    const z = tf.tidy(() =>
      sampleLatent(tf.tile(zMean, [n, 1]), tf.tile(zLogVar, [n, 1]), scaledEps(from, to))
        .dataSync() as Float32Array
    );
    const values = decoder.run(z);
    decoded.set(values, from * PIXELS);
    running!.add(values);
  }

  /** Brings the running mean towards state.passes passes: chunks of passes until `budgetMs` is spent (one at least). */
  function catchUp(budgetMs: number): void {
    const started = performance.now();
    const target = state.passes;
    if (running!.count > target) {
      // Fewer passes than already decoded: the mean of the first N, from those kept.
      running = new RunningMean(drawn.meanDecode);
      running.add(decoded.subarray(0, target * PIXELS));
    }
    do {
      const from = running!.count;
      const to = Math.min(target, from + CHUNK);
      if (to > from) decodePasses(from, to);
    } while (running!.count < target && performance.now() - started < budgetMs);
    drawRunning();
    if (running!.count >= target) {
      lastPassesMs = performance.now() - passesStarted;
      const done = waiting;
      waiting = [];
      for (const resolve of done) resolve();
    }
  }

  function scheduleCatchUp(): void {
    if (catchUpFrame !== undefined) return;
    catchUpFrame = requestAnimationFrame(() => {
      catchUpFrame = undefined;
      catchUp(FRAME_BUDGET_MS);
      if (running!.count < state.passes) scheduleCatchUp();
    });
  }

  function drawRunning(): void {
    const r = running!;
    drawn.passesDone = r.count;
    drawn.runningMean = r.mean();
    drawn.gap = r.gap();
    const size = r.sizes[r.count - 1] ?? { mean: 0, max: 0 };
    drawn.gapMean = size.mean;
    drawn.gapMax = size.max;
    paintImage(byId("explorer-running"), drawn.runningMean);
    paintImage(byId("explorer-gap"), drawn.gap, GAP_VMAX);
    byId("explorer-gap-size").textContent =
      `N = ${r.count}${r.count < state.passes ? ` (of ${state.passes}, computing)` : ""}: ` +
      `|mean of N passes − decoder(z_mean)| is ${size.mean.toFixed(4)} per pixel on average, ${
        size.max.toFixed(3)
      } at most` +
      (r.count >= 2 ? `; at N = 1 it was ${r.sizes[0]!.mean.toFixed(4)}` : "");
    drawGapChart(r);
  }

  /** mean |Δ| against N on a log axis from 1 to MAX_PASSES. */
  function drawGapChart(r: RunningMean): void {
    const chart = byId<HTMLCanvasElement>("explorer-gap-chart");
    const ctx = chart.getContext("2d")!;
    const { width, height } = chart;
    const pad = 24;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, width, height);
    const top = Math.max(1e-6, ...r.sizes.map((s) => s.mean));
    const px = (n: number) => pad + Math.log10(n) / Math.log10(MAX_PASSES) * (width - 2 * pad);
    const py = (v: number) => height - pad - v / top * (height - 2 * pad);
    ctx.strokeStyle = "#999";
    ctx.lineWidth = 1;
    ctx.strokeRect(pad, pad, width - 2 * pad, height - 2 * pad);
    ctx.fillStyle = "#555";
    ctx.font = "10px sans-serif";
    for (const n of [1, 10, 100, 1000]) ctx.fillText(String(n), px(n) - 4, height - 8);
    ctx.fillText(top.toFixed(3), 2, pad - 6);
    ctx.fillText("0", 8, height - pad);
    ctx.strokeStyle = cssColour(inferno(0.55));
    ctx.lineWidth = 2;
    ctx.beginPath();
    r.sizes.forEach((s, i) => (i ? ctx.lineTo(px(i + 1), py(s.mean)) : ctx.moveTo(px(1), py(s.mean))));
    ctx.stroke();
  }

  function drawDimensions(): void {
    if (!drawn.sigma.length || !drawn.klPerDim.length) return;
    const sigmaTop = Math.max(1, ...drawn.sigma);
    const effectTop = Math.max(1e-6, ...drawn.effect);
    const klTop = Math.max(1e-6, ...drawn.klPerDim);
    const bar = (value: number, top: number, className: string, digitsShown = 3) => {
      const fill = el("span", { className });
      fill.style.setProperty("--fill", String(Math.min(1, value / top)));
      return el("td", { className: "bar" }, el("div", {}, fill), value.toFixed(digitsShown));
    };
    const rows = dimensionOrder(state.order, drawn.klPerDim, drawn.sigma).map((d) => {
      const active = drawn.active[d]!;
      const row = el(
        "tr",
        {
          className: `${active ? "active" : "inactive"}${
            state.noise === "one" && state.dim === d ? " chosen" : ""
          }`,
          data: { dim: String(d) },
          title: "click: sample ε in this dimension only",
        },
        el("td", { className: "num" }, String(d)),
        el("td", {}, active ? "● active" : "○ inactive"),
        bar(drawn.klPerDim[d]!, klTop, "kl", 2),
        el("td", { className: "num" }, drawn.zMean[d]!.toFixed(3)),
        bar(drawn.sigma[d]!, sigmaTop, "sigma"),
        bar(drawn.effect[d]!, effectTop, "effect"),
      );
      return row;
    });
    byId<HTMLTableElement>("explorer-dims").tBodies[0]!.replaceChildren(...rows);
  }

  function drawMap(): void {
    if (!explorer.map) return;
    const target = byId<HTMLCanvasElement>("explorer-map");
    mapBackground ??= drawPoints(target.width, target.height, {
      axes: explorer.map,
      points: testZMean,
      labels: digits.labels,
      dims: latentDims,
    });
    drawLatentMap(target, {
      axes: explorer.map,
      background: mapBackground,
      dims: latentDims,
      zMean: drawn.zMean,
      sigma: drawn.sigma,
      samples: sampledZ,
      pointer: drawn.mapPoint
        ? [drawn.mapPoint.z[explorer.map.dims[0]]!, drawn.mapPoint.z[explorer.map.dims[1]]!]
        : undefined,
    });
  }

  function decodeMapPoint(u: number, v: number): void {
    const [a, b] = explorer.map!.dims;
    const z = drawn.zMean.slice();
    z[a] = u;
    z[b] = v;
    const decode = decoder.run(z);
    drawn.mapPoint = { z, decode };
    paintImage(byId("explorer-map-decode"), decode);
    byId("explorer-map-z").textContent = `z${a} = ${u.toFixed(2)}, z${b} = ${v.toFixed(2)}`;
    drawMap();
  }

  /** Runs one update (`input`: x changed too) and records its duration. */
  function update(input: boolean): void {
    const start = performance.now();
    if (input) updateInput();
    updatePasses();
    lastUpdateMs = performance.now() - start;
    state.updates++;
    byId("explorer-timing").textContent = `updated in ${lastUpdateMs.toFixed(1)} ms`;
  }

  function setEpsilon(seed: number): void {
    if (!Number.isInteger(seed) || seed < 1) throw new RangeError(`seed must be an integer ≥ 1, got ${seed}`);
    state.seed = seed;
    byId<HTMLInputElement>("explorer-seed").value = String(seed);
    eps?.dispose();
    eps = tf.randomNormal([MAX_PASSES, latentDims], 0, 1, "float32", seed);
  }

  function setMask(): void {
    drawn.mask = noiseMask(state.noise, drawn.active, state.dim);
    byId<HTMLSelectElement>("explorer-noise").value = state.noise;
    const dim = byId<HTMLSelectElement>("explorer-dim");
    dim.value = String(state.dim);
    dim.disabled = state.noise !== "one";
  }

  function setDigit(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= digits.count) {
      throw new RangeError(`digit must be an integer in [0, ${digits.count - 1}], got ${i}`);
    }
    state.digit = i;
    x = Float32Array.from(digits.pixels[i]!, (p) => p / 255);
    drawPicker();
    update(true);
  }

  function setScale(s: number): void {
    if (!(s >= 0 && s <= MAX_SCALE)) throw new RangeError(`scale must be in [0, ${MAX_SCALE}], got ${s}`);
    state.scale = s;
    byId<HTMLInputElement>("explorer-scale").value = String(s);
    byId("explorer-scale-value").textContent = s.toFixed(2);
    update(false);
  }

  function setSeed(n: number): void {
    setEpsilon(n);
    update(false);
  }

  function setNoise(mode: NoiseMode, dim = state.dim): void {
    if (!Object.hasOwn(NOISE_LABELS, mode)) {
      throw new RangeError(`noise must be one of ${Object.keys(NOISE_LABELS).join(", ")}, got ${mode}`);
    }
    if (!Number.isInteger(dim) || dim < 0 || dim >= latentDims) {
      throw new RangeError(`dim must be an integer in [0, ${latentDims - 1}], got ${dim}`);
    }
    state.noise = mode;
    state.dim = dim;
    setMask();
    drawDimensions();
    update(false);
  }

  /** The range input's position 0–1000 ↔ N on a log scale from 1 to MAX_PASSES. */
  const rangeToPasses = (t: number) =>
    Math.max(1, Math.min(MAX_PASSES, Math.round(MAX_PASSES ** (t / 1000))));
  const passesToRange = (n: number) => Math.round(1000 * Math.log(n) / Math.log(MAX_PASSES));

  function setPasses(n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > MAX_PASSES) {
      throw new RangeError(`passes must be an integer in [1, ${MAX_PASSES}], got ${n}`);
    }
    state.passes = n;
    byId<HTMLInputElement>("explorer-n").value = String(n);
    byId<HTMLInputElement>("explorer-n-range").value = String(passesToRange(n));
    passesStarted = performance.now();
    catchUp(0);
    if (running!.count < n) scheduleCatchUp();
  }

  function setOrder(order: DimensionOrder): void {
    if (!["index", "kl", "sigma"].includes(order)) {
      throw new RangeError(`order must be index, kl or sigma, got ${order}`);
    }
    state.order = order;
    byId<HTMLSelectElement>("explorer-order").value = order;
    drawDimensions();
  }

  // Mouse input: at most one update per animation frame.
  let pending: boolean | undefined;
  function schedule(input: boolean): void {
    if (pending !== undefined) {
      pending ||= input;
      return;
    }
    pending = input;
    requestAnimationFrame(() => {
      const changed = pending!;
      pending = undefined;
      update(changed);
    });
  }

  let thumbs: ImageData | undefined;
  function drawPicker(): void {
    const ctx = picker.getContext("2d")!;
    if (!thumbs) {
      const shown = Math.min(PICKER_DIGITS, digits.count);
      picker.height = Math.ceil(shown / PICKER_COLUMNS) * SIDE;
      thumbs = ctx.createImageData(picker.width, picker.height);
      for (let n = 0; n < shown; n++) {
        const left = (n % PICKER_COLUMNS) * SIDE;
        const top = Math.floor(n / PICKER_COLUMNS) * SIDE;
        digits.pixels[n]!.forEach((p, i) => {
          const at = 4 * ((top + Math.floor(i / SIDE)) * picker.width + left + (i % SIDE));
          thumbs!.data.set([p, p, p, 255], at);
        });
      }
    }
    ctx.putImageData(thumbs, 0, 0);
    if (state.digit >= 0 && state.digit < PICKER_DIGITS) {
      ctx.strokeStyle = "#f80";
      ctx.lineWidth = 1;
      ctx.strokeRect(
        (state.digit % PICKER_COLUMNS) * SIDE + 0.5,
        Math.floor(state.digit / PICKER_COLUMNS) * SIDE + 0.5,
        SIDE - 1,
        SIDE - 1,
      );
    }
  }

  /** Ink along the segment from `from` to `to` (28-pixel coordinates): a soft round brush ~3 px wide. */
  function stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) * 4));
    for (let s = 0; s <= steps; s++) {
      const cx = from.x + (to.x - from.x) * s / steps;
      const cy = from.y + (to.y - from.y) * s / steps;
      for (let row = Math.max(0, Math.floor(cy - 2)); row <= Math.min(SIDE - 1, Math.floor(cy + 2)); row++) {
        for (
          let col = Math.max(0, Math.floor(cx - 2));
          col <= Math.min(SIDE - 1, Math.floor(cx + 2));
          col++
        ) {
          const ink = Math.min(1, Math.max(0, 1.6 - Math.hypot(col + 0.5 - cx, row + 0.5 - cy)));
          x[row * SIDE + col] = Math.max(x[row * SIDE + col]!, ink);
        }
      }
    }
  }

  function wireControls(): void {
    const xCanvas = byId<HTMLCanvasElement>("explorer-x");
    const at = (event: PointerEvent, target: HTMLElement, scale: number) => {
      const box = target.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) / box.width * scale,
        y: (event.clientY - box.top) / box.height * scale,
      };
    };
    let last: { x: number; y: number } | undefined;
    xCanvas.addEventListener("pointerdown", (event) => {
      xCanvas.setPointerCapture(event.pointerId);
      last = at(event, xCanvas, SIDE);
      state.digit = -1;
      drawPicker();
      stroke(last, last);
      schedule(true);
    });
    xCanvas.addEventListener("pointermove", (event) => {
      if (!last) return;
      const next = at(event, xCanvas, SIDE);
      stroke(last, next);
      last = next;
      schedule(true);
    });
    const stop = () => last = undefined;
    xCanvas.addEventListener("pointerup", stop);
    xCanvas.addEventListener("pointercancel", stop);
    byId("explorer-clear").addEventListener("click", () => {
      x = new Float32Array(PIXELS);
      state.digit = -1;
      drawPicker();
      update(true);
    });
    const scale = byId<HTMLInputElement>("explorer-scale");
    scale.addEventListener("input", () => {
      state.scale = Number(scale.value);
      byId("explorer-scale-value").textContent = state.scale.toFixed(2);
      schedule(false);
    });
    const seed = byId<HTMLInputElement>("explorer-seed");
    seed.addEventListener("change", () => {
      const text = seed.value.trim();
      const n = Number(text);
      if (text !== "" && Number.isInteger(n) && n >= 1) setSeed(n);
      else seed.value = String(state.seed);
    });
    byId("explorer-resample").addEventListener("click", () => setSeed(state.seed + 1));
    const noise = byId<HTMLSelectElement>("explorer-noise");
    const dim = byId<HTMLSelectElement>("explorer-dim");
    noise.addEventListener("change", () => setNoise(noise.value as NoiseMode));
    dim.addEventListener("change", () => setNoise("one", Number(dim.value)));
    byId("explorer-dims").addEventListener("click", (event) => {
      const row = (event.target as HTMLElement).closest("tr[data-dim]") as HTMLElement | null;
      if (row) setNoise("one", Number(row.dataset.dim));
    });
    const order = byId<HTMLSelectElement>("explorer-order");
    order.addEventListener("change", () => setOrder(order.value as DimensionOrder));
    const passesNumber = byId<HTMLInputElement>("explorer-n");
    passesNumber.addEventListener("change", () => {
      const n = Number(passesNumber.value);
      if (Number.isInteger(n) && n >= 1 && n <= MAX_PASSES) setPasses(n);
      else passesNumber.value = String(state.passes);
    });
    const passesRange = byId<HTMLInputElement>("explorer-n-range");
    passesRange.addEventListener("input", () => setPasses(rangeToPasses(Number(passesRange.value))));
    picker.addEventListener("click", (event) => {
      const box = picker.getBoundingClientRect();
      const col = Math.floor((event.clientX - box.left) / box.width * PICKER_COLUMNS);
      const row = Math.floor((event.clientY - box.top) / box.height * (picker.height / SIDE));
      const i = row * PICKER_COLUMNS + col;
      if (col >= 0 && col < PICKER_COLUMNS && i >= 0 && i < Math.min(PICKER_DIGITS, digits.count)) {
        setDigit(i);
      }
    });
    const map = byId<HTMLCanvasElement>("explorer-map");
    let mapPending: [number, number] | undefined;
    const mapPoint = (event: PointerEvent) => {
      const p = at(event, map, 1);
      return canvasToLatent(p.x * map.width, p.y * map.height, explorer.map!.box, map.width, map.height);
    };
    map.addEventListener("pointermove", (event) => {
      if (mapPending === undefined) {
        requestAnimationFrame(() => {
          const point = mapPending!;
          mapPending = undefined;
          decodeMapPoint(...point);
        });
      }
      mapPending = mapPoint(event);
    });
    map.addEventListener("click", (event) => {
      pinned = mapPoint(event as PointerEvent);
      decodeMapPoint(...pinned);
    });
    map.addEventListener("pointerleave", () => {
      if (pinned) requestAnimationFrame(() => decodeMapPoint(...pinned!));
    });
  }

  /** The test digits' encodings: per-dimension KL and z_mean variance, the active set and the map's axes. */
  function encodeTestDigits(): void {
    const stats = tf.tidy(() => {
      const all = tf.div(
        tf.tensor2d(digits.pixels.flat(), [digits.count, PIXELS], "float32"),
        255,
      ) as tf.Tensor2D;
      const [zMean, zLogVar] = models.encoder.predict(all, { batchSize: digits.count }) as tf.Tensor2D[];
      // Each dimension's KL averaged over the digits: the terms the training loss sums.
      const kl = tf.mul(tf.mean(klTerms(zMean!, zLogVar!), 0), -0.5);
      return { zMean: zMean!.dataSync() as Float32Array, kl: kl.dataSync() as Float32Array };
    });
    testZMean = stats.zMean;
    drawn.klPerDim = Float64Array.from(stats.kl);
    drawn.zMeanVariance = Float64Array.from(columnVariances(testZMean, latentDims));
    drawn.active = [...drawn.zMeanVariance].map((v) => v > ACTIVE_UNIT_THRESHOLD);
    const dims = mapDimensions(drawn.klPerDim);
    explorer.map = {
      dims,
      slice: latentDims > 2,
      box: mapBox(testZMean, latentDims, dims),
      points: digits.count,
    };
    const activeCount = drawn.active.filter(Boolean).length;
    byId("explorer-map-note").textContent =
      (latentDims > 2
        ? `A slice through z${dims[0]} and z${
          dims[1]
        }, the two of the ${latentDims} dimensions with the most KL; ` +
          `the other ${latentDims - 2} are held at this image's z_mean. `
        : "The whole 2-dimensional latent space. ") +
      `Points: the first ${digits.count} test digits' z_mean, coloured by digit. Rings: this image's q(z|x) ` +
      `at 1σ and 2σ (orange square: its z_mean); black dots: its ${K} sampled z at the current scale and noise. ` +
      `Point or click anywhere to decode that z.`;
    byId("explorer-map-axes").textContent = `horizontal z${dims[0]}, vertical z${dims[1]}`;
    const dimSelect = byId<HTMLSelectElement>("explorer-dim");
    dimSelect.replaceChildren(
      ...drawn.active.map((active, d) =>
        el("option", { value: String(d) }, `z${d} (${active ? "active" : "inactive"})`)
      ),
    );
    byId("explorer-status").dataset.active = String(activeCount);
  }

  async function start(): Promise<void> {
    const exportId = section.dataset.exportId;
    const mnistId = section.dataset.mnistId;
    if (!(await tf.setBackend("cpu"))) throw new Error("tfjs' cpu backend failed to initialise");
    await tf.ready();
    const load = (name: string) => tf.loadLayersModel(`/files/export/${exportId}/${name}/model.json`);
    const [encoder, decoderModel, vae, response] = await Promise.all([
      load("encoder"),
      load("decoder"),
      load("vae"),
      fetch(`/data/digits/${mnistId}?count=${MAP_DIGITS}`),
    ]);
    if (!response.ok) throw new Error(`test digits of mnist ${mnistId}: HTTP ${response.status}`);
    digits = await response.json();
    models = { encoder, decoder: decoderModel, vae };
    decoder = denseForward(decoderModel);
    latentDims = encoder.outputs[0]!.shape[1]!;
    const stated = Number(section.dataset.latentDims);
    if (stated && stated !== latentDims) {
      throw new Error(`the encoder has ${latentDims} latent dimensions, metrics.json says ${stated}`);
    }
    explorer.models = models;
    // Unknown until the test digits are encoded; noise mode "all" does not ask.
    drawn.active = Array(latentDims).fill(false);
    setEpsilon(state.seed);
    setMask();
    byId<HTMLInputElement>("explorer-n").value = String(state.passes);
    byId<HTMLInputElement>("explorer-n-range").value = String(passesToRange(state.passes));
    // The images first (noise in every dimension needs no statistics), then, after the browser
    // has painted them, the test digits' encodings: the active marks, KL order and the map.
    setDigit(0);
    await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
    encodeTestDigits();
    setMask();
    drawDimensions();
    wireControls();
    const [a, b] = explorer.map!.dims;
    decodeMapPoint(drawn.zMean[a]!, drawn.zMean[b]!);
    byId("explorer-status").textContent =
      `Exported models of export ${exportId} (latent dims ${latentDims}, ` +
      `${
        drawn.active.filter(Boolean).length
      } active over the first ${digits.count} test digits), running in this page ` +
      `with tfjs ${tf.version.tfjs} (${tf.getBackend()} backend).`;
  }

  const explorer: ExplorerHandle = {
    ready: Promise.resolve(),
    k: K,
    maxPasses: MAX_PASSES,
    setDigit,
    setScale,
    setSeed,
    resample: () => setSeed(state.seed + 1),
    setNoise,
    setPasses,
    setOrder,
    decodeMapPoint: (u, v) => {
      pinned = [u, v];
      decodeMapPoint(u, v);
    },
    settled: () =>
      running && running.count >= state.passes
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push(resolve)),
    state,
    drawn,
    get lastUpdateMs() {
      return lastUpdateMs;
    },
    get lastPassesMs() {
      return lastPassesMs;
    },
  };
  explorer.ready = start().catch((error: Error) => {
    const status = byId("explorer-status");
    status.className = "error";
    status.textContent = `The explorer could not start: ${error.message}`;
    console.error("explorer:", error);
    throw error;
  });
  return explorer;
}
