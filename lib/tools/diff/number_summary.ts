/**
 * Which changed numbers of a JSON file a summarised diff shows. A per-epoch file (an array
 * of rows, history.json) shows its final row (epoch) only. In other files, a family of numbers
 * indexed by digit, latent dimension or the like (`perClass.3.negElbo`, `latent.klPerDim.7`)
 * shows its 3 largest relative changes; every other number shows. `--all` shows every one.
 * Such per-unit families are shown only for one model evaluated twice ({@link withoutUnitDetail}).
 */
import type { FileDiff } from "./file_diff.ts";

/** One changed number. */
export type NumberChange = NonNullable<FileDiff["numbers"]>[number];

/** A shown number, or a line saying what was left out. */
export type SummaryItem = { change: NumberChange } | { note: string };

/** How many of an indexed family's changes are shown. */
export const LARGEST_SHOWN = 3;

const isIndex = (segment: string) => /^\d+$/.test(segment);

/**
 * The family of an indexed number, the key up to its first index (`latent.klPerDim` of
 * `latent.klPerDim.7`); undefined for an unindexed key or a per-epoch row (`3.valLoss`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { unitFamily } from "./number_summary.ts";
 * assert.equal(unitFamily("perClass.3.negElbo"), "perClass");
 * assert.equal(unitFamily("negElbo.total"), undefined);
 * assert.equal(unitFamily("3.valLoss"), undefined);
 * ```
 */
export function unitFamily(key: string): string | undefined {
  const segments = key.split(".");
  const at = segments.findIndex(isIndex);
  return at <= 0 ? undefined : segments.slice(0, at).join(".");
}

/**
 * Whether `key` is a per-latent-dimension or per-digit number of metrics.json
 * (`latent.klPerDim.7`, `perClass.3.negElbo`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isPerUnit } from "./number_summary.ts";
 * assert.equal(isPerUnit("latent.klPerDim.7"), true);
 * assert.equal(isPerUnit("perClass.3.negElbo"), true);
 * assert.equal(isPerUnit("modelTopology.config.layers.2.name"), false);
 * ```
 */
export function isPerUnit(key: string): boolean {
  const family = unitFamily(key);
  return family !== undefined && (family.startsWith("latent.") || family === "perClass");
}

/** Why a family's numbers of two trainings are not listed, in words. */
function unitReason(family: string): string {
  return family.startsWith("latent.")
    ? "latent dimension i of one training is not dimension i of the other (a model's dimensions are not identified across trainings)"
    : "per-digit figures of two trainings move with the training seed, and no spread per digit is measured to judge them by";
}

/**
 * `numbers` without their per-latent-dimension and per-digit families, and one note
 * per family left out: what a diff of two trainings shows, where dimension i of one model
 * has nothing to do with dimension i of the other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withoutUnitDetail } from "./number_summary.ts";
 * const n = (key: string) => ({ key, a: 1, b: 2, delta: 1, relative: 1 });
 * const { kept, notes } = withoutUnitDetail([n("negElbo.total"), n("latent.klPerDim.0"), n("latent.klPerDim.1")]);
 * assert.deepEqual(kept.map((k) => k.key), ["negElbo.total"]);
 * assert.match(notes[0]!, /^latent\.klPerDim\.\*: 2 changed, not listed: latent dimension i/);
 * ```
 */
export function withoutUnitDetail(
  numbers: readonly NumberChange[],
): { kept: NumberChange[]; notes: string[] } {
  const kept: NumberChange[] = [];
  const counts = new Map<string, number>();
  for (const n of numbers) {
    const family = unitFamily(n.key);
    if (family === undefined || !isPerUnit(n.key)) kept.push(n);
    else counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  const notes = [...counts].map(([family, count]) =>
    `${family}.*: ${count} changed, not listed: ${unitReason(family)}`
  );
  return { kept, notes };
}

/**
 * The summary of `numbers` (a file's changed numbers, in file order).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summariseNumbers } from "./number_summary.ts";
 * const n = (key: string, a: number, b: number) => ({ key, a, b, delta: b - a, relative: (b - a) / a });
 * const history = summariseNumbers([n("0.valLoss", 9, 8), n("1.valLoss", 7, 6)]);
 * assert.deepEqual(history.map((i) => "change" in i ? i.change.key : i.note), [
 *   "final epoch only; 1 more changed number in earlier epochs: --all",
 *   "1.valLoss",
 * ]);
 * ```
 */
export function summariseNumbers(numbers: readonly NumberChange[]): SummaryItem[] {
  if (numbers.length === 0) return [];
  const rows = numbers.map((n) => n.key.split(".")[0]!);
  if (rows.every(isIndex)) {
    const last = String(Math.max(...rows.map(Number)));
    const shown = numbers.filter((n) => n.key.split(".")[0] === last);
    const earlier = numbers.length - shown.length;
    const items: SummaryItem[] = shown.map((change) => ({ change }));
    if (earlier === 0) return items;
    const more = `${earlier} more changed number${earlier === 1 ? "" : "s"} in earlier epochs: --all`;
    return [{ note: `final epoch only; ${more}` }, ...items];
  }
  const familyOf = unitFamily;
  const families = new Map<string, NumberChange[]>();
  for (const n of numbers) {
    const family = familyOf(n.key);
    if (family !== undefined) families.set(family, [...(families.get(family) ?? []), n]);
  }
  const size = (n: NumberChange) => Number.isFinite(n.relative) ? Math.abs(n.relative) : Infinity;
  const items: SummaryItem[] = [];
  const done = new Set<string>();
  for (const n of numbers) {
    const family = familyOf(n.key);
    if (family === undefined) {
      items.push({ change: n });
      continue;
    }
    if (done.has(family)) continue;
    done.add(family);
    const members = families.get(family)!;
    if (members.length <= LARGEST_SHOWN) {
      items.push(...members.map((change) => ({ change })));
      continue;
    }
    items.push({
      note:
        `${family}.*: ${members.length} changed; the ${LARGEST_SHOWN} largest relative changes, all: --all`,
    });
    const largest = [...members].sort((x, y) => size(y) - size(x)).slice(0, LARGEST_SHOWN);
    items.push(...largest.map((change) => ({ change })));
  }
  return items;
}
