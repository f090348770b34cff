/**
 * Sweep profiles: what a named sweep sweeps by default and which `all` profile its cells
 * run. Flags given on the command line win over a profile's lists.
 */
import { LATENT_STUDY_PROFILE } from "../compare/latent_study.ts";

/** A sweep profile. */
export interface SweepProfile {
  /** The `all` profile of every cell. */
  cellProfile: string;
  /** Flag → list, as on the command line; the slowest-varying first. */
  axes: Record<string, string>;
  /** Written after the sweep: the latent-size study. */
  study?: "latent-size";
}

/**
 * The line a sweep prints about its cells' engine when its axes fix one: e.g. the latent study's
 * cells on the native engine, whose bytes are promised per machine only (means and spreads do
 * not need more). `--engine wasm` on the command line replaces the profile's engine.
 */
export function engineNote(
  profileName: string,
  axes: readonly { flag: string; values: readonly string[] }[],
): string | undefined {
  const engine = axes.find((axis) => axis.flag === "engine")?.values;
  if (engine?.length !== 1 || engine[0] !== "native") return undefined;
  return `sweep --profile ${profileName}: cells train and evaluate on the native engine (OpenBLAS and C kernels; ` +
    "their bytes are the same only on this kind of machine); --engine wasm runs them on wasm";
}

/** The profiles `deno task sweep --profile` takes. */
export const SWEEP_PROFILES: Readonly<Record<string, SweepProfile>> = {
  default: { cellProfile: "default", axes: {} },
  smoke: { cellProfile: "smoke", axes: {} },
  /**
   * How far decoder(z_mean) and vae(x) drift apart as the latent size grows: latent sizes 2
   * (the Keras example) to 64 (32 is the asker's) × training seeds 1–3, full data, 50 epochs.
   * Seeds vary slowest, so a partial study already holds every size once.
   */
  [LATENT_STUDY_PROFILE]: {
    cellProfile: "default",
    // 150 fifty-epoch trainings: on the native engine, several times faster (lib/core/engine/engine.ts).
    axes: { seed: "1,2,3", "latent-dim": "2,8,16,32,64", engine: "native" },
    study: "latent-size",
  },
};
