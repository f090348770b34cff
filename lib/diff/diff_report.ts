/** The readable text form of an {@link ArtifactDiff}. */
import type { ArtifactDiff } from "./artifact_diff.ts";

function show(value: unknown): string {
  return value === undefined ? "(absent)" : typeof value === "string" ? value : JSON.stringify(value);
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6
    ? v.toPrecision(6).replace(/\.?0+$/, "")
    : v.toExponential(3);
}

/** Formats `diff` as lines of text. */
export function diffReport(diff: ArtifactDiff): string {
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
  section(
    "source files (SHA-256)",
    diff.sourceFiles.map((c) => ({
      ...c,
      a: c.a ? String(c.a).slice(0, 12) : undefined,
      b: c.b ? String(c.b).slice(0, 12) : undefined,
    })),
  );
  section("env", diff.env);
  lines.push("", "per file:");
  for (const f of diff.files) {
    lines.push(`  ${f.path}: ${f.status}`);
    for (const t of f.tensors ?? []) {
      lines.push(`    ${t.name}: max |Δ| ${num(t.maxAbsDiff)}, relative L2 ${num(t.relativeL2)}`);
    }
    for (const n of f.numbers ?? []) {
      const noise = n.noise === undefined
        ? ""
        : `; ${num(Math.abs(n.delta) / n.noise)}× the evaluation-seed noise ${num(n.noise)}${
          Math.abs(n.delta) < 2 * n.noise ? ", within noise" : ", beyond noise"
        }`;
      lines.push(
        `    ${n.key}: ${num(n.a)} → ${num(n.b)} (Δ ${num(n.delta)}, ${num(100 * n.relative)}%${noise})`,
      );
    }
    if (f.image) {
      const i = f.image;
      lines.push(
        `    ${i.pixelsChanged} of ${i.pixels} pixels changed, max |Δ| ${i.maxAbsDiff}/255, PSNR ${
          num(i.psnr)
        } dB` +
          (i.heatmap ? `; old | new | |Δ|: ${i.heatmap}` : ""),
      );
    }
  }
  return lines.join("\n");
}
