/*
 * The native engine's training step (lib/stages/train/native_step.ts drives it): forward, loss,
 * gradients and Keras' Adam of the VAE as OpenBLAS sgemm calls (one OpenBLAS thread each) and the
 * element-wise kernels of kernels.c, on arrays this file allocates once per training.
 *
 * Two cores without two thread pools fighting: the work of a step is cut into fixed tasks, always
 * the same ones, whether one thread runs them all or two threads share them. Products over the
 * batch (forward, and the gradients flowing back to the layers' inputs) run per half of the batch's
 * rows, thread p the half p, forward then backward with no meeting between. Weight gradients, which
 * sum over the batch, run per half of the weight's hidden units (so that no sum is cut in two), and
 * Adam in smaller pieces of those (element-wise: any cut gives the same bytes); these tasks are
 * taken in a fixed order from an atomic counter by whichever thread is free, each waiting only for
 * what it reads (a weight gradient for both halves of the rows, Adam for its gradients and for every
 * row to be done with the weights). So a thread that the machine slows down leaves more of these
 * tasks to the other instead of making it wait; the two meet only at the start and at the end.
 * Every value is computed by the same calls on the same operands whoever runs it, so the bytes do
 * not depend on the number of threads. (OpenBLAS's bytes depend on how a product is cut: the cuts
 * are fixed, and the same as when each thread had a fixed half of every phase.)
 *
 * Adam leaves every gradient it used at zero, so that the next step's sgemm calls add the kernels'
 * gradients onto zeros (beta 1) instead of having OpenBLAS zero them in a pass of its own first
 * (beta 0): 0 + x is x, and OpenBLAS adds its products into C the same way after either, so the
 * bytes are those of beta 0. Gradients computed without Adam in the same call are left as they are,
 * for the caller to read; a later call's Adam uses them and then zeroes them.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "kernels.h"

typedef void (*sgemm_fn)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                         int lda, const float *b, int ldb, float beta, float *c, int ldc);
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };
enum { PARTS = 2 };

/*
 * Where the two threads meet: the second to arrive opens it; the first spins a little (the other
 * part is usually a few microseconds behind), then sleeps on a futex. pthread_barrier_wait sleeps at
 * once, and waking a sleeping thread cost tens of microseconds at each meeting of a step.
 */
struct meeting {
  _Atomic uint32_t arrived, round;
};

/* Pause instructions spun before sleeping: about 20–60 µs. */
enum { SPINS = 2000 };

static void meet(struct meeting *m) {
  const uint32_t round = atomic_load_explicit(&m->round, memory_order_acquire);
  if (atomic_fetch_add_explicit(&m->arrived, 1, memory_order_acq_rel) == 1) {
    atomic_store_explicit(&m->arrived, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&m->round, 1, memory_order_release);
    syscall(SYS_futex, &m->round, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
    return;
  }
  for (int i = 0; i < SPINS; i++) {
    if (atomic_load_explicit(&m->round, memory_order_acquire) != round) return;
    __builtin_ia32_pause();
  }
  while (atomic_load_explicit(&m->round, memory_order_acquire) == round)
    syscall(SYS_futex, &m->round, FUTEX_WAIT_PRIVATE, round, NULL, NULL, 0);
}

/*
 * A count of finished tasks that another thread may wait for: it spins a little, then sleeps on a
 * futex; whoever adds to the count wakes it only when it sleeps.
 */
struct count {
  _Atomic uint32_t done, sleepers;
};

static void count_add(struct count *c) {
  atomic_fetch_add(&c->done, 1);
  if (atomic_load(&c->sleepers)) syscall(SYS_futex, &c->done, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

static void count_wait(struct count *c, uint32_t target) {
  for (int i = 0; i < SPINS; i++) {
    if (atomic_load_explicit(&c->done, memory_order_acquire) >= target) return;
    __builtin_ia32_pause();
  }
  atomic_fetch_add(&c->sleepers, 1);
  for (uint32_t seen; (seen = atomic_load(&c->done)) < target;)
    syscall(SYS_futex, &c->done, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
  atomic_fetch_sub(&c->sleepers, 1);
}

/* Adam runs on each part's hidden units in this many pieces, taken by whichever thread is free. */
enum { ADAM_PIECES = 4 };

struct vae_trainer {
  int64_t in, hidden, latent, total, rows_cap;
  int64_t offsets[VAE_WEIGHTS];
  float *arrays[4]; /* weights, gradients, m, v: `total` floats each, in the order of enum vae_weight */
  /* Activations, batch-major, for up to rows_cap rows. */
  float *h1, *zb, *std, *z, *h2, *out, *dh2, *dz, *dzb, *dh1;
  /* Per part: partial bias gradients (out, hidden, 2·latent, hidden), loss sums, scratch. */
  float *dbias[PARTS];
  double sums[PARTS][2];
  float *scratch[PARTS];
  sgemm_fn sgemm;
  /* The step being run. */
  const float *x, *eps;
  int64_t rows;
  int32_t what;
  float adam[6];
  /* 1 while the gradients are all zero (at first, and after Adam): the step's sgemm calls add onto them. */
  int gradients_zero;
  float gradient_beta;
  /* The second thread. */
  int threads, quit;
  pthread_t helper;
  struct meeting start, sync;
  /* This call's progress: halves of the batch forward, halves all done, weight gradients per part; next shared task. */
  struct count forward_done, rows_done, gradients_done[PARTS];
  _Atomic uint32_t next_task;
};

static float *floats(int64_t n) {
  /* 64-byte aligned, zeroed. */
  size_t bytes = (size_t)((n * 4 + 63) / 64 * 64);
  float *p = aligned_alloc(64, bytes ? bytes : 64);
  if (p) memset(p, 0, bytes);
  return p;
}

static void free_activations(struct vae_trainer *t) {
  float **all[] = {&t->h1, &t->zb, &t->std, &t->z, &t->h2, &t->out, &t->dh2, &t->dz, &t->dzb, &t->dh1};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
    free(*all[i]);
    *all[i] = NULL;
  }
}

/* Activations for `rows` rows; 0 when memory ran out. */
static int reserve(struct vae_trainer *t, int64_t rows) {
  if (rows <= t->rows_cap) return 1;
  free_activations(t);
  const int64_t h = t->hidden, l = t->latent, d = t->in;
  t->h1 = floats(rows * h), t->zb = floats(rows * 2 * l), t->std = floats(rows * l), t->z = floats(rows * l);
  t->h2 = floats(rows * h), t->out = floats(rows * d), t->dh2 = floats(rows * h), t->dz = floats(rows * l);
  t->dzb = floats(rows * 2 * l), t->dh1 = floats(rows * h);
  if (!t->h1 || !t->zb || !t->std || !t->z || !t->h2 || !t->out || !t->dh2 || !t->dz || !t->dzb || !t->dh1) {
    free_activations(t);
    t->rows_cap = 0;
    return 0;
  }
  t->rows_cap = rows;
  return 1;
}

static float *weight(struct vae_trainer *t, int which, int w) { return t->arrays[which] + t->offsets[w]; }

/* C = op(A)·op(B) + beta·C (beta 0 or 1), row-major, with leading dimensions. */
static void gemm_beta(struct vae_trainer *t, int ta, int tb, int64_t m, int64_t n, int64_t k, const float *a,
                      int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (int64_t i = 0; i < m; i++) memset(c + i * ldc, 0, (size_t)n * 4);
    return;
  }
  t->sgemm(ROW_MAJOR, ta ? TRANS : NO_TRANS, tb ? TRANS : NO_TRANS, (int)m, (int)n, (int)k, 1.0f, a, (int)lda, b,
           (int)ldb, beta, c, (int)ldc);
}

/* C = op(A)·op(B). */
static void gemm(struct vae_trainer *t, int ta, int tb, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                 const float *b, int64_t ldb, float *c, int64_t ldc) {
  gemm_beta(t, ta, tb, m, n, k, a, lda, b, ldb, 0.0f, c, ldc);
}

/* A kernel's gradient C = op(A)·op(B): added onto C when Adam left it zero, which spares OpenBLAS's zeroing pass. */
static void gemm_gradient(struct vae_trainer *t, int ta, int tb, int64_t m, int64_t n, int64_t k, const float *a,
                          int64_t lda, const float *b, int64_t ldb, float *c, int64_t ldc) {
  gemm_beta(t, ta, tb, m, n, k, a, lda, b, ldb, t->gradient_beta, c, ldc);
}

/* Part p's share [*from, *to) of n things: the first part takes the larger half. */
static void share(int64_t n, int p, int64_t *from, int64_t *to) {
  int64_t half = (n + 1) / 2;
  *from = p == 0 ? 0 : half;
  *to = p == 0 ? half : n;
}

/* The forward pass of half p of the batch's rows, the loss sums and d loss / d logits. */
static void forward(struct vae_trainer *t, int p) {
  const int64_t d = t->in, h = t->hidden, l = t->latent;
  int64_t r0, r1;
  share(t->rows, p, &r0, &r1);
  const int64_t n = r1 - r0;
  const float *x = t->x + r0 * d, *eps = t->eps + r0 * l;
  float *h1 = t->h1 + r0 * h, *zb = t->zb + r0 * 2 * l, *std = t->std + r0 * l, *z = t->z + r0 * l;
  float *h2 = t->h2 + r0 * h, *out = t->out + r0 * d;
  float *db = t->dbias[p];
  gemm(t, 0, 1, n, h, d, x, d, weight(t, 0, VAE_ENCODER_HIDDEN_KERNEL_T), d, h1, h);
  bias_relu_f32(n, h, h1, weight(t, 0, VAE_ENCODER_HIDDEN_BIAS), 1);
  gemm(t, 0, 0, n, 2 * l, h, h1, h, weight(t, 0, VAE_Z_KERNEL), 2 * l, zb, 2 * l);
  bias_relu_f32(n, 2 * l, zb, weight(t, 0, VAE_Z_BIAS), 0);
  latent_forward(n, l, zb, eps, std, z, &t->sums[p][0]);
  gemm(t, 0, 0, n, h, l, z, l, weight(t, 0, VAE_DECODER_HIDDEN_KERNEL), h, h2, h);
  bias_relu_f32(n, h, h2, weight(t, 0, VAE_DECODER_HIDDEN_BIAS), 1);
  gemm(t, 0, 0, n, d, h, h2, h, weight(t, 0, VAE_DECODER_OUTPUT_KERNEL), d, out, d);
  output_loss_grad(n, d, out, weight(t, 0, VAE_DECODER_OUTPUT_BIAS), x, 1.0f / (float)t->rows, db, &t->sums[p][1],
                   t->scratch[p]);
}

/* The backward pass of half p of the batch's rows, down to the gradient at the encoder's hidden layer. */
static void backward_rows(struct vae_trainer *t, int p) {
  const int64_t d = t->in, h = t->hidden, l = t->latent, rows = t->rows;
  int64_t r0, r1;
  share(rows, p, &r0, &r1);
  const int64_t n = r1 - r0;
  const float scale = 1.0f / (float)rows;
  float *db = t->dbias[p];
  float *dh2 = t->dh2 + r0 * h, *dz = t->dz + r0 * l, *dzb = t->dzb + r0 * 2 * l, *dh1 = t->dh1 + r0 * h;
  gemm(t, 0, 1, n, h, d, t->out + r0 * d, d, weight(t, 0, VAE_DECODER_OUTPUT_KERNEL), d, dh2, h);
  relu_grad_f32(n, h, dh2, t->h2 + r0 * h, db + d);
  gemm(t, 0, 1, n, l, h, dh2, h, weight(t, 0, VAE_DECODER_HIDDEN_KERNEL), h, dz, l);
  latent_backward(n, l, dz, t->zb + r0 * 2 * l, t->eps + r0 * l, t->std + r0 * l, scale, dzb, db + d + h);
  gemm(t, 0, 1, n, h, 2 * l, dzb, 2 * l, weight(t, 0, VAE_Z_KERNEL), 2 * l, dh1, h);
  relu_grad_f32(n, h, dh1, t->h1 + r0 * h, db + d + h + 2 * l);
}

/* Part p's share of the output kernel's gradient (rows of hidden units): a sum over every row's forward pass. */
static void output_gradient(struct vae_trainer *t, int p) {
  const int64_t d = t->in, h = t->hidden;
  int64_t c0, c1;
  share(h, p, &c0, &c1);
  gemm_gradient(t, 1, 0, c1 - c0, d, t->rows, t->h2 + c0, h, t->out, d,
                weight(t, 1, VAE_DECODER_OUTPUT_KERNEL) + c0 * d, d);
}

/* Part p's share of the other kernels' gradients (its hidden units): sums over every row's backward pass. */
static void hidden_gradients(struct vae_trainer *t, int p) {
  const int64_t d = t->in, h = t->hidden, l = t->latent, rows = t->rows;
  int64_t c0, c1;
  share(h, p, &c0, &c1);
  gemm_gradient(t, 1, 0, l, c1 - c0, rows, t->z, l, t->dh2 + c0, h, weight(t, 1, VAE_DECODER_HIDDEN_KERNEL) + c0, h);
  gemm_gradient(t, 1, 0, c1 - c0, 2 * l, rows, t->h1 + c0, h, t->dzb, 2 * l, weight(t, 1, VAE_Z_KERNEL) + c0 * 2 * l,
                2 * l);
  gemm_gradient(t, 1, 0, c1 - c0, d, rows, t->dh1 + c0, h, t->x, d,
                weight(t, 1, VAE_ENCODER_HIDDEN_KERNEL_T) + c0 * d, d);
}

/* Values Adam updates before zeroing their gradients: 4 KB of each array, so the gradients are still in L1. */
enum { ADAM_CHUNK = 1024 };

/* Keras' Adam on n values of weight w from index `from`, with this step's constants; their gradients become zero. */
static void adam_on(struct vae_trainer *t, int w, int64_t from, int64_t n) {
  const float *c = t->adam;
  for (int64_t i = 0; i < n; i += ADAM_CHUNK) {
    const int64_t o = t->offsets[w] + from + i, len = n - i < ADAM_CHUNK ? n - i : ADAM_CHUNK;
    float *g = t->arrays[1] + o;
    adam_inplace_f32(len, t->arrays[0] + o, g, t->arrays[2] + o, t->arrays[3] + o, c[0], c[1], c[2], c[3], c[4], c[5]);
    memset(g, 0, (size_t)len * 4);
  }
}

/* Adam on every kernel's values of piece j of part p's hidden units (element-wise: any cut gives the same bytes). */
static void adam_piece(struct vae_trainer *t, int p, int j) {
  const int64_t d = t->in, h = t->hidden, l = t->latent;
  int64_t c0, c1;
  share(h, p, &c0, &c1);
  const int64_t u0 = c0 + (c1 - c0) * j / ADAM_PIECES, u1 = c0 + (c1 - c0) * (j + 1) / ADAM_PIECES;
  adam_on(t, VAE_ENCODER_HIDDEN_KERNEL_T, u0 * d, (u1 - u0) * d);
  adam_on(t, VAE_Z_KERNEL, u0 * 2 * l, (u1 - u0) * 2 * l);
  for (int64_t row = 0; row < l; row++) adam_on(t, VAE_DECODER_HIDDEN_KERNEL, row * h + u0, u1 - u0);
  adam_on(t, VAE_DECODER_OUTPUT_KERNEL, u0 * d, (u1 - u0) * d);
}

/* The bias gradients, half 0's rows plus half 1's in that order; then Adam on the biases. */
static void biases(struct vae_trainer *t) {
  const int64_t d = t->in, h = t->hidden, l = t->latent;
  if (t->what & VAE_RUN_GRADIENTS) {
    const float *a = t->dbias[0], *b = t->dbias[1];
    float *targets[] = {weight(t, 1, VAE_DECODER_OUTPUT_BIAS), weight(t, 1, VAE_DECODER_HIDDEN_BIAS),
                        weight(t, 1, VAE_Z_BIAS), weight(t, 1, VAE_ENCODER_HIDDEN_BIAS)};
    const int64_t sizes[] = {d, h, 2 * l, h};
    for (int k = 0, o = 0; k < 4; o += (int)sizes[k], k++)
      for (int64_t j = 0; j < sizes[k]; j++) targets[k][j] = a[o + j] + b[o + j];
  }
  if (!(t->what & VAE_RUN_ADAM)) return;
  adam_on(t, VAE_ENCODER_HIDDEN_BIAS, 0, h);
  adam_on(t, VAE_Z_BIAS, 0, 2 * l);
  adam_on(t, VAE_DECODER_HIDDEN_BIAS, 0, h);
  adam_on(t, VAE_DECODER_OUTPUT_BIAS, 0, d);
}

/* Half p's rows: forward, then backward (as t->what asks), with no meeting between. */
static void rows_part(struct vae_trainer *t, int p) {
  if (t->what & VAE_RUN_FORWARD) forward(t, p);
  count_add(&t->forward_done);
  if (t->what & VAE_RUN_GRADIENTS) backward_rows(t, p);
  count_add(&t->rows_done);
}

/*
 * The rest, tasks taken in this order by whichever thread is free: the output kernel's gradient per
 * part (it needs both halves' forward passes), the other kernels' gradients per part and the biases
 * (they need both halves' backward passes, and no weight may change before both halves are done),
 * then Adam in pieces of each part's hidden units (once that part's gradients are done).
 */
static void shared_tasks(struct vae_trainer *t) {
  const int gradients = (t->what & VAE_RUN_GRADIENTS) != 0, adam = (t->what & VAE_RUN_ADAM) != 0;
  const uint32_t products = gradients ? 2 * PARTS : 0, bias = gradients || adam;
  const uint32_t tasks = products + bias + (adam ? PARTS * ADAM_PIECES : 0);
  for (uint32_t i; (i = atomic_fetch_add(&t->next_task, 1)) < tasks;) {
    if (i < products) {
      const int p = (int)(i % PARTS);
      if (i < PARTS) {
        count_wait(&t->forward_done, PARTS);
        output_gradient(t, p);
      } else {
        count_wait(&t->rows_done, PARTS);
        hidden_gradients(t, p);
      }
      count_add(&t->gradients_done[p]);
    } else if (i < products + bias) {
      count_wait(&t->rows_done, PARTS);
      biases(t);
    } else {
      const int j = (int)(i - products - bias), p = j / ADAM_PIECES;
      count_wait(&t->rows_done, PARTS);
      count_wait(&t->gradients_done[p], gradients ? 2 : 0);
      adam_piece(t, p, j % ADAM_PIECES);
    }
  }
}

static void *helper_main(void *arg) {
  struct vae_trainer *t = arg;
  for (;;) {
    meet(&t->start);
    if (t->quit) return NULL;
    rows_part(t, 1);
    shared_tasks(t);
    meet(&t->sync);
  }
}

void *vae_trainer_new(int64_t in, int64_t hidden, int64_t latent, int32_t threads, const char *blas_path) {
  void *blas = dlopen(blas_path, RTLD_NOW | RTLD_LOCAL);
  sgemm_fn sgemm = blas ? (sgemm_fn)dlsym(blas, "cblas_sgemm") : NULL;
  if (!sgemm) return NULL;
  struct vae_trainer *t = calloc(1, sizeof *t);
  if (!t) return NULL;
  t->in = in, t->hidden = hidden, t->latent = latent, t->sgemm = sgemm, t->gradients_zero = 1;
  const int64_t sizes[VAE_WEIGHTS] = {hidden * in, hidden, hidden * 2 * latent, 2 * latent,
                                      latent * hidden, hidden, hidden * in, in};
  for (int w = 0; w < VAE_WEIGHTS; w++) {
    t->offsets[w] = t->total;
    t->total += (sizes[w] + 15) / 16 * 16;
  }
  int ok = 1;
  for (int a = 0; a < 4; a++) ok = ok && (t->arrays[a] = floats(t->total));
  for (int p = 0; p < PARTS; p++) {
    ok = ok && (t->dbias[p] = floats(in + 2 * hidden + 2 * latent));
    ok = ok && (t->scratch[p] = floats(2 * in));
  }
  t->threads = threads == 2 ? 2 : 1;
  if (ok && t->threads == 2 && pthread_create(&t->helper, NULL, helper_main, t) != 0) t->threads = 1;
  if (!ok) {
    vae_trainer_free(t);
    return NULL;
  }
  return t;
}

void vae_trainer_free(void *trainer) {
  struct vae_trainer *t = trainer;
  if (!t) return;
  if (t->threads == 2) {
    t->quit = 1;
    meet(&t->start);
    pthread_join(t->helper, NULL);
  }
  free_activations(t);
  for (int a = 0; a < 4; a++) free(t->arrays[a]);
  for (int p = 0; p < PARTS; p++) {
    free(t->dbias[p]);
    free(t->scratch[p]);
  }
  free(t);
}

void vae_trainer_layout(void *trainer, int64_t *offsets_out) {
  struct vae_trainer *t = trainer;
  for (int w = 0; w < VAE_WEIGHTS; w++) offsets_out[w] = t->offsets[w];
  offsets_out[VAE_WEIGHTS] = t->total;
}

void *vae_trainer_array(void *trainer, int32_t which) {
  struct vae_trainer *t = trainer;
  return which >= 0 && which < 4 ? t->arrays[which] : NULL;
}

int32_t vae_trainer_run(void *trainer, const float *x, const float *eps, int64_t rows, int32_t what,
                        const float *adam_constants, double *loss_out) {
  struct vae_trainer *t = trainer;
  if (rows > 0 && !reserve(t, rows)) return -1;
  t->x = x, t->eps = eps, t->rows = rows, t->what = what;
  if (what & VAE_RUN_ADAM) memcpy(t->adam, adam_constants, sizeof t->adam);
  if (rows == 0) t->what &= VAE_RUN_ADAM;
  t->gradient_beta = t->gradients_zero ? 1.0f : 0.0f;
  atomic_store(&t->forward_done.done, 0);
  atomic_store(&t->rows_done.done, 0);
  for (int p = 0; p < PARTS; p++) atomic_store(&t->gradients_done[p].done, 0);
  atomic_store(&t->next_task, 0);
  if (t->threads == 2) {
    meet(&t->start);
    rows_part(t, 0);
    shared_tasks(t);
    meet(&t->sync);
  } else {
    rows_part(t, 0);
    rows_part(t, 1);
    shared_tasks(t);
  }
  /* Adam zeroed the gradients it used; gradients without Adam stay for the caller (and a later Adam). */
  if (t->what & VAE_RUN_ADAM) t->gradients_zero = 1;
  else if (t->what & VAE_RUN_GRADIENTS) t->gradients_zero = 0;
  if (t->what & VAE_RUN_FORWARD) {
    loss_out[0] = t->sums[0][0] + t->sums[1][0];
    loss_out[1] = t->sums[0][1] + t->sums[1][1];
  }
  return 0;
}

void gather_scaled_rows(const uint8_t *pixels, int64_t width, const int32_t *indices, int64_t rows, float *out) {
  /* v / 255 rounded once from the double quotient, as SCALED_PIXEL (lib/stages/fetch_mnist/fetch_mnist_artifact.ts). */
  float scaled[256];
  for (int v = 0; v < 256; v++) scaled[v] = (float)((double)v / 255.0);
  for (int64_t r = 0; r < rows; r++) {
    const uint8_t *from = pixels + (int64_t)indices[r] * width;
    float *to = out + r * width;
    for (int64_t j = 0; j < width; j++) to[j] = scaled[from[j]];
  }
}
