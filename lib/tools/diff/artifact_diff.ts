/**
 * What changed between two artifacts, and by how much: params, inputs, source files and
 * environment; then file by file — identical, or changed with a measure that fits the file:
 * weights (weights_diff.ts), JSON numbers (metrics_diff.ts), PNG images (image_diff.ts), and
 * the loss-curve picture as the history it was drawn from (loss_curves.ts).
 */
import { dirname, join } from "node:path";
import { type Artifact, type ManifestFile } from "../../core/store/manifest.ts";
import { namedDir } from "../../core/store/artifact_read.ts";
import type { ArtifactDiff, FileDiff } from "./file_diff.ts";
import { changedKeys } from "./changed_keys.ts";
import { compareImages } from "./image_diff.ts";
import { readHistoryRows } from "./history_rows.ts";
import { HISTORY_FILE, LOSS_CURVE_PICTURE, overlayLossCurves } from "./loss_curves.ts";
import { compareJson } from "./metrics_diff.ts";
import { compareWeights } from "./weights_diff.ts";

export type { ArtifactDiff, FileDiff, ValueChange } from "./file_diff.ts";

function hasBoth(a: Artifact, b: Artifact, path: string): boolean {
  return [a, b].every((x) => x.manifest.files.some((f) => f.path === path));
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
    const json = await compareJson(pa, pb);
    diff.numbers = json.numbers;
    if (json.onlyInA.length > 0) diff.onlyInA = json.onlyInA;
    if (json.onlyInB.length > 0) diff.onlyInB = json.onlyInB;
  } else if (fa.path === LOSS_CURVE_PICTURE && hasBoth(a, b, HISTORY_FILE)) {
    // Two loss pictures differ in pixels wherever their axes do: compare and draw the data.
    diff.drawnFrom = HISTORY_FILE;
    diff.curves = await overlayLossCurves(
      await readHistoryRows(join(a.dir, HISTORY_FILE)),
      await readHistoryRows(join(b.dir, HISTORY_FILE)),
      a.manifest.id,
      b.manifest.id,
      outDir ? join(outDir, "loss_curves.png") : undefined,
    );
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
    a: { kind: a.manifest.kind, id: a.manifest.id, dir: namedDir(a) },
    b: { kind: b.manifest.kind, id: b.manifest.id, dir: namedDir(b) },
    identical: a.manifest.kind === b.manifest.kind && files.every((f) => f.status === "identical"),
    params,
    inputs,
    sourceFiles: changedKeys(sourceA, sourceB),
    env: changedKeys(a.manifest.env, b.manifest.env),
    files,
  };
}
