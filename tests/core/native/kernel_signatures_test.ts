// The FFI table (lib/core/native/kernel_signatures.ts) and the C header (lib/core/native/kernels.h) declare the same kernels with the same parameters, name for name and type for type.
import assert from "node:assert/strict";
import { KERNEL_RESULTS, KERNEL_SIGNATURES } from "../../../lib/core/native/kernel_signatures.ts";

const header = await Deno.readTextFile(new URL("../../../lib/core/native/kernels.h", import.meta.url));
const sources = await Promise.all(
  ["kernels.c", "normal.c", "train_step.c"].map((f) =>
    Deno.readTextFile(new URL(`../../../lib/core/native/${f}`, import.meta.url))
  ),
);

/** The FFI type of a C type: `void *` is a pointer, other pointers buffers; integers and floats by width. */
function ffiType(cType: string): string {
  if (/^\s*void\s*\*\s*$/.test(cType.replace(/\b(const|restrict)\b/g, ""))) return "pointer";
  if (cType.includes("*")) return "buffer";
  const scalar = cType.replace(/\b(const|restrict)\b/g, "").trim();
  const types: Record<string, string> = {
    int64_t: "i64",
    int32_t: "i32",
    float: "f32",
    double: "f64",
    void: "void",
  };
  return types[scalar] ?? `unknown C type '${scalar}'`;
}

/**
 * Each `type name(type a, type b, …);` prototype of `text` as name → [["result", FFI type],
 * [param, FFI type], …].
 */
function prototypes(text: string): Map<string, [string, string][]> {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  const found = new Map<string, [string, string][]>();
  for (const match of code.matchAll(/^(\w+\s*\**)\s*(\w+)\s*\(([^)]*)\)\s*;/gm)) {
    const parameters = match[3]!.split(",").map((p) => p.trim()).filter((p) => p !== "" && p !== "void");
    found.set(match[2]!, [
      ["result", ffiType(match[1]!)],
      ...parameters.map((p): [string, string] => {
        const name = /(\w+)\s*$/.exec(p)![1]!;
        return [name, ffiType(p.slice(0, p.length - name.length))];
      }),
    ]);
  }
  return found;
}

/** Every disagreement between a header's prototypes and the FFI table, one line each. */
function disagreements(headerText: string): string[] {
  const declared = prototypes(headerText);
  const table = new Map(
    Object.entries(KERNEL_SIGNATURES).map(([name, ps]) => [
      name,
      [
        `result: ${(KERNEL_RESULTS as Record<string, string>)[name] ?? "void"}`,
        ...ps.map(([n, t]) => `${n}: ${t}`),
      ],
    ]),
  );
  const lines: string[] = [];
  for (const name of new Set([...declared.keys(), ...table.keys()])) {
    const c = declared.get(name)?.map(([n, t]) => `${n}: ${t}`);
    const ffi = table.get(name);
    if (c === undefined) lines.push(`${name}: in the FFI table, not in kernels.h`);
    else if (ffi === undefined) lines.push(`${name}: in kernels.h, not in the FFI table`);
    else if (c.join(", ") !== ffi.join(", ")) lines.push(`${name}: kernels.h (${c}) vs FFI (${ffi})`);
  }
  return lines;
}

Deno.test("every kernel of kernels.h has the FFI table's parameters, in order, by name and type", () => {
  assert.deepEqual(disagreements(header), []);
  assert.ok(prototypes(header).size >= 15);
});

Deno.test("the check finds a parameter renamed, retyped, added or a kernel missing in the header", () => {
  const renamed = header.replace("const float *x, float *out);", "const float *x, float *result);");
  assert.match(disagreements(renamed).join("\n"), /sigmoid_f32: kernels\.h .*result: buffer/);
  const retyped = header.replace("int32_t relu)", "float relu)");
  assert.match(disagreements(retyped).join("\n"), /bias_relu_f32: .*relu: f32/);
  const added = header.replace("float *z);", "float *z, int64_t stride);");
  assert.match(disagreements(added).join("\n"), /sample_f32/);
  const dropped = header.replace(/void sample_f32\([^)]*\);/, "");
  assert.deepEqual(disagreements(dropped), ["sample_f32: in the FFI table, not in kernels.h"]);
  const result = header.replace("int32_t vae_trainer_run(", "void vae_trainer_run(");
  assert.match(disagreements(result).join("\n"), /vae_trainer_run: kernels\.h \(result: void/);
});

Deno.test("the C sources include kernels.h (gcc checks each definition against it) and export nothing undeclared", () => {
  const exported: string[] = [];
  for (const text of sources) {
    assert.match(text, /#include "kernels\.h"/);
    const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    exported.push(...[...code.matchAll(/^(?!static)\w+\s*\**\s*(\w+)\s*\([^;]*?\{/gm)].map((m) => m[1]!));
  }
  assert.deepEqual(exported.sort(), [...prototypes(header).keys()].sort());
});
