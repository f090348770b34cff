/**
 * The FFI table of the C kernels (lib/native/kernels.h), with each parameter's name beside its
 * FFI type, so that the table reads like the header and
 * tests/native/kernel_signatures_test.ts can check the two against each other, name by name.
 */

/** A parameter: its name in kernels.h and its Deno FFI type. */
type Parameter = readonly [name: string, type: "i64" | "i32" | "f32" | "buffer"];

/** Every kernel of kernels.h: its parameters in order (each returns void). */
export const KERNEL_SIGNATURES = {
  adam_f32: [
    ["n", "i64"],
    ["p0", "buffer"],
    ["g", "buffer"],
    ["m0", "buffer"],
    ["v0", "buffer"],
    ["p1", "buffer"],
    ["m1", "buffer"],
    ["v1", "buffer"],
    ["b1", "f32"],
    ["c1", "f32"],
    ["b2", "f32"],
    ["c2", "f32"],
    ["eps", "f32"],
    ["size", "f32"],
  ],
  clipped_bce_rows: [
    ["rows", "i64"],
    ["cols", "i64"],
    ["x", "buffer"],
    ["p", "buffer"],
    ["clip", "f32"],
    ["scratch", "buffer"],
    ["out", "buffer"],
  ],
  bias_relu_f32: [["rows", "i64"], ["cols", "i64"], ["v", "buffer"], ["bias", "buffer"], ["relu", "i32"]],
  sigmoid_f32: [["n", "i64"], ["x", "buffer"], ["out", "buffer"]],
  sample_f32: [["n", "i64"], ["mean", "buffer"], ["std", "buffer"], ["eps", "buffer"], ["z", "buffer"]],
  output_pass_rows: [
    ["rows", "i64"],
    ["cols", "i64"],
    ["v", "buffer"],
    ["bias", "buffer"],
    ["x", "buffer"],
    ["clip", "f32"],
    ["count", "f32"],
    ["mean", "buffer"],
    ["m2", "buffer"],
    ["m", "buffer"],
    ["y_out", "buffer"],
    ["bce", "buffer"],
    ["msd", "buffer"],
    ["scratch", "buffer"],
  ],
} as const satisfies Record<string, readonly Parameter[]>;

type Signatures = typeof KERNEL_SIGNATURES;
/** The FFI types of a kernel's parameters, in order. */
type FfiTypes<P extends readonly Parameter[]> = { readonly [I in keyof P]: P[I][1] };
/** {@link KERNEL_SIGNATURES} as Deno.dlopen() takes it. */
export type KernelSymbols = {
  [K in keyof Signatures]: { parameters: FfiTypes<Signatures[K]>; result: "void" };
};

/** The table for Deno.dlopen(): each kernel's FFI parameter types, result void. */
export function kernelSymbols(): KernelSymbols {
  return Object.fromEntries(
    Object.entries(KERNEL_SIGNATURES).map(([name, parameters]) => [
      name,
      { parameters: parameters.map(([, type]) => type), result: "void" },
    ]),
  ) as unknown as KernelSymbols;
}
