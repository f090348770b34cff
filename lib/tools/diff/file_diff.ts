/** What `diff` finds: how two artifacts and each of their files compare. */
import type { LossCurves } from "./loss_curves.ts";

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
  tensors?: { name: string; maxAbsDiff: number; relativeL2: number; shapes?: { a: number[]; b: number[] } }[];
  /** For JSON files: numeric leaves only one of them has. */
  onlyInA?: { key: string; value: number }[];
  onlyInB?: { key: string; value: number }[];
  /** For JSON files: numeric leaves that changed. */
  numbers?: { key: string; a: number; b: number; delta: number; relative: number; noise?: number }[];
  /** For PNG images. */
  image?: {
    pixelsChanged: number;
    pixels: number;
    maxAbsDiff: number;
    psnr: number;
    heatmap?: string;
    /** Set when the two images differ in size: then nothing else was compared. */
    sizes?: { a: [number, number]; b: [number, number] };
  };
  /** For a picture drawn from a data file (loss_curve.png from history.json): that file. */
  drawnFrom?: string;
  /** For the loss-curve picture: A's and B's histories overlaid, as data and as one chart. */
  curves?: LossCurves;
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
