/*
 * tfjs' seeded normal draws in C, value for value: what tf.randomNormal(shape, 0, 1, "float32", seed)
 * returns, for the native engine's ε (lib/core/native/normal_draws.ts gives it the generator's state).
 * tfjs draws with seedrandom's alea generator and Marsaglia's polar method (MPRandGauss in
 * tfjs-core's rand_util.js), in double, and V8's Math.log (LLVM libc's, in Deno 2.9.6's V8) is correctly
 * rounded; this file makes the same double operations in the same order (no contraction into FMA:
 * the kernels build with -ffp-contract=off), with a log that gives V8's wherever it matters, and
 * rounds each value to float32 as a Float32Array stores it. 4,096 draws take about 0.12 ms here
 * against 0.3 ms through tfjs. tests/core/native/normal_draws_test.ts compares the two.
 */
#include <math.h>
#include <quadmath.h>
#include <stdint.h>
#include <string.h>
#include "kernels.h"

/* log(x) correctly rounded, as V8's Math.log is (LLVM libc's log): quad precision, about 1 µs. */
static double log_correctly_rounded(double x) { return (double)logq((__float128)x); }

/*
 * Whether y (a double) lies within 64 of its ulps of the midpoint between two float32 values, where
 * rounding it to float32 could change with a change of a few ulps: the 29 bits a float32 drops are
 * then close to 2^28.
 */
static int near_float_midpoint(double y) {
  uint64_t bits;
  memcpy(&bits, &y, 8);
  const uint64_t dropped = bits & ((1ull << 29) - 1), half = 1ull << 28;
  return dropped > half - 64 && dropped < half + 64;
}

/* seedrandom's alea generator (lib/alea.js): its state and its next(). */
struct alea {
  double c, s0, s1, s2;
};

static double alea_next(struct alea *g) {
  const double t = 2091639.0 * g->s0 + g->c * 2.3283064365386963e-10; /* 2^-32 */
  g->s0 = g->s1;
  g->s1 = g->s2;
  g->c = (double)(int32_t)t; /* JS's t | 0: t is in [0, 2091640) */
  return g->s2 = t - g->c;
}

double math_log_f64(double x) { return log_correctly_rounded(x); }

void normal_draws_f32(const double *state, int64_t n, float *out) {
  struct alea g = {state[0], state[1], state[2], state[3]};
  const double mean = 0.0, std_dev = 1.0;
  for (int64_t i = 0; i < n; i += 2) {
    double v1, v2, s;
    do {
      v1 = 2 * alea_next(&g) - 1;
      v2 = 2 * alea_next(&g) - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    /*
     * glibc's log is within 0.52 ulp of log(s), so at most 1 ulp from V8's correctly rounded one;
     * through the division, the root and the product that moves x and y by a few ulps at most,
     * which changes their float32 values only near a float32 midpoint (about 1 pair in 2 million):
     * there the pair is computed again with the correctly rounded log.
     */
    double mul = sqrt(-2.0 * log(s) / s);
    /* MPRandGauss: mean + stdDev · v · mul, a pair per round; the second of the last pair is dropped. */
    double x = mean + std_dev * v1 * mul, y = mean + std_dev * v2 * mul;
    if (near_float_midpoint(x) || near_float_midpoint(y)) {
      mul = sqrt(-2.0 * log_correctly_rounded(s) / s);
      x = mean + std_dev * v1 * mul, y = mean + std_dev * v2 * mul;
    }
    out[i] = (float)x;
    if (i + 1 < n) out[i + 1] = (float)y;
  }
}
