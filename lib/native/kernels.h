/*
 * The native engine's C kernels (lib/native/kernels.c), one prototype each with named
 * parameters. kernels.c includes this file, so gcc checks every definition against it, and
 * tests/native/kernel_signatures_test.ts checks the FFI table (lib/native/kernel_signatures.ts)
 * against it: a parameter added, removed, renamed or retyped on one side fails one of the two.
 * Arrays are float32 unless their type says otherwise; `n`, `rows` and `cols` count values.
 */
#ifndef VAE_KERNELS_H
#define VAE_KERNELS_H
#include <stdint.h>

/* Keras' Adam on n values: m1 = m0·b1 + g·c1; v1 = v0·b2 + g²·c2; p1 = p0 − m1 / (√v1 + eps) · size. */
void adam_f32(int64_t n, const float *p0, const float *g, const float *m0, const float *v0, float *p1, float *m1,
              float *v1, float b1, float c1, float b2, float c2, float eps, float size);

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

#endif
