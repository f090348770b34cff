/**
 * What changed between two artifacts, and by how much: params, inputs, source files and
 * environment; then file by file — identical, or changed with a measure that fits the file:
 * per-tensor max |Δ| and relative L2 for weights, side-by-side numbers for JSON metrics,
 * pixels changed, max |Δ| and PSNR (plus an old | new | |Δ| picture) for PNG images.
 */
import { dirname, join } from "node:path";
import sharp from "sharp";
import { canonicalJson } from "../store/artifact_id.ts";
import type { Artifact, ManifestFile } from "../store/artifact_store.ts";
import { numericLeaves } from "./json_numbers.ts";
import { rgbToPng } from "../render/png.ts";
import { inferno } from "../render/colormap.ts";
import { readWeights } from "../model/weights_file.ts";

/** A value that differs between A and B. */
export interface ValueChange {
  key: string;
  a: unknown;
  b: unknown;
}

/** How one file compares. */
export interface FileDiff {
  path: string;
  status: "identical" | "changed" | "only in A" | "only in B";
  /** For weights: per tensor. */
  tensors?: { name: string; maxAbsDiff: number; relativeL2: number }[];
  /** For JSON files: numeric leaves that changed. */
  numbers?: { key: string; a: number; b: number; delta: number; relative: number; noise?: number }[];
  /** For PNG images. */
  image?: { pixelsChanged: number; pixels: number; maxAbsDiff: number; psnr: number; heatmap?: string };
}

/** The whole comparison. */
export interface ArtifactDiff {
  a: { kind: string; id: string; dir: string };
  b: { kind: string; id: string; dir: string };
  identical: boolean;
  params: ValueChange[];
  inputs: ValueChange[];
  sourceFiles: ValueChange[];
  env: ValueChange[];
  files: FileDiff[];
}

function changedKeys(a: Record<string, unknown>, b: Record<string, unknown>): ValueChange[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => canonicalJson(a[k]) !== canonicalJson(b[k])).map((key) => ({
    key,
    a: a[key],
    b: b[key],
  }));
}

async function compareWeights(dirA: string, dirB: string, base: string): Promise<FileDiff["tensors"]> {
  const [wa, wb] = [await readWeights(dirA, base), await readWeights(dirB, base)];
  const byName = new Map(wb.map((w) => [w.name, w]));
  return wa.filter((w) => byName.has(w.name)).map((w) => {
    const other = byName.get(w.name)!.values;
    let max = 0;
    let diff2 = 0;
    let norm2 = 0;
    for (let i = 0; i < w.values.length; i++) {
      const d = w.values[i]! - (other[i] ?? NaN);
      max = Math.max(max, Math.abs(d));
      diff2 += d * d;
      norm2 += w.values[i]! ** 2;
    }
    return { name: w.name, maxAbsDiff: max, relativeL2: Math.sqrt(diff2 / (norm2 || 1)) };
  });
}

async function compareImages(
  pathA: string,
  pathB: string,
  heatmapPath: string | undefined,
): Promise<FileDiff["image"]> {
  const decode = (p: string) => sharp(p).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [a, b] = [await decode(pathA), await decode(pathB)];
  if (a.info.width !== b.info.width || a.info.height !== b.info.height) {
    return { pixelsChanged: NaN, pixels: a.info.width * a.info.height, maxAbsDiff: NaN, psnr: NaN };
  }
  const { width, height, channels } = a.info;
  let changed = 0;
  let max = 0;
  let squares = 0;
  const delta = new Float32Array(width * height);
  for (let p = 0; p < width * height; p++) {
    let pixelMax = 0;
    for (let c = 0; c < channels; c++) {
      const d = Math.abs(a.data[p * channels + c]! - b.data[p * channels + c]!);
      pixelMax = Math.max(pixelMax, d);
      squares += d * d;
    }
    delta[p] = pixelMax;
    if (pixelMax > 0) changed++;
    max = Math.max(max, pixelMax);
  }
  const mse = squares / (width * height * channels);
  const result: NonNullable<FileDiff["image"]> = {
    pixelsChanged: changed,
    pixels: width * height,
    maxAbsDiff: max,
    psnr: mse === 0 ? Infinity : 10 * Math.log10(255 ** 2 / mse),
  };
  if (heatmapPath && changed > 0) {
    // old | new | |Δ| side by side, |Δ| through the inferno map scaled to its maximum.
    const rgb = new Uint8Array(width * 3 * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = y * width + x;
        const at = (panel: number) => (y * width * 3 + panel * width + x) * 3;
        for (let c = 0; c < 3; c++) {
          rgb[at(0) + c] = a.data[p * channels + Math.min(c, channels - 1)]!;
          rgb[at(1) + c] = b.data[p * channels + Math.min(c, channels - 1)]!;
        }
        rgb.set(inferno(delta[p]! / max), at(2));
      }
    }
    await Deno.mkdir(dirname(heatmapPath), { recursive: true });
    await Deno.writeFile(heatmapPath, await rgbToPng(rgb, width * 3, height));
    result.heatmap = heatmapPath;
  }
  return result;
}

/** Metrics whose evaluation-seed noise metrics.json records (seedNoise), by key. */
const NOISE_OF: Record<string, string> = {
  "negElbo.total": "seedNoise.negElbo",
  "negElbo.recon": "seedNoise.negElbo",
  "singlePassRms.mean": "seedNoise.singlePassRms",
};

async function compareJson(pathA: string, pathB: string): Promise<FileDiff["numbers"]> {
  const [a, b] = [
    numericLeaves(JSON.parse(await Deno.readTextFile(pathA))),
    numericLeaves(JSON.parse(await Deno.readTextFile(pathB))),
  ];
  return [...a].filter(([key, va]) => b.has(key) && b.get(key) !== va).map(([key, va]) => {
    const vb = b.get(key)!;
    const change = {
      key,
      a: va,
      b: vb,
      delta: vb - va,
      relative: va === 0 ? Infinity : (vb - va) / Math.abs(va),
    };
    const noiseKey = NOISE_OF[key];
    const [na, nb] = noiseKey ? [a.get(noiseKey), b.get(noiseKey)] : [];
    // The spread of a difference of two independent evaluations: √(σA² + σB²).
    return na !== undefined && nb !== undefined ? { ...change, noise: Math.hypot(na, nb) } : change;
  });
}

async function compareFile(
  a: Artifact,
  b: Artifact,
  fa: ManifestFile,
  fb: ManifestFile,
  outDir?: string,
): Promise<FileDiff> {
  if (fa.sha256 === fb.sha256) return { path: fa.path, status: "identical" };
  const diff: FileDiff = { path: fa.path, status: "changed" };
  const [pa, pb] = [join(a.dir, fa.path), join(b.dir, fa.path)];
  if (fa.path.endsWith(".bin")) {
    const base = fa.path.slice(0, -".bin".length);
    const manifestName = await Deno.stat(join(a.dir, `${base}.json`)).then(() => base, () => undefined);
    if (manifestName !== undefined) {
      diff.tensors = await compareWeights(
        join(a.dir, dirname(base)),
        join(b.dir, dirname(base)),
        base.split("/").pop()!,
      );
    }
  } else if (fa.path.endsWith(".json")) {
    diff.numbers = await compareJson(pa, pb);
  } else if (fa.path.endsWith(".png")) {
    const heatmap = outDir
      ? join(outDir, fa.path.replaceAll("/", "_").replace(/\.png$/, "_diff.png"))
      : undefined;
    diff.image = await compareImages(pa, pb, heatmap);
  }
  return diff;
}

/** Compares artifact `a` with `b`; difference pictures go to `outDir` when given. */
export async function diffArtifacts(a: Artifact, b: Artifact, outDir?: string): Promise<ArtifactDiff> {
  const filesA = new Map(a.manifest.files.map((f) => [f.path, f]));
  const filesB = new Map(b.manifest.files.map((f) => [f.path, f]));
  const files: FileDiff[] = [];
  for (const path of [...new Set([...filesA.keys(), ...filesB.keys()])].sort()) {
    const [fa, fb] = [filesA.get(path), filesB.get(path)];
    if (!fa) files.push({ path, status: "only in B" });
    else if (!fb) files.push({ path, status: "only in A" });
    else files.push(await compareFile(a, b, fa, fb, outDir));
  }
  const sourceA = (a.manifest.code.source ?? {}) as Record<string, unknown>;
  const sourceB = (b.manifest.code.source ?? {}) as Record<string, unknown>;
  const params = changedKeys(a.manifest.params, b.manifest.params);
  const inputs = changedKeys(
    Object.fromEntries(a.manifest.inputs.map((i) => [i.kind, i.id])),
    Object.fromEntries(b.manifest.inputs.map((i) => [i.kind, i.id])),
  );
  return {
    a: { kind: a.manifest.kind, id: a.manifest.id, dir: a.dir },
    b: { kind: b.manifest.kind, id: b.manifest.id, dir: b.dir },
    identical: a.manifest.kind === b.manifest.kind && files.every((f) => f.status === "identical"),
    params,
    inputs,
    sourceFiles: changedKeys(sourceA, sourceB),
    env: changedKeys(a.manifest.env, b.manifest.env),
    files,
  };
}
