/**
 * What the fetch-mnist stage is told: its params (how many records of each split the `mnist`
 * artifact keeps; they make its id) and its options (where the bytes come from, which are not
 * params: verified bytes are the same bytes wherever they came from).
 */
import { choiceFlag, type FlagOptions, type FlagValues, stringFlag } from "../../core/cli/flags.ts";
import type { ParamSpecs } from "../../core/cli/params.ts";
import { MNIST_MIRRORS } from "./mnist_files.ts";
import { MNIST_SOURCES, type MnistSourceChoice } from "./mnist_sources.ts";

/** Everything that determines an mnist artifact: how many records of each split it keeps. */
export interface FetchMnistParams {
  /** The first N training records (all 60,000 by default). */
  limitTrain: number;
  /** The first N test records (all 10,000 by default). */
  limitTest: number;
}

/** The fetch-mnist stage's params and flags. */
export const FETCH_MNIST_PARAMS: ParamSpecs<FetchMnistParams> = {
  limitTrain: { flag: "limit-train", default: 60000, min: 1, max: 60000, integer: true },
  limitTest: { flag: "limit-test", default: 10000, min: 1, max: 10000, integer: true },
};

/** Where the files come from: not params, since verified bytes are the same bytes. */
export interface FetchMnistOptions {
  source: MnistSourceChoice;
  dir?: string;
  mirrors: string[];
}

/** The flags of {@link FetchMnistOptions}. */
export const FETCH_MNIST_OPTIONS: FlagOptions = {
  source: { type: "string" },
  dir: { type: "string" },
  mirror: { type: "string", multiple: true },
};

/** The options from parsed flags: --source (auto by default), --dir, every --mirror (the pinned mirrors by default). */
export function fetchMnistOptionsFromFlags(flags: FlagValues): FetchMnistOptions {
  return {
    source: choiceFlag(flags, "source", MNIST_SOURCES, "auto"),
    dir: stringFlag(flags, "dir"),
    mirrors: (flags.mirror as string[] | undefined) ?? [...MNIST_MIRRORS],
  };
}
