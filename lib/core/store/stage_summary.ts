/**
 * The numbers worth a glance about an artifact, from its manifest's `summary`: final
 * val_loss of a model, −ELBO and single-pass RMS of an evaluation. Read, not trusted: a
 * missing or malformed field is left out, never fatal. Used by `runs` and the viewer.
 */
import { join } from "node:path";
import { MANIFEST_NAME } from "./manifest.ts";
import { readSmallTextFile } from "./safe_paths.ts";
import { unsupportedSchema } from "./kinds.ts";

/** The key numbers of one stage's artifact. */
export interface KeyMetrics {
  valLoss?: number;
  epochs?: number;
  negElbo?: number;
  singlePassRms?: number;
  /** Set instead of numbers when the artifact is in a format this checkout does not read. */
  unsupported?: string;
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The key numbers in the manifest summary of artifact `kind`/`id` under `root` ({} when unreadable). */
export async function keyMetricsOf(root: string, kind: string, id: string): Promise<KeyMetrics> {
  let summary: Record<string, unknown>;
  try {
    const manifest = JSON.parse(await readSmallTextFile(join(root, kind, id, MANIFEST_NAME)));
    // Another format version's numbers may mean something else: none are shown.
    if (typeof manifest?.schema === "string" && unsupportedSchema(manifest.schema) !== undefined) {
      return { unsupported: manifest.schema };
    }
    const parsed = manifest?.summary;
    summary = parsed !== null && typeof parsed === "object" ? parsed : {};
  } catch {
    return {};
  }
  if (kind === "model") {
    const final = summary.final as { epoch?: unknown; valLoss?: unknown } | undefined;
    return { valLoss: num(final?.valLoss), epochs: num(final?.epoch) };
  }
  if (kind === "evaluate") {
    return {
      negElbo: num((summary.negElbo as { total?: unknown } | undefined)?.total),
      singlePassRms: num(summary.singlePassRms),
    };
  }
  return {};
}

/**
 * The key numbers as text, e.g. "val_loss 101.593 after 50 epochs".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { keyMetricsText } from "./stage_summary.ts";
 * assert.equal(keyMetricsText({ negElbo: 101.5594, singlePassRms: 0.06 }), "−ELBO 101.559, single-pass RMS 0.0600");
 * ```
 */
export function keyMetricsText(metrics: KeyMetrics): string {
  if (metrics.unsupported !== undefined) return `format ${metrics.unsupported}, not read by this checkout`;
  if (metrics.valLoss !== undefined && metrics.epochs !== undefined) {
    return `val_loss ${metrics.valLoss.toFixed(3)} after ${metrics.epochs} epochs`;
  }
  return [
    metrics.negElbo !== undefined && `−ELBO ${metrics.negElbo.toFixed(3)}`,
    metrics.singlePassRms !== undefined && `single-pass RMS ${metrics.singlePassRms.toFixed(4)}`,
  ].filter(Boolean).join(", ");
}
