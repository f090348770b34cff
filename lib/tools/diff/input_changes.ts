/**
 * What differs in what made A and B, over their whole lineages: each stage's params (by
 * flag), the data (the mnist artifact), the source files and the environment. The first
 * thing a diff's verdict says.
 */
import { changedKeys } from "./changed_keys.ts";
import { parseSchema } from "../../core/store/kinds.ts";
import { PIPELINE } from "../../stages/pipeline_order.ts";
import type { Lineage } from "./lineage.ts";
import { flagOfParam } from "../compare/setting_flags.ts";

/** A value that differs, and the stage whose artifact records it. */
export interface StageChange {
  /** The stage (task name), e.g. "train". */
  stage: string;
  key: string;
  a: unknown;
  b: unknown;
  /** What the values mean beyond themselves, e.g. that a cap evaluated the same images on both sides. */
  note?: string;
}

/** What differs in the making of A and B. */
export interface InputChanges {
  /** Params by flag (`seed`, `eval-seed`, `latent-dim`), in pipeline order. */
  params: StageChange[];
  /** The mnist artifact of each side, where found. */
  data: { a?: string; b?: string };
  /** Source files whose SHA-256 differs (or that one side lacks) in any stage, sorted. */
  sourceFiles: string[];
  /** Environment entries that differ, each once (the first stage that shows it). */
  env: StageChange[];
}

/** The differences between lineages `a` and `b`, stage by stage where both have the stage. */
export function inputChanges(a: Lineage, b: Lineage): InputChanges {
  const params: StageChange[] = [];
  const env: StageChange[] = [];
  const sourceFiles = new Set<string>();
  for (const stage of PIPELINE) {
    const kind = parseSchema(stage.schema).kind;
    const [ka, kb] = [a.byKind.get(kind)?.manifest, b.byKind.get(kind)?.manifest];
    if (ka === undefined || kb === undefined) continue;
    for (const { key, a: va, b: vb } of changedKeys(ka.params, kb.params)) {
      params.push({ stage: stage.name, key: flagOfParam(kind, key), a: va, b: vb });
    }
    for (const { key, a: va, b: vb } of changedKeys(ka.env, kb.env)) {
      if (!env.some((e) => e.key === key)) env.push({ stage: stage.name, key, a: va, b: vb });
    }
    const [sa, sb] = [ka.code.source ?? {}, kb.code.source ?? {}] as Record<string, unknown>[];
    for (const { key: file } of changedKeys(sa!, sb!)) sourceFiles.add(file);
  }
  const mnist = (lineage: Lineage) => lineage.byKind.get("mnist")?.manifest.id;
  const [da, db] = [mnist(a), mnist(b)];
  return {
    params,
    data: { ...(da ? { a: da } : {}), ...(db ? { b: db } : {}) },
    sourceFiles: [...sourceFiles].sort(),
    env,
  };
}
