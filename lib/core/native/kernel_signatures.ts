/**
 * The FFI table of the C kernels (lib/core/native/kernels.h), with each parameter's name beside its
 * FFI type, so that the table reads like the header and
 * tests/core/native/kernel_signatures_test.ts can check the two against each other, name by name.
 */

/** A parameter: its name in kernels.h and its Deno FFI type. */
type Parameter = readonly [name: string, type: "i64" | "i32" | "f32" | "f64" | "buffer" | "pointer"];

/** Every function of kernels.h: its parameters in order (the result type is in {@link KERNEL_RESULTS}). */
export const KERNEL_SIGNATURES = {
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
  latent_forward: [
    ["rows", "i64"],
    ["latent", "i64"],
    ["zb", "buffer"],
    ["eps", "buffer"],
    ["std", "buffer"],
    ["z", "buffer"],
    ["kl", "buffer"],
  ],
  output_loss_grad: [
    ["rows", "i64"],
    ["cols", "i64"],
    ["v", "buffer"],
    ["bias", "buffer"],
    ["x", "buffer"],
    ["scale", "f32"],
    ["dbias", "buffer"],
    ["recon", "buffer"],
    ["scratch", "buffer"],
  ],
  relu_grad_f32: [["rows", "i64"], ["cols", "i64"], ["d", "buffer"], ["h", "buffer"], ["dbias", "buffer"]],
  latent_backward: [
    ["rows", "i64"],
    ["latent", "i64"],
    ["dz", "buffer"],
    ["zb", "buffer"],
    ["eps", "buffer"],
    ["std", "buffer"],
    ["scale", "f32"],
    ["dzb", "buffer"],
    ["dbias", "buffer"],
  ],
  adam_inplace_f32: [
    ["n", "i64"],
    ["p", "buffer"],
    ["g", "buffer"],
    ["m", "buffer"],
    ["v", "buffer"],
    ["b1", "f32"],
    ["c1", "f32"],
    ["b2", "f32"],
    ["c2", "f32"],
    ["eps", "f32"],
    ["size", "f32"],
  ],
  normal_draws_f32: [["state", "buffer"], ["n", "i64"], ["out", "buffer"]],
  math_log_f64: [["x", "f64"]],
  vae_trainer_new: [
    ["in", "i64"],
    ["hidden", "i64"],
    ["latent", "i64"],
    ["threads", "i32"],
    ["blas_path", "buffer"],
  ],
  vae_trainer_free: [["trainer", "pointer"]],
  vae_trainer_layout: [["trainer", "pointer"], ["offsets_out", "buffer"]],
  vae_trainer_array: [["trainer", "pointer"], ["which", "i32"]],
  vae_trainer_run: [
    ["trainer", "pointer"],
    ["x", "buffer"],
    ["eps", "buffer"],
    ["rows", "i64"],
    ["what", "i32"],
    ["adam_constants", "buffer"],
    ["loss_out", "buffer"],
  ],
  gather_scaled_rows: [
    ["pixels", "buffer"],
    ["width", "i64"],
    ["indices", "buffer"],
    ["rows", "i64"],
    ["out", "buffer"],
  ],
} as const satisfies Record<string, readonly Parameter[]>;

/** The result types of the functions that return something; the others return void. */
export const KERNEL_RESULTS = {
  vae_trainer_new: "pointer",
  vae_trainer_array: "pointer",
  vae_trainer_run: "i32",
  math_log_f64: "f64",
} as const satisfies { [K in keyof typeof KERNEL_SIGNATURES]?: "pointer" | "i32" | "f64" };

type Signatures = typeof KERNEL_SIGNATURES;
/** The FFI types of a kernel's parameters, in order. */
type FfiTypes<P extends readonly Parameter[]> = { readonly [I in keyof P]: P[I][1] };
/** {@link KERNEL_SIGNATURES} as Deno.dlopen() takes it. */
export type KernelSymbols = {
  [K in keyof Signatures]: {
    parameters: FfiTypes<Signatures[K]>;
    result: K extends keyof typeof KERNEL_RESULTS ? (typeof KERNEL_RESULTS)[K] : "void";
  };
};

/** The table for Deno.dlopen(): each function's FFI parameter types and result type. */
export function kernelSymbols(): KernelSymbols {
  return Object.fromEntries(
    Object.entries(KERNEL_SIGNATURES).map(([name, parameters]) => [
      name,
      {
        parameters: parameters.map(([, type]) => type),
        result: (KERNEL_RESULTS as Record<string, string>)[name] ?? "void",
      },
    ]),
  ) as unknown as KernelSymbols;
}
