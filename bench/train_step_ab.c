/*
 * Two versions of lib/core/native/train_step.c (A and B, their symbols renamed by
 * bench/train_step_ab.sh) in one process, at the Keras example's sizes on random data:
 *   check: the same 20 calls (training steps, loss and gradients, Adam alone, loss alone, with odd
 *          batch sizes) on both, at 784-512-32 and 13-9-3, on 1 and 2 threads; weights, m and v must
 *          be byte-identical after every call, the gradients after every loss-and-gradients call.
 *   time THREADS ROUNDS STEPS: rounds of STEPS timed training steps (batch 128), A and B in turn
 *          (which goes first alternates), so that the machine's slow minutes fall on both; prints
 *          the median of the per-round ratios B/A and each one's p10/p50/p90 per step.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define DECL(P)                                                                                          \
  void *P##_vae_trainer_new(int64_t, int64_t, int64_t, int32_t, const char *);                          \
  void P##_vae_trainer_free(void *);                                                                     \
  void P##_vae_trainer_layout(void *, int64_t *);                                                        \
  void *P##_vae_trainer_array(void *, int32_t);                                                          \
  int32_t P##_vae_trainer_run(void *, const float *, const float *, int64_t, int32_t, const float *, double *);
DECL(A)
DECL(B)
struct v {
  void *(*make)(int64_t, int64_t, int64_t, int32_t, const char *);
  void (*layout)(void *, int64_t *);
  void *(*array)(void *, int32_t);
  int32_t (*run)(void *, const float *, const float *, int64_t, int32_t, const float *, double *);
  void (*free)(void *);
};
static struct v V[2] = {{A_vae_trainer_new, A_vae_trainer_layout, A_vae_trainer_array, A_vae_trainer_run, A_vae_trainer_free},
                        {B_vae_trainer_new, B_vae_trainer_layout, B_vae_trainer_array, B_vae_trainer_run, B_vae_trainer_free}};
static const char *LIB = "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0";
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int cmpd(const void *a, const void *b) { double x = *(double *)a, y = *(double *)b; return x < y ? -1 : x > y; }
static int64_t total;
static void *make(int k, int threads, int64_t d, int64_t h, int64_t l) {
  void *t = V[k].make(d, h, l, threads, LIB);
  int64_t off[9];
  V[k].layout(t, off);
  total = off[8];
  float *w = V[k].array(t, 0), *v = V[k].array(t, 3);
  srand(1);
  for (int64_t i = 0; i < total; i++) w[i] = (rand() / (float)RAND_MAX - 0.5f) * 0.1f, v[i] = 1e-4f;
  return t;
}
static int same(void *a, void *b, int which) {
  return memcmp(V[0].array(a, which), V[1].array(b, which), total * 4) == 0;
}
int main(int argc, char **argv) {
  if (argc < 2 || (strcmp(argv[1], "check") && (strcmp(argv[1], "time") || argc < 5))) {
    fprintf(stderr, "usage: %s check | %s time THREADS ROUNDS STEPS\n", argv[0], argv[0]);
    return 2;
  }
  void *h = dlopen(LIB, RTLD_NOW | RTLD_GLOBAL);
  ((void (*)(int))dlsym(h, "openblas_set_num_threads"))(1);
  float ad[6] = {0.9f, 0.1f, 0.999f, 0.001f, 1e-7f, 1e-3f};
  if (!strcmp(argv[1], "check")) {
    int bad = 0;
    const int64_t shapes[][3] = {{784, 512, 32}, {13, 9, 3}};
    for (int s = 0; s < 2; s++)
      for (int threads = 1; threads <= 2; threads++) {
        const int64_t d = shapes[s][0], hh = shapes[s][1], l = shapes[s][2];
        void *a = make(0, threads, d, hh, l), *b = make(1, threads, d, hh, l);
        float *x = malloc(200 * d * 4), *eps = malloc(200 * l * 4);
        srand(7);
        /* Calls: train (7), loss+gradients (3), adam (4), loss (1), with odd batch sizes. */
        const int whats[] = {7, 7, 3, 4, 7, 3, 3, 4, 1, 7, 7, 3, 4, 1, 7, 7, 7, 3, 7, 7};
        const int rowss[] = {128, 97, 128, 0, 1, 33, 128, 0, 128, 128, 7, 64, 0, 128, 128, 128, 5, 128, 128, 128};
        for (int c = 0; c < 20; c++) {
          for (int64_t i = 0; i < 200 * d; i++) x[i] = (rand() % 256) / 255.0f;
          for (int64_t i = 0; i < 200 * l; i++) eps[i] = rand() / (float)RAND_MAX * 2 - 1;
          double la[2] = {0}, lb[2] = {0};
          V[0].run(a, x, eps, rowss[c], whats[c], ad, la);
          V[1].run(b, x, eps, rowss[c], whats[c], ad, lb);
          int ok = memcmp(la, lb, sizeof la) == 0 && same(a, b, 0) && same(a, b, 2) && same(a, b, 3);
          if (whats[c] == 3) ok = ok && same(a, b, 1);
          if (!ok) printf("DIFF shape %d threads %d call %d what %d\n", s, threads, c, whats[c]), bad = 1;
        }
        char name[64];
        for (int k = 0; k < 2; k++) {
          snprintf(name, sizeof name, "state_%c_s%d_t%d.bin", 'A' + k, s, threads);
          FILE *f = fopen(name, "wb");
          void *t = k ? b : a;
          for (int w = 0; w < 4; w += (w == 0 ? 2 : 1)) fwrite(V[k].array(t, w), 4, total, f);
          fclose(f);
          V[k].free(t);
        }
        free(x), free(eps);
      }
    printf(bad ? "BYTES DIFFER\n" : "bytes identical: weights, m, v every call, gradients after each loss+gradients\n");
    return bad;
  }
  int threads = atoi(argv[2]), rounds = atoi(argv[3]), steps = atoi(argv[4]), nb = 400;
  void *t[2] = {make(0, threads, 784, 512, 32), make(1, threads, 784, 512, 32)};
  const int64_t rows = 128;
  float *x = malloc(nb * rows * 784 * 4), *eps = malloc(rows * 32 * 4);
  for (int64_t i = 0; i < nb * rows * 784; i++) x[i] = (rand() % 256) / 255.0f;
  for (int i = 0; i < rows * 32; i++) eps[i] = rand() / (float)RAND_MAX - 0.5f;
  double loss[2], *ts[2] = {malloc(rounds * steps * 8), malloc(rounds * steps * 8)};
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < 20; i++) V[k].run(t[k], x, eps, rows, 7, ad, loss);
  int n[2] = {0, 0}, at = 0;
  double *ratio = malloc(rounds * 8);
  int wins = 0;
  for (int r = 0; r < rounds; r++) {
    double round_sum[2] = {0, 0};
    for (int j = 0; j < 2; j++) {
      int k = (r + j) % 2;
      V[k].run(t[k], x + (at++ % nb) * rows * 784, eps, rows, 7, ad, loss); /* warm, untimed */
      for (int i = 0; i < steps; i++) {
        double a = now();
        V[k].run(t[k], x + (at++ % nb) * rows * 784, eps, rows, 7, ad, loss);
        ts[k][n[k]++] = now() - a;
        round_sum[k] += now() - a;
      }
    }
    ratio[r] = round_sum[1] / round_sum[0];
    wins += ratio[r] < 1;
  }
  qsort(ratio, rounds, 8, cmpd);
  printf("B/A per round (mean of %d steps each): median %.3f, quartiles %.3f %.3f; B faster in %d of %d rounds\n", steps,
         ratio[rounds / 2], ratio[rounds / 4], ratio[rounds * 3 / 4], wins, rounds);
  for (int k = 0; k < 2; k++) {
    qsort(ts[k], n[k], 8, cmpd);
    double sum = 0;
    for (int i = 0; i < n[k]; i++) sum += ts[k][i];
    printf("%c threads %d: p10 %.3f p50 %.3f p90 %.3f mean %.3f ms (%d steps)\n", 'A' + k, threads,
           ts[k][n[k] / 10] * 1e3, ts[k][n[k] / 2] * 1e3, ts[k][n[k] * 9 / 10] * 1e3, sum / n[k] * 1e3, n[k]);
  }
  return 0;
}
