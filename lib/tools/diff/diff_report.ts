/**
 * The readable detail of an {@link ArtifactDiff}, after the verdict: summarised by default
 * (an identical pair in one line, identical files in one line, weights in one line, a
 * per-epoch file's final row, an indexed family's largest changes: number_summary.ts), or
 * every file, tensor and number with `all`. Unless A and B are one model, per-dimension and
 * per-digit numbers are not listed and no number is set against the evaluation-seed noise
 * (the verdict judges two trainings against training-seed noise).
 */
import type { ArtifactDiff, FileDiff } from "./artifact_diff.ts";
import { NOISE_MULTIPLE } from "./headline_verdict.ts";
import { full as num } from "./number_format.ts";
import { isPerUnit, type NumberChange, summariseNumbers, withoutUnitDetail } from "./number_summary.ts";

/** How much to show. */
export interface DetailOptions {
  /** Every file, tensor and number. */
  all?: boolean;
  /**
   * A and B are not known to be one model (different trainings, or a model not found): no
   * number is set against its evaluation-seed noise, which leaves out the training-seed noise,
   * and per-dimension and per-digit numbers are not listed (dimension i of one training is not
   * dimension i of another).
   */
  trainingsDiffer?: boolean;
}

/** How many source files a summary names. */
const NAMES_SHOWN = 10;

function show(value: unknown): string {
  return value === undefined ? "(absent)" : typeof value === "string" ? value : JSON.stringify(value);
}

function numberLine(n: NumberChange, trainingsDiffer: boolean): string {
  // A seed (metrics.json's `seed`, an `evalSeed`) names a random stream: its difference and
  // ratio mean nothing.
  if (/(^|\.)(seed|evalSeed)$/i.test(n.key)) return `${n.key}: ${num(n.a)} → ${num(n.b)}`;
  let noise = "";
  if (n.noise !== undefined && !trainingsDiffer) {
    const times = `${num(Math.abs(n.delta) / n.noise)}× the evaluation-seed noise ${num(n.noise)}`;
    noise = `; ${times}${Math.abs(n.delta) < NOISE_MULTIPLE * n.noise ? ", within noise" : ", beyond noise"}`;
  }
  return `${n.key}: ${num(n.a)} → ${num(n.b)} (Δ ${num(n.delta)}, ${num(100 * n.relative)}%${noise})`;
}

function tensorLine(t: NonNullable<FileDiff["tensors"]>[number]): string {
  return t.shapes
    ? `${t.name}: shape ${t.shapes.a.join("×")} → ${t.shapes.b.join("×")}`
    : `${t.name}: max |Δ| ${num(t.maxAbsDiff)}, relative L2 ${num(t.relativeL2)}`;
}

function fileLines(f: FileDiff, options: DetailOptions): string[] {
  const lines: string[] = [];
  const tensors = f.tensors ?? [];
  if (options.all) {
    for (const t of tensors) lines.push(tensorLine(t));
  } else if (tensors.length > 0) {
    const reshaped = tensors.filter((t) => t.shapes !== undefined);
    const same = tensors.filter((t) => t.shapes === undefined);
    const differ = same.filter((t) => t.maxAbsDiff !== 0);
    const byL2 = [...same].sort((x, y) => y.relativeL2 - x.relativeL2)[0];
    const byMax = [...same].sort((x, y) => y.maxAbsDiff - x.maxAbsDiff)[0];
    lines.push(
      `${differ.length + reshaped.length} of ${tensors.length} tensors differ` +
        (byL2 && byMax
          ? `; largest relative L2 ${num(byL2.relativeL2)} (${byL2.name}), largest max |Δ| ${
            num(byMax.maxAbsDiff)
          } (${byMax.name})`
          : "") +
        (reshaped.length > 0
          ? `; ${reshaped.length} changed shape: ${reshaped.map(tensorLine).join(", ")}`
          : ""),
    );
  }
  const { kept: numbers, notes } = options.trainingsDiffer
    ? withoutUnitDetail(f.numbers ?? [])
    : { kept: f.numbers ?? [], notes: [] };
  const items = [
    ...(options.all ? numbers.map((change) => ({ change })) : summariseNumbers(numbers)),
    ...notes.map((note) => ({ note })),
  ];
  for (const item of items) {
    lines.push(
      "change" in item ? numberLine(item.change, options.trainingsDiffer ?? false) : `(${item.note})`,
    );
  }
  for (const [side, onlyHere] of [["A", f.onlyInA ?? []], ["B", f.onlyInB ?? []]] as const) {
    const only = options.trainingsDiffer ? onlyHere.filter((n) => !isPerUnit(n.key)) : onlyHere;
    const unlisted = onlyHere.length - only.length;
    if (unlisted > 0) {
      lines.push(
        `(${unlisted} per-dimension or per-digit number(s) only in ${side}, not listed: A and B are not one model)`,
      );
    }
    if (only.length === 0) continue;
    const shown = options.all ? only : only.slice(0, 3);
    lines.push(
      `${only.length} number(s) only in ${side}: ${
        shown.map((n) => `${n.key} = ${num(n.value)}`).join(", ")
      }${shown.length < only.length ? ", …" : ""}`,
    );
  }
  if (f.image?.sizes) {
    const { a, b } = f.image.sizes;
    lines.push(`size ${a[0]}×${a[1]} → ${b[0]}×${b[1]}: not compared pixel by pixel`);
  } else if (f.image) {
    const i = f.image;
    lines.push(
      `${i.pixelsChanged} of ${i.pixels} pixels changed, max |Δ| ${i.maxAbsDiff}/255, PSNR ${
        num(i.psnr)
      } dB` +
        (i.heatmap ? `; old | new | |Δ|: ${i.heatmap}` : ""),
    );
  }
  if (f.curves) {
    lines.push(
      `compared as its data, ${f.drawnFrom}` +
        (f.curves.chart ? `; A and B overlaid: ${f.curves.chart}` : ""),
    );
  }
  return lines.map((line) => `    ${line}`);
}

/** Formats `diff` as lines of text, summarised unless `options.all`. */
export function diffReport(diff: ArtifactDiff, options: DetailOptions = {}): string {
  const same = diff.a.id === diff.b.id ? diff.a.id : `${diff.a.id} vs ${diff.b.id}`;
  if (diff.identical && !options.all) {
    return `${diff.a.kind} ${same}: files: all identical (${diff.files.length} files)`;
  }
  const lines = [
    `A: ${diff.a.kind} ${diff.a.id} (${diff.a.dir})`,
    `B: ${diff.b.kind} ${diff.b.id} (${diff.b.dir})`,
  ];
  lines.push(diff.identical ? "files: all identical" : "files: DIFFERENT");
  const section = (title: string, changes: { key: string; a: unknown; b: unknown }[]) => {
    if (changes.length === 0) return;
    lines.push("", `${title}:`);
    for (const c of changes) lines.push(`  ${c.key}: ${show(c.a)} → ${show(c.b)}`);
  };
  section("params", diff.params);
  section("inputs", diff.inputs);
  if (options.all || diff.sourceFiles.length <= NAMES_SHOWN) {
    section(
      "source files (SHA-256)",
      diff.sourceFiles.map((c) => ({
        ...c,
        a: c.a ? String(c.a).slice(0, 12) : undefined,
        b: c.b ? String(c.b).slice(0, 12) : undefined,
      })),
    );
  } else {
    const names = diff.sourceFiles.map((c) => c.key);
    lines.push(
      "",
      `source files: ${names.length} changed: ${names.slice(0, NAMES_SHOWN).join(", ")} and ${
        names.length - NAMES_SHOWN
      } more (--all)`,
    );
  }
  section("env", diff.env);
  lines.push("", "per file:");
  const identical = diff.files.filter((f) => f.status === "identical");
  for (const f of diff.files) {
    if (f.status === "identical" && !options.all) continue;
    lines.push(`  ${f.path}: ${f.status}`, ...fileLines(f, options));
  }
  if (identical.length > 0 && !options.all) {
    lines.push(`  identical: ${identical.map((f) => f.path).join(", ")}`);
  }
  return lines.join("\n");
}
