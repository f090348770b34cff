/*
 * The native engine's element-wise kernels (lib/core/native/native_kernels.ts compiles this file
 * with Debian's gcc and loads it through Deno FFI). Built with -ffp-contract=off and without
 * -ffast-math: every float32 operation rounds as IEEE 754 says, in the order written, so the
 * vector code gives the bytes the scalar code would. -fno-math-errno lets sqrtf vectorise (the
 * same correctly rounded square roots, without setting errno for negative inputs, which Adam
 * never has): Adam's update took 0.9 ms for 784 × 512 weights with it scalar, 0.13–0.15 ms
 * vectorised. Logarithms and exponentials, the exception, come 8 at a time from glibc's
 * libmvec (_ZGVdN8v_logf, _ZGVdN8v_expf: AVX2, within 4 ulp), the same on one machine.
 */
#include <math.h>
#include <stdint.h>
#include "kernels.h"
#ifdef __AVX2__
#include <immintrin.h>
__m256 _ZGVdN8v_logf(__m256 x);
__m256 _ZGVdN8v_expf(__m256 x);
#endif

/* ln of n values, 8 at a time, the tail one by one; not restrict: it is called in place. */
static void log_f32(int64_t n, const float *x, float *out) {
  int64_t i = 0;
#ifdef __AVX2__
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, _ZGVdN8v_logf(_mm256_loadu_ps(x + i)));
#endif
  for (; i < n; i++) out[i] = logf(x[i]);
}

/*
 * Per row of `rows` × `cols`: Σ over the row of −(x·ln q + (1 − x)·ln(1 − q)), q = p clipped to
 * [clip, 1 − clip] (Keras' clipped binary cross-entropy), summed in double. `scratch` holds
 * 2·cols floats.
 */
void clipped_bce_rows(int64_t rows, int64_t cols, const float *restrict x, const float *restrict p, float clip,
                      float *restrict scratch, float *restrict out) {
  float *q = scratch, *lq = scratch + cols;
  const float high = 1.0f - clip;
  for (int64_t r = 0; r < rows; r++) {
    const float *xr = x + r * cols, *pr = p + r * cols;
    // Comparisons, not fminf/fmaxf (whose NaN rules keep them from vectorising).
    for (int64_t j = 0; j < cols; j++) {
      float v = pr[j] < clip ? clip : pr[j];
      q[j] = v > high ? high : v;
    }
    log_f32(cols, q, lq);
    for (int64_t j = 0; j < cols; j++) q[j] = 1.0f - q[j];
    log_f32(cols, q, q);
    for (int64_t j = 0; j < cols; j++) q[j] = xr[j] * lq[j] + (1.0f - xr[j]) * q[j];
    // Four running sums in double, so that the additions do not wait on each other.
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t j = 0;
    for (; j + 4 <= cols; j += 4) {
      s0 += q[j];
      s1 += q[j + 1];
      s2 += q[j + 2];
      s3 += q[j + 3];
    }
    for (; j < cols; j++) s0 += q[j];
    out[r] = (float)-((s0 + s1) + (s2 + s3));
  }
}

/*
 * In place on rows × cols: v = v + bias[j] (bias may be NULL), then relu when `relu` is 1: the
 * fused matMul's epilogue after sgemm.
 */
void bias_relu_f32(int64_t rows, int64_t cols, float *restrict v, const float *restrict bias, int32_t relu) {
  for (int64_t r = 0; r < rows; r++) {
    float *vr = v + r * cols;
    if (bias)
      for (int64_t j = 0; j < cols; j++) vr[j] = vr[j] + bias[j];
    if (relu)
      for (int64_t j = 0; j < cols; j++) vr[j] = vr[j] > 0.0f ? vr[j] : 0.0f;
  }
}

/* out = 1 / (1 + exp(−x)) for n values, 8 at a time from the first; may work in place. */
static void sigmoid_any(int64_t n, const float *x, float *out) {
  int64_t i = 0;
#ifdef __AVX2__
  const __m256 one = _mm256_set1_ps(1.0f), sign = _mm256_set1_ps(-0.0f);
  for (; i + 8 <= n; i += 8) {
    __m256 e = _ZGVdN8v_expf(_mm256_xor_ps(_mm256_loadu_ps(x + i), sign));
    _mm256_storeu_ps(out + i, _mm256_div_ps(one, _mm256_add_ps(one, e)));
  }
#endif
  for (; i < n; i++) out[i] = 1.0f / (1.0f + expf(-x[i]));
}

/* out = 1 / (1 + exp(−x)) for n values (exp(−x) = inf gives 0, as it should). */
void sigmoid_f32(int64_t n, const float *restrict x, float *restrict out) { sigmoid_any(n, x, out); }

/* The reparameterisation, as tfjs' Mul then Add: z = mean + std·eps. */
void sample_f32(int64_t n, const float *restrict mean, const float *restrict std, const float *restrict eps,
                float *restrict z) {
  for (int64_t i = 0; i < n; i++) z[i] = mean[i] + std[i] * eps[i];
}

/*
 * One Welford step in place, sample y as the count-th, with lib/stages/evaluate/welford.ts's float32
 * steps in its order: δ = y − mean; mean += δ / count; m2 += δ·(y − mean). The first sample
 * (count 1) sets mean = y and m2 = 0.
 */
static void welford_inplace_f32(int64_t n, const float *restrict y, float *restrict mean, float *restrict m2,
                         float count) {
  if (count == 1.0f) {
    for (int64_t i = 0; i < n; i++) {
      mean[i] = y[i];
      m2[i] = 0.0f;
    }
    return;
  }
  for (int64_t i = 0; i < n; i++) {
    float delta = y[i] - mean[i];
    float m = mean[i] + delta / count;
    mean[i] = m;
    m2[i] = m2[i] + delta * (y[i] - m);
  }
}

/* Per row of rows × cols: the mean of (y − m)² over the row, in double. */
static void mean_square_diff_rows(int64_t rows, int64_t cols, const float *restrict y, const float *restrict m,
                           double *restrict out) {
  for (int64_t r = 0; r < rows; r++) {
    double s0 = 0, s1 = 0;
    int64_t j = 0;
    for (; j + 2 <= cols; j += 2) {
      double d0 = (double)y[r * cols + j] - m[r * cols + j], d1 = (double)y[r * cols + j + 1] - m[r * cols + j + 1];
      s0 += d0 * d0;
      s1 += d1 * d1;
    }
    for (; j < cols; j++) {
      double d = (double)y[r * cols + j] - m[r * cols + j];
      s0 += d * d;
    }
    out[r] = (s0 + s1) / (double)cols;
  }
}

/*
 * A decoder pass after the output layer's sgemm, one row at a time while the row is in cache:
 * y = sigmoid(v + bias) (the bytes of tfjs' Add, then sigmoid_f32 over the whole array, when
 * cols is a multiple of 8, so that rows start on a vector boundary), the count-th Welford step
 * into mean and m2, Σ clipped BCE(x, y) into bce (clipped_bce_rows) and, when m is not NULL, the
 * mean of (y − m)² into msd. y is written only when y_out is not NULL. `scratch` holds 3·cols floats.
 */
void output_pass_rows(int64_t rows, int64_t cols, const float *restrict v, const float *restrict bias,
                      const float *restrict x, float clip, float count, float *restrict mean, float *restrict m2,
                      const float *restrict m, float *restrict y_out, float *restrict bce, double *restrict msd,
                      float *restrict scratch) {
  float *y = scratch;
  for (int64_t r = 0; r < rows; r++) {
    const int64_t o = r * cols;
    for (int64_t j = 0; j < cols; j++) y[j] = v[o + j] + bias[j];
    sigmoid_any(cols, y, y);
    welford_inplace_f32(cols, y, mean + o, m2 + o, count);
    clipped_bce_rows(1, cols, x + o, y, clip, scratch + cols, bce + r);
    if (m) mean_square_diff_rows(1, cols, y, m + o, msd + r);
    if (y_out)
      for (int64_t j = 0; j < cols; j++) y_out[o + j] = y[j];
  }
}

/* ---- The training step (lib/stages/train/native_step.ts): batch-major arrays, rows × cols. ---- */

#ifdef __AVX2__
__m256 _ZGVdN8v_log1pf(__m256 x);
#endif

/*
 * The latent layer forward: zb holds per row z_mean (latent values) then z_log_var (latent values);
 * std = exp(½·log σ²), z = mean + std·eps, and kl[0] = −½·Σ (1 + log σ² − mean² − σ²) over all rows
 * (in double).
 */
void latent_forward(int64_t rows, int64_t latent, const float *restrict zb, const float *restrict eps,
                    float *restrict std, float *restrict z, double *restrict kl) {
  double sum = 0;
  for (int64_t r = 0; r < rows; r++) {
    const float *mean = zb + r * 2 * latent, *logVar = mean + latent;
    for (int64_t d = 0; d < latent; d++) {
      const int64_t i = r * latent + d;
      float s = expf(logVar[d] * 0.5f);
      std[i] = s;
      z[i] = mean[d] + s * eps[i];
      float variance = expf(logVar[d]);
      sum += (double)(1.0f + logVar[d] - mean[d] * mean[d] - variance);
    }
  }
  kl[0] = -0.5 * sum;
}

/*
 * The decoder output's loss and gradient, in place on v (rows × cols, the output sgemm's product):
 * l = v + bias; recon[0] = Σ softplus(l) − x·l over all rows (in double), softplus(l) =
 * max(l, 0) + ln(1 + exp(−|l|)); then v = (sigmoid(l) − x)·scale, the gradient of the batch-mean
 * loss, and dbias = its column sums. `scratch` holds 2·cols floats.
 */
void output_loss_grad(int64_t rows, int64_t cols, float *restrict v, const float *restrict bias,
                      const float *restrict x, float scale, float *restrict dbias, double *restrict recon,
                      float *restrict scratch) {
  float *e = scratch, *lp = scratch + cols;
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (int64_t j = 0; j < cols; j++) dbias[j] = 0.0f;
  for (int64_t r = 0; r < rows; r++) {
    float *vr = v + r * cols;
    const float *xr = x + r * cols;
    for (int64_t j = 0; j < cols; j++) {
      float l = vr[j] + bias[j];
      vr[j] = l;
      e[j] = -fabsf(l);
    }
    int64_t j = 0;
#ifdef __AVX2__
    for (; j + 8 <= cols; j += 8) {
      __m256 ex = _ZGVdN8v_expf(_mm256_loadu_ps(e + j));
      _mm256_storeu_ps(e + j, ex);
      _mm256_storeu_ps(lp + j, _ZGVdN8v_log1pf(ex));
    }
#endif
    for (; j < cols; j++) {
      e[j] = expf(e[j]);
      lp[j] = log1pf(e[j]);
    }
    for (j = 0; j < cols; j++) {
      float l = vr[j];
      float term = (l > 0.0f ? l : 0.0f) + lp[j] - xr[j] * l;
      // sigmoid(l) from e = exp(−|l|): 1 / (1 + e) for l ≥ 0, e / (1 + e) below.
      float sig = (l >= 0.0f ? 1.0f : e[j]) / (1.0f + e[j]);
      float g = (sig - xr[j]) * scale;
      vr[j] = g;
      dbias[j] += g;
      lp[j] = term;
    }
    for (j = 0; j + 4 <= cols; j += 4) {
      s0 += lp[j];
      s1 += lp[j + 1];
      s2 += lp[j + 2];
      s3 += lp[j + 3];
    }
    for (; j < cols; j++) s0 += lp[j];
  }
  recon[0] = (s0 + s1) + (s2 + s3);
}

/* relu's backward in place: d (rows × cols) = d where h > 0, else 0; dbias = the column sums of the result. */
void relu_grad_f32(int64_t rows, int64_t cols, float *restrict d, const float *restrict h, float *restrict dbias) {
  for (int64_t j = 0; j < cols; j++) dbias[j] = 0.0f;
  for (int64_t r = 0; r < rows; r++) {
    float *dr = d + r * cols;
    const float *hr = h + r * cols;
    for (int64_t j = 0; j < cols; j++) {
      float g = hr[j] > 0.0f ? dr[j] : 0.0f;
      dr[j] = g;
      dbias[j] += g;
    }
  }
}

/*
 * The latent layer's backward, from dz (rows × latent), zb (mean | log σ² per row), eps and std:
 * d mean = dz + mean·scale; d log σ² = dz·eps·½σ + ½(σ² − 1)·scale (the KL's batch-mean
 * gradients added); written per row as mean | log σ² into dzb, and their column sums into dbias.
 */
void latent_backward(int64_t rows, int64_t latent, const float *restrict dz, const float *restrict zb,
                     const float *restrict eps, const float *restrict std, float scale, float *restrict dzb,
                     float *restrict dbias) {
  for (int64_t j = 0; j < 2 * latent; j++) dbias[j] = 0.0f;
  for (int64_t r = 0; r < rows; r++) {
    const float *mean = zb + r * 2 * latent, *logVar = mean + latent;
    float *dMean = dzb + r * 2 * latent, *dLogVar = dMean + latent;
    for (int64_t d = 0; d < latent; d++) {
      const int64_t i = r * latent + d;
      float s = std[i];
      float gm = dz[i] + mean[d] * scale;
      float gv = dz[i] * eps[i] * (s * 0.5f) + (expf(logVar[d]) - 1.0f) * (0.5f * scale);
      dMean[d] = gm;
      dLogVar[d] = gv;
      dbias[d] += gm;
      dbias[latent + d] += gv;
    }
  }
}

/*
 * Keras' Adam in place on n values, as lib/stages/train/adam_keras.ts writes it with tfjs ops, the same
 * float32 steps in the same order: m = m·b1 + g·c1; v = v·b2 + g²·c2; p = p − m / (√v + eps) · size.
 */
void adam_inplace_f32(int64_t n, float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                      float b1, float c1, float b2, float c2, float eps, float size) {
  for (int64_t i = 0; i < n; i++) {
    float gi = g[i];
    float mi = m[i] * b1 + gi * c1;
    float vi = v[i] * b2 + (gi * gi) * c2;
    m[i] = mi;
    v[i] = vi;
    p[i] = p[i] - (mi / (sqrtf(vi) + eps)) * size;
  }
}
