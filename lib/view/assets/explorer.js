/**
 * The evaluation page's live explorer: the exported models run in the page (tfjs "cpu"
 * backend: deterministic, and it works headless), on one digit at a time, to show why
 * `decoder(z_mean)` and `vae(x)` give different digits. Plain browser JS, no build step;
 * needs the global `tf` of /assets/tf.min.js (loaded before this file) and fetches only from
 * this server: the three models under /files/export/<id>/ and the first test digits from
 * /data/digits/<mnist-id>.
 *
 * What it draws for the chosen (or hand-drawn) digit x: x, decoder(z_mean), K passes
 * vae(x, s·ε_k) with ε = tf.randomNormal([K, L], 0, 1, "float32", seed), the per-pixel
 * standard deviation over those K passes, and per latent dimension σ = exp(0.5·z_log_var)
 * beside the image change a 1σ step along that dimension alone makes.
 *
 * The K passes are ONE call of the exported `vae` model on [x repeated K times, s·ε]: that
 * model is the literal `vae(x)` of the question (its Sampling layer, as exported), so a pass
 * at s = 1 is exactly what the example's vae(x) row shows and s = 0 gives decoder(z_mean)
 * through the same model, not through a re-implementation of the sampling here. It re-runs
 * the encoder on K identical rows, which decoding K sampled z would skip; bench/explorer.ts
 * measures both ways, and both stay well inside an interactive budget.
 *
 * window.explorer, for tests and bench/explorer.ts (set as soon as this file runs on a page
 * with <section id="explorer">):
 *   ready          Promise: models and digits loaded and the first update drawn; rejects
 *                  with the error the section then shows.
 *   k              passes per update (16).
 *   setDigit(i)    shows test digit i (0-based, of those fetched).
 *   setScale(s)    ε scale s in [0, 1].
 *   setSeed(n)     ε = tf.randomNormal([k, L], 0, 1, "float32", n), n an integer ≥ 1 (tfjs
 *                  takes seed 0 for "no seed" and draws anew each time).
 *   resample()     new ε: seed + 1.
 *   state          { digit (-1 once drawn on), scale, seed, updates (count of updates drawn) }.
 *   lastUpdateMs   how long the last update took (model calls and drawing), in ms.
 *   drawn          what the last update drew, each value in [0, 1] (std, with the K − 1 correction, up to 0.52; the heatmap shows 0 to 0.5):
 *                  { x, meanDecode, passes (k arrays), std } of 784 (row-major 28 × 28),
 *                  sigma and effect of L.
 *   models         { encoder, decoder, vae } once ready (the benchmark times the other way).
 * Each setter updates synchronously: when it returns, the canvases show the new state. Mouse
 * input (drawing, the slider) is coalesced to one update per animation frame.
 */
(() => {
  "use strict";
  const section = document.getElementById("explorer");
  if (!section) return;

  const K = 16;
  const SIDE = 28;
  const PIXELS = SIDE * SIDE;
  /** Test digits offered as thumbnails. */
  const DIGIT_COUNT = 100;
  /** Top of the heatmap's scale: the largest std that values in [0, 1] can have. */
  const STD_VMAX = 0.5;
  /** lib/render/colormap.ts' inferno anchors, so the heatmap reads like the report's. */
  const INFERNO = [
    [0, 0, 4],
    [31, 12, 72],
    [85, 15, 109],
    [136, 34, 106],
    [186, 54, 85],
    [227, 89, 51],
    [249, 140, 10],
    [249, 201, 50],
    [252, 255, 164],
  ];

  /** The exported VAE's custom layer (lib/model/sampling_layer.ts): z_mean + exp(0.5·z_log_var)·ε. */
  class Sampling extends tf.layers.Layer {
    static className = "Sampling";
    computeOutputShape(inputShape) {
      return inputShape[0];
    }
    call(inputs) {
      return tf.tidy(() => {
        const [zMean, zLogVar, eps] = inputs;
        return tf.add(zMean, tf.mul(tf.exp(tf.mul(zLogVar, 0.5)), eps));
      });
    }
  }
  tf.serialization.registerClass(Sampling);

  const clamp01 = (v) => Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, v));

  function inferno(v) {
    const x = clamp01(v) * (INFERNO.length - 1);
    const i = Math.min(Math.floor(x), INFERNO.length - 2);
    const t = x - i;
    return [0, 1, 2].map((c) => Math.round(INFERNO[i][c] + (INFERNO[i + 1][c] - INFERNO[i][c]) * t));
  }

  /** Paints 784 values on a 28 × 28 canvas: grey (white ink, as lib/render/colormap.ts) or heat. */
  function paint(canvas, values, heatMax) {
    const ctx = canvas.getContext("2d");
    const image = ctx.createImageData(SIDE, SIDE);
    for (let i = 0; i < PIXELS; i++) {
      const rgb = heatMax ? inferno(values[i] / heatMax) : [Math.round(clamp01(values[i]) * 255)];
      image.data[4 * i] = rgb[0];
      image.data[4 * i + 1] = rgb[1] ?? rgb[0];
      image.data[4 * i + 2] = rgb[2] ?? rgb[0];
      image.data[4 * i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  const figure = (id, caption, extra = "") =>
    `<figure><canvas id="${id}" width="${SIDE}" height="${SIDE}"></canvas>` +
    `<figcaption>${caption}</figcaption>${extra}</figure>`;
  const legend = Array.from({ length: 9 }, (_, i) => `rgb(${inferno(i / 8).join(",")})`);

  section.innerHTML = `<h2>Explorer</h2>
<style>
#explorer figure { display: inline-block; margin: 0 1.2em 0.8em 0; vertical-align: top; }
#explorer canvas { image-rendering: pixelated; background: #000; }
#explorer-x, #explorer-mean, #explorer-std { width: 168px; height: 168px; }
#explorer-x { cursor: crosshair; touch-action: none; }
#explorer-passes canvas { width: 84px; height: 84px; margin: 0 4px 4px 0; }
#explorer-passes { max-width: 560px; }
#explorer-thumbs { width: 420px; cursor: pointer; }
#explorer-legend { height: 8px; width: 168px; background: linear-gradient(to right, ${legend.join(",")}); }
#explorer .controls { margin: 0.4em 0 0.8em; }
#explorer .controls > * { margin-right: 1em; }
#explorer-dims td.bar { width: 220px; }
#explorer-dims .bar div { height: 10px; background: #47a; }
#explorer-dims .bar div.effect { background: #c62; }
#explorer .note { max-width: 60em; }
</style>
<p class="note">The slider scales the noise ε in z = z_mean + s·σ·ε, σ = exp(0.5·z_log_var): at s = 0
every one of the ${K} passes of vae(x) is decoder(z_mean), the mean decode; at s = 1 each pass is one draw,
what the Keras example's vae(x) row shows. The heatmap is where the ${K} passes disagree (per-pixel standard
deviation); the bars show which latent dimensions carry the noise and which of them move the image.
Pick a test digit below or draw on x.</p>
<div>
${
    figure(
      "explorer-x",
      `x <span id="explorer-digit"></span><br><button id="explorer-clear">Clear</button> and draw`,
    )
  }
${figure("explorer-mean", "decoder(z_mean)")}
${
    figure(
      "explorer-std",
      `per-pixel std over ${K} passes<br>max <span id="explorer-std-max"></span>`,
      `<div id="explorer-legend"></div><small>0 … ${STD_VMAX}</small>`,
    )
  }
</div>
<div class="controls">
<label>ε scale s <input id="explorer-scale" type="range" min="0" max="1" step="0.01" value="1">
<output id="explorer-scale-value">1.00</output></label>
<label>seed <input id="explorer-seed" type="number" min="1" step="1" value="1" style="width: 7em"></label>
<button id="explorer-resample">Resample</button>
<span id="explorer-timing"></span>
</div>
<figure><div id="explorer-passes">${
    Array.from({ length: K }, (_, k) => `<canvas data-pass="${k}" width="${SIDE}" height="${SIDE}"></canvas>`)
      .join("")
  }</div><figcaption>${K} passes vae(x, s·ε<sub>k</sub>), computed as one batch</figcaption></figure>
<figure><table id="explorer-dims"><thead><tr><th>z</th><th>z_mean</th><th>σ (prior: 1)</th>
<th>image change from a 1σ step (RMS)</th></tr></thead><tbody></tbody></table></figure>
<figure><canvas id="explorer-thumbs"></canvas><figcaption>test digits (click one)</figcaption></figure>
<p id="explorer-status">Loading the exported models…</p>`;

  const $ = (id) => document.getElementById(id);
  const passCanvases = [...section.querySelectorAll("#explorer-passes canvas")];

  const state = { digit: 0, scale: 1, seed: 1, updates: 0 };
  let models;
  let digits;
  let latentDims = 0;
  /** The tensors kept between updates: x repeated K times, and ε. */
  const held = { xK: undefined, eps: undefined };
  let x = new Float32Array(PIXELS);
  const drawn = {};
  let lastUpdateMs = 0;

  /** Encoder-side results for the current x, and then the passes. */
  function updateInput() {
    held.xK?.dispose();
    const out = tf.tidy(() => {
      const xRow = tf.tensor2d(x, [1, PIXELS]);
      const [zMean, zLogVar] = models.encoder.predict(xRow);
      const meanDecode = models.decoder.predict(zMean);
      const sigma = tf.exp(tf.mul(zLogVar, 0.5));
      // Row d: z_mean moved by σ_d along dimension d alone; one batched decoder call.
      const steps = tf.add(tf.tile(zMean, [latentDims, 1]), tf.mul(tf.eye(latentDims), sigma));
      const moved = models.decoder.predict(steps, { batchSize: latentDims });
      const effect = tf.sqrt(tf.mean(tf.square(tf.sub(moved, meanDecode)), 1));
      return {
        xK: tf.keep(tf.tile(xRow, [K, 1])),
        zMean: zMean.dataSync().slice(),
        sigma: sigma.dataSync().slice(),
        meanDecode: meanDecode.dataSync().slice(),
        effect: effect.dataSync().slice(),
      };
    });
    held.xK = out.xK;
    drawn.x = x.slice();
    drawn.meanDecode = out.meanDecode;
    drawn.sigma = out.sigma;
    drawn.effect = out.effect;
    paint($("explorer-x"), drawn.x);
    paint($("explorer-mean"), drawn.meanDecode);
    drawDims(out.zMean, out.sigma, out.effect);
    $("explorer-digit").textContent = state.digit >= 0
      ? `(test digit ${state.digit}, label ${digits.labels[state.digit]})`
      : "(drawn)";
  }

  /** The K passes at the current scale and ε, and their per-pixel std. */
  function updatePasses() {
    const out = tf.tidy(() => {
      const y = models.vae.predict([held.xK, tf.mul(held.eps, state.scale)], { batchSize: K });
      const { variance } = tf.moments(y, 0);
      const std = tf.sqrt(tf.mul(variance, K / (K - 1)));
      return { passes: y.dataSync().slice(), std: std.dataSync().slice() };
    });
    drawn.passes = passCanvases.map((canvas, k) => {
      const pass = out.passes.subarray(k * PIXELS, (k + 1) * PIXELS);
      paint(canvas, pass);
      return pass;
    });
    drawn.std = out.std;
    paint($("explorer-std"), drawn.std, STD_VMAX);
    $("explorer-std-max").textContent = Math.max(...drawn.std).toFixed(3);
  }

  function drawDims(zMean, sigma, effect) {
    const sigmaTop = Math.max(1, ...sigma);
    const effectTop = Math.max(1e-6, ...effect);
    $("explorer-dims").tBodies[0].innerHTML = Array.from(
      sigma,
      (s, d) =>
        `<tr><td>${d + 1}</td><td class="num">${zMean[d].toFixed(3)}</td>` +
        `<td class="bar"><div style="width: ${(100 * s / sigmaTop).toFixed(1)}%"></div>${s.toFixed(3)}</td>` +
        `<td class="bar"><div class="effect" style="width: ${
          (100 * effect[d] / effectTop).toFixed(1)
        }%"></div>${effect[d].toFixed(3)}</td></tr>`,
    ).join("");
  }

  /** Runs one update (`input`: x changed too) and records its duration. */
  function update(input) {
    const start = performance.now();
    if (input) updateInput();
    updatePasses();
    lastUpdateMs = performance.now() - start;
    state.updates++;
    $("explorer-timing").textContent = `updated in ${lastUpdateMs.toFixed(1)} ms`;
  }

  function setEpsilon(seed) {
    if (!Number.isInteger(seed) || seed < 1) throw new RangeError(`seed must be an integer ≥ 1, got ${seed}`);
    state.seed = seed;
    $("explorer-seed").value = String(seed);
    held.eps?.dispose();
    held.eps = tf.randomNormal([K, latentDims], 0, 1, "float32", seed);
  }

  function setDigit(i) {
    if (!Number.isInteger(i) || i < 0 || i >= digits.count) {
      throw new RangeError(`digit must be an integer in [0, ${digits.count - 1}], got ${i}`);
    }
    state.digit = i;
    x = Float32Array.from(digits.pixels[i], (p) => p / 255);
    drawThumbs();
    update(true);
  }

  function setScale(s) {
    if (!(s >= 0 && s <= 1)) throw new RangeError(`scale must be in [0, 1], got ${s}`);
    state.scale = s;
    $("explorer-scale").value = String(s);
    $("explorer-scale-value").textContent = s.toFixed(2);
    update(false);
  }

  function setSeed(n) {
    setEpsilon(n);
    update(false);
  }

  // Mouse input: at most one update per animation frame.
  let pending;
  function schedule(input) {
    if (pending !== undefined) {
      pending ||= input;
      return;
    }
    pending = input;
    requestAnimationFrame(() => {
      const input = pending;
      pending = undefined;
      update(input);
    });
  }

  let thumbs;
  function drawThumbs() {
    const canvas = $("explorer-thumbs");
    const ctx = canvas.getContext("2d");
    if (!thumbs) {
      const columns = 10;
      canvas.width = columns * SIDE;
      canvas.height = Math.ceil(digits.count / columns) * SIDE;
      thumbs = ctx.createImageData(canvas.width, canvas.height);
      thumbs.data.fill(255);
      digits.pixels.forEach((pixels, n) => {
        const left = (n % columns) * SIDE;
        const top = Math.floor(n / columns) * SIDE;
        pixels.forEach((p, i) => {
          const at = 4 * ((top + Math.floor(i / SIDE)) * canvas.width + left + (i % SIDE));
          thumbs.data[at] = thumbs.data[at + 1] = thumbs.data[at + 2] = p;
        });
      });
    }
    ctx.putImageData(thumbs, 0, 0);
    if (state.digit >= 0) {
      ctx.strokeStyle = "#f80";
      ctx.lineWidth = 1;
      ctx.strokeRect(
        (state.digit % 10) * SIDE + 0.5,
        Math.floor(state.digit / 10) * SIDE + 0.5,
        SIDE - 1,
        SIDE - 1,
      );
    }
  }

  /** Ink along the segment from `from` to `to` (28-pixel coordinates): a soft round brush ~3 px wide. */
  function stroke(from, to) {
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
          const ink = clamp01(1.6 - Math.hypot(col + 0.5 - cx, row + 0.5 - cy));
          x[row * SIDE + col] = Math.max(x[row * SIDE + col], ink);
        }
      }
    }
  }

  function wireControls() {
    const xCanvas = $("explorer-x");
    const at = (event) => {
      const box = xCanvas.getBoundingClientRect();
      return {
        x: (event.clientX - box.left) / box.width * SIDE,
        y: (event.clientY - box.top) / box.height * SIDE,
      };
    };
    let last;
    xCanvas.addEventListener("pointerdown", (event) => {
      xCanvas.setPointerCapture(event.pointerId);
      last = at(event);
      state.digit = -1;
      drawThumbs();
      stroke(last, last);
      schedule(true);
    });
    xCanvas.addEventListener("pointermove", (event) => {
      if (!last) return;
      const next = at(event);
      stroke(last, next);
      last = next;
      schedule(true);
    });
    const stop = () => last = undefined;
    xCanvas.addEventListener("pointerup", stop);
    xCanvas.addEventListener("pointercancel", stop);
    $("explorer-clear").addEventListener("click", () => {
      x = new Float32Array(PIXELS);
      state.digit = -1;
      drawThumbs();
      update(true);
    });
    $("explorer-scale").addEventListener("input", (event) => {
      state.scale = Number(event.target.value);
      $("explorer-scale-value").textContent = state.scale.toFixed(2);
      schedule(false);
    });
    $("explorer-seed").addEventListener("change", (event) => {
      const text = event.target.value.trim();
      const seed = Number(text);
      if (text !== "" && Number.isInteger(seed) && seed >= 1) setSeed(seed);
      else event.target.value = String(state.seed);
    });
    $("explorer-resample").addEventListener("click", () => setSeed(state.seed + 1));
    $("explorer-thumbs").addEventListener("click", (event) => {
      const box = event.target.getBoundingClientRect();
      const col = Math.floor((event.clientX - box.left) / box.width * 10);
      const row = Math.floor((event.clientY - box.top) / box.height * (event.target.height / SIDE));
      const i = row * 10 + col;
      if (i >= 0 && i < digits.count) setDigit(i);
    });
  }

  async function start() {
    const exportId = section.dataset.exportId;
    const mnistId = section.dataset.mnistId;
    if (!(await tf.setBackend("cpu"))) throw new Error("tfjs' cpu backend failed to initialise");
    await tf.ready();
    const load = (name) => tf.loadLayersModel(`/files/export/${exportId}/${name}/model.json`);
    const [encoder, decoder, vae, response] = await Promise.all([
      load("encoder"),
      load("decoder"),
      load("vae"),
      fetch(`/data/digits/${mnistId}?count=${DIGIT_COUNT}`),
    ]);
    if (!response.ok) throw new Error(`test digits of mnist ${mnistId}: HTTP ${response.status}`);
    digits = await response.json();
    models = { encoder, decoder, vae };
    latentDims = encoder.outputs[0].shape[1];
    const stated = Number(section.dataset.latentDims);
    if (stated && stated !== latentDims) {
      throw new Error(`the encoder has ${latentDims} latent dimensions, metrics.json says ${stated}`);
    }
    explorer.models = models;
    setEpsilon(state.seed);
    wireControls();
    setDigit(0);
    $("explorer-status").textContent =
      `Exported models of export ${exportId} (latent dims ${latentDims}), running in this page with tfjs ${tf.version.tfjs} (${tf.getBackend()} backend).`;
  }

  const explorer = {
    k: K,
    state,
    drawn,
    models: undefined,
    get lastUpdateMs() {
      return lastUpdateMs;
    },
    setDigit,
    setScale,
    setSeed,
    resample: () => setSeed(state.seed + 1),
    ready: undefined,
  };
  explorer.ready = start().catch((error) => {
    const status = $("explorer-status");
    status.className = "error";
    status.textContent = `The explorer could not start: ${error.message}`;
    console.error("explorer:", error);
    throw error;
  });
  globalThis.explorer = explorer;
})();
