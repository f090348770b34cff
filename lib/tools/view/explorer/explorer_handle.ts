/**
 * The one declaration of `window.explorer`, the handle the evaluation page's explorer
 * (lib/tools/view/explorer/explorer_app.ts) sets for its tests (tests/tools/view/) and its benchmark
 * (bench/explorer.ts), with the explorer's three sizes. Nothing here runs in the page but
 * those constants.
 */
import type * as tf from "@tensorflow/tfjs";

/** Where ε is sampled: every dimension, the active ones only, the inactive ones only, or one. */
export type NoiseMode = "all" | "active" | "inactive" | "one";

/** How the dimension table is ordered. */
export type DimensionOrder = "index" | "kl" | "sigma";

/** What the explorer shows now. */
export interface ExplorerState {
  /** The test digit shown (0-based), or −1 once drawn on. */
  digit: number;
  /** ε scale s in [0, {@link MAX_SCALE}]: z = z_mean + s·σ·ε. */
  scale: number;
  /** ε = tf.randomNormal([MAX_PASSES, L], 0, 1, "float32", seed); the K passes are its first K rows. */
  seed: number;
  /** Where ε is sampled ({@link NoiseMode}); ε is 0 elsewhere. */
  noise: NoiseMode;
  /** The dimension of noise mode "one" (0-based, as report.md and metrics.json number them). */
  dim: number;
  /** N, the passes the running mean averages, 1 to MAX_PASSES. */
  passes: number;
  /** The dimension table's order. */
  order: DimensionOrder;
  /** Updates drawn so far. */
  updates: number;
}

/** The latent map's axes: two latent dimensions, and the box of latent values the canvas spans. */
export interface LatentMapAxes {
  /** [horizontal, vertical] dimension (0-based): the two with the most KL over the test digits. */
  dims: [number, number];
  /** True when the latent has more than two dimensions: a slice, the others held at z_mean. */
  slice: boolean;
  /** Latent values at the canvas' left, right, bottom and top edges (y grows upwards). */
  box: { xMin: number; xMax: number; yMin: number; yMax: number };
  /** Test digits drawn as points. */
  points: number;
}

/** What the last updates drew; images are 784 values in [0, 1], row-major 28 × 28. */
export interface ExplorerDrawn {
  x: Float32Array;
  meanDecode: Float32Array;
  /**
   * The K passes vae(x, s·mask·ε_k): the exported decoder on z = sampleLatent(z_mean, z_log_var,
   * s·mask·ε_k), the same floats as the exported vae model on [x × K, s·mask·ε].
   */
  passes: Float32Array[];
  /** Per-pixel standard deviation of the K passes (K − 1 in the denominator). */
  std: Float32Array;
  /** This image's z_mean and σ = exp(0.5·z_log_var), per latent dimension. */
  zMean: Float32Array;
  sigma: Float32Array;
  /** RMS image change of a 1σ step along each dimension alone. */
  effect: Float32Array;
  /** 1 where ε is sampled, 0 where it is held at 0 (the noise mode's mask). */
  mask: Float32Array;
  /** Per dimension, over the test digits: mean KL(q(z|x) ‖ N(0, 1)) and the variance of z_mean. */
  klPerDim: Float64Array;
  zMeanVariance: Float64Array;
  /** Whether each dimension is active (variance of z_mean > 0.01, as the evaluation counts). */
  active: boolean[];
  /** How many passes the running mean holds so far (it catches up with state.passes frame by frame). */
  passesDone: number;
  /** The mean of the first passesDone passes, and |that − decoder(z_mean)| per pixel. */
  runningMean: Float32Array;
  gap: Float32Array;
  /** mean and max over pixels of `gap`. */
  gapMean: number;
  gapMax: number;
  /** The latent map's last decoded point (pointer or click): its z and decoder(z). */
  mapPoint?: { z: Float32Array; decode: Float32Array };
}

/** window.explorer. Setters update synchronously; the running mean then follows frame by frame. */
export interface ExplorerHandle {
  /** Models, digits and the test digits' encodings loaded, the first update drawn; rejects with the error the section shows. */
  ready: Promise<void>;
  /** Passes shown as images (16). */
  k: number;
  /** The most passes N the running mean takes (1,000). */
  maxPasses: number;
  setDigit(i: number): void;
  setScale(s: number): void;
  /** An integer ≥ 1 (tfjs takes seed 0 for "no seed"). */
  setSeed(n: number): void;
  /** New ε: seed + 1. */
  resample(): void;
  /** Where ε is sampled; `dim` for mode "one". */
  setNoise(mode: NoiseMode, dim?: number): void;
  /** N, 1 to maxPasses. */
  setPasses(n: number): void;
  setOrder(order: DimensionOrder): void;
  /** Decodes the latent map's point at latent values (u, v) of its two axes, as a click there does. */
  decodeMapPoint(u: number, v: number): void;
  /** Resolves once the running mean holds state.passes passes. */
  settled(): Promise<void>;
  state: ExplorerState;
  drawn: ExplorerDrawn;
  /** The latent map's axes (once ready). */
  map?: LatentMapAxes;
  /** ms of the last update (model calls and drawing, the running mean's first chunk excluded). */
  lastUpdateMs: number;
  /** ms from the last change until the running mean held state.passes passes (frames between them included). */
  lastPassesMs: number;
  /** The exported models, once ready. */
  models?: { encoder: tf.LayersModel; decoder: tf.LayersModel; vae: tf.LayersModel };
}

/** The largest ε scale the slider offers. */
export const MAX_SCALE = 3;

/** Passes shown as images, and whose spread the heatmap shows. */
export const K_PASSES = 16;

/** The most passes the running mean takes. */
export const MAX_PASSES = 1000;
