/*
 * The native engine's C kernels (lib/core/native/kernels.c, normal.c, train_step.c), one prototype each with named
 * parameters. kernels.c includes this file, so gcc checks every definition against it, and
 * tests/core/native/kernel_signatures_test.ts checks the FFI table (lib/core/native/kernel_signatures.ts)
 * against it: a parameter added, removed, renamed or retyped on one side fails one of the two.
 * Arrays are float32 unless their type says otherwise; `n`, `rows` and `cols` count values.
 */
#ifndef VAE_KERNELS_H
#define VAE_KERNELS_H
#include <stdint.h>

/* Per row of x and p (rows × cols): Σ clipped BCE into out[row]; scratch holds 2·cols floats. */
void clipped_bce_rows(int64_t rows, int64_t cols, const float *x, const float *p, float clip, float *scratch,
                      float *out);

/* In place on v (rows × cols): + bias per column (bias may be NULL), then relu when relu is 1. */
void bias_relu_f32(int64_t rows, int64_t cols, float *v, const float *bias, int32_t relu);

/* out = 1 / (1 + exp(−x)) for n values. */
void sigmoid_f32(int64_t n, const float *x, float *out);

/* z = mean + std·eps for n values. */
void sample_f32(int64_t n, const float *mean, const float *std, const float *eps, float *z);

/*
 * A decoder pass after the output layer's sgemm (rows × cols logits): y = sigmoid(logits + bias),
 * the count-th Welford step into mean and m2, Σ clipped BCE(x, y) per row into bce, the mean of
 * (y − m)² per row into msd when m is not NULL, y into y_out when it is not NULL; scratch holds
 * 3·cols floats.
 */
void output_pass_rows(int64_t rows, int64_t cols, const float *v, const float *bias, const float *x, float clip,
                      float count, float *mean, float *m2, const float *m, float *y_out, float *bce,
                      double *msd, float *scratch);

/*
 * The latent layer forward from zb (per row: latent means, then latent log σ²) and eps (rows × latent):
 * std = exp(½·log σ²), z = mean + std·eps, kl[0] = −½·Σ(1 + log σ² − mean² − σ²) over all rows.
 */
void latent_forward(int64_t rows, int64_t latent, const float *zb, const float *eps, float *std, float *z,
                    double *kl);

/*
 * The output layer's loss and gradient, in place on v (rows × cols, its sgemm product): l = v + bias,
 * recon[0] = Σ softplus(l) − x·l; v becomes (sigmoid(l) − x)·scale and dbias its column sums;
 * scratch holds 2·cols floats.
 */
void output_loss_grad(int64_t rows, int64_t cols, float *v, const float *bias, const float *x, float scale,
                      float *dbias, double *recon, float *scratch);

/* relu's backward in place: d (rows × cols) zeroed where h ≤ 0; dbias = column sums of the result. */
void relu_grad_f32(int64_t rows, int64_t cols, float *d, const float *h, float *dbias);

/*
 * The latent layer's backward: dzb (per row: d mean, then d log σ²) from dz (rows × latent), zb, eps,
 * std and the batch-mean scale, with the KL's gradients; dbias = column sums of dzb.
 */
void latent_backward(int64_t rows, int64_t latent, const float *dz, const float *zb, const float *eps,
                     const float *std, float scale, float *dzb, float *dbias);

/* Keras' Adam in place on n values: m = m·b1 + g·c1; v = v·b2 + g²·c2; p = p − m / (√v + eps) · size. */
void adam_inplace_f32(int64_t n, float *p, const float *g, float *m, float *v, float b1, float c1, float b2,
                      float c2, float eps, float size);

/* ---- Normal draws (lib/core/native/normal.c). ---- */

/*
 * n values of tf.randomNormal(…, 0, 1, "float32", seed) into out, from the state of seedrandom's
 * alea generator for that seed (c, s0, s1, s2, as alea(String(seed), {state: true}).state() gives it).
 */
void normal_draws_f32(const double *state, int64_t n, float *out);

/* log(x) correctly rounded, as V8's Math.log(x): the log normal_draws_f32 falls back on; exported for its test. */
double math_log_f64(double x);

/* ---- The training step (lib/core/native/train_step.c). ---- */

/* The weights of the VAE in training layout (lib/stages/train/train_layout.ts), in this order. */
enum vae_weight {
  VAE_ENCODER_HIDDEN_KERNEL_T,
  VAE_ENCODER_HIDDEN_BIAS,
  VAE_Z_KERNEL,
  VAE_Z_BIAS,
  VAE_DECODER_HIDDEN_KERNEL,
  VAE_DECODER_HIDDEN_BIAS,
  VAE_DECODER_OUTPUT_KERNEL,
  VAE_DECODER_OUTPUT_BIAS,
  VAE_WEIGHTS
};

/* What vae_trainer_run runs: bits of `what`. Gradients need the forward pass in the same call. */
enum vae_run { VAE_RUN_FORWARD = 1, VAE_RUN_GRADIENTS = 2, VAE_RUN_ADAM = 4 };

/*
 * A trainer for a VAE of in-hidden-latent units: weights, gradients and Adam's moments (all zero),
 * computed on `threads` threads (1 or 2: the same bytes) with cblas_sgemm from the OpenBLAS at
 * blas_path (a NUL-terminated path, already loaded by the process). NULL when that fails.
 */
void *vae_trainer_new(int64_t in, int64_t hidden, int64_t latent, int32_t threads, const char *blas_path);

/* Frees a trainer of vae_trainer_new (and stops its thread). */
void vae_trainer_free(void *trainer);

/* offsets_out[w] = where weight w starts in each array (floats), offsets_out[VAE_WEIGHTS] = the arrays' length. */
void vae_trainer_layout(void *trainer, int64_t *offsets_out);

/* The trainer's weights (which 0), gradients (1), Adam's m (2) or v (3). */
void *vae_trainer_array(void *trainer, int32_t which);

/*
 * Runs the phases `what` (enum vae_run) on `rows` rows of x (rows × in) and eps (rows × latent);
 * adam_constants: β1, 1 − β1, β2, 1 − β2, ε, step size. loss_out: the batch sums of KL and of the
 * reconstruction loss (forward). Returns 0, or −1 when memory for the activations ran out.
 */
int32_t vae_trainer_run(void *trainer, const float *x, const float *eps, int64_t rows, int32_t what,
                        const float *adam_constants, double *loss_out);

/*
 * A batch's inputs: the images indices[0..rows) of the pixel bytes (images of `width` bytes), scaled
 * to v / 255 in float32, row after row into out (rows × width).
 */
void gather_scaled_rows(const uint8_t *pixels, int64_t width, const int32_t *indices, int64_t rows, float *out);

#endif
