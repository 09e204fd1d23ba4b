/*
 * threads: the multi-threaded study of `npm run bench` (issue #5). N compute threads each run
 * `work` rounds of an integer kernel while, depending on the mode, one more thread keeps
 * invalidating translated code:
 *   none   - nothing else: the cost of the invalidation machinery when nothing is invalidated;
 *   remap  - a code page the compute threads never run is made executable, called, then made
 *            writable again (mprotect dropping PROT_EXEC) and remapped with MAP_FIXED, over and
 *            over: every such call invalidates, and under RCU waits for a grace period;
 *   smc    - a function the compute threads call every round is rewritten in place and the
 *            instruction caches flushed (__builtin___clear_cache, i.e. riscv_flush_icache):
 *            cross-thread self-modifying code.
 * Usage: threads MODE NTHREADS WORK
 * Prints the compute phase's wall time and throughput (rounds per second over all threads),
 * and the number and latency (median, 90th percentile, microseconds) of the invalidating calls.
 * The checksum line makes outputs comparable between emulators (it does not depend on timing).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

enum { MAX_THREADS = 16, MAX_SAMPLES = 1 << 16, PAGE = 4096 };

static long work;
static atomic_int running;
static atomic_int stop_invalidating;
static uint64_t sums[MAX_THREADS];
typedef long (*fn0)(void);
static _Atomic uint32_t *smc_code;
static double samples[MAX_SAMPLES];
static long nsamples;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void sample(double seconds) {
  if (nsamples < MAX_SAMPLES) samples[nsamples++] = seconds * 1e6;
}

/* One round: a few thousand dependent integer operations, no memory traffic to share. */
static uint64_t round_of(uint64_t x) {
  for (int i = 0; i < 4096; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x += (uint64_t)i * 0x9e3779b97f4a7c15ull;
  }
  return x;
}

static void *compute(void *arg) {
  long me = (long)arg;
  uint64_t x = 0x12345678u + (uint64_t)me;
  fn0 f = smc_code ? (fn0)(void *)smc_code : NULL;
  for (long r = 0; r < work; r++) {
    x = round_of(x);
    /* smc mode: the rewritten function's result changes over time; keep only its parity-free
       part out of the checksum, so the output does not depend on timing. */
    if (f) x += (uint64_t)(f() & 0);
  }
  sums[me] = x;
  atomic_fetch_sub(&running, 1);
  return NULL;
}

/* lui a0, k ; ret */
static void write_version(_Atomic uint32_t *p, uint32_t k) {
  atomic_store_explicit(&p[0], ((k & 0xfffffu) << 12) | (10u << 7) | 0x37u, memory_order_release);
}

static void *invalidate_remap(void *arg) {
  (void)arg;
  uint32_t *page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED) { perror("mmap"); exit(2); }
  for (uint32_t k = 0; !atomic_load(&stop_invalidating); k++) {
    page[0] = ((k & 0xfffffu) << 12) | (10u << 7) | 0x37u; /* lui a0, k */
    page[1] = 0x00008067u;                                  /* ret */
    if (mprotect(page, PAGE, PROT_READ | PROT_EXEC)) { perror("mprotect"); exit(2); }
    __builtin___clear_cache((char *)page, (char *)(page + 2));
    if ((((fn0)(void *)page)() >> 12) != (long)(k & 0xfffffu)) { fprintf(stderr, "stale code\n"); exit(3); }
    double t0 = now();
    if (mprotect(page, PAGE, PROT_READ | PROT_WRITE)) { perror("mprotect"); exit(2); }
    sample(now() - t0);
    if (k % 4 == 0) {
      t0 = now();
      if (mmap(page, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != page) { perror("mmap"); exit(2); }
      sample(now() - t0);
    }
  }
  return NULL;
}

static void *invalidate_smc(void *arg) {
  (void)arg;
  for (uint32_t k = 1; !atomic_load(&stop_invalidating); k++) {
    write_version(smc_code, k);
    double t0 = now();
    __builtin___clear_cache((char *)smc_code, (char *)(smc_code + 2));
    sample(now() - t0);
  }
  return NULL;
}

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: threads none|remap|smc NTHREADS WORK\n"); return 2; }
  const char *mode = argv[1];
  int n = atoi(argv[2]);
  work = atol(argv[3]);
  if (n < 1 || n > MAX_THREADS || work < 1) { fprintf(stderr, "bad arguments\n"); return 2; }
  void *(*invalidator)(void *) = NULL;
  if (!strcmp(mode, "remap")) invalidator = invalidate_remap;
  else if (!strcmp(mode, "smc")) invalidator = invalidate_smc;
  else if (strcmp(mode, "none")) { fprintf(stderr, "unknown mode %s\n", mode); return 2; }
  if (invalidator == invalidate_smc) {
    smc_code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (smc_code == MAP_FAILED) { perror("mmap"); return 1; }
    write_version(smc_code, 0);
    smc_code[1] = 0x00008067u; /* ret */
    __builtin___clear_cache((char *)smc_code, (char *)(smc_code + 2));
  }

  pthread_t inv, t[MAX_THREADS];
  atomic_store(&running, n);
  double t0 = now();
  for (long i = 0; i < n; i++) pthread_create(&t[i], NULL, compute, (void *)i);
  if (invalidator) pthread_create(&inv, NULL, invalidator, NULL);
  for (int i = 0; i < n; i++) pthread_join(t[i], NULL);
  double seconds = now() - t0;
  atomic_store(&stop_invalidating, 1);
  if (invalidator) pthread_join(inv, NULL);

  uint64_t sum = 0;
  for (int i = 0; i < n; i++) sum ^= sums[i];
  printf("mode %s threads %d work %ld checksum %016llx\n", mode, n, work, (unsigned long long)sum);
  /* Timing lines (not compared between emulators). */
  qsort(samples, (size_t)nsamples, sizeof samples[0], by_value);
  fprintf(stderr, "compute_s %.6f\n", seconds);
  fprintf(stderr, "throughput %.1f\n", (double)n * (double)work / seconds);
  fprintf(stderr, "invalidations %ld\n", nsamples);
  if (nsamples) {
    fprintf(stderr, "latency_us_median %.1f\n", samples[nsamples / 2]);
    fprintf(stderr, "latency_us_p90 %.1f\n", samples[(nsamples * 9) / 10]);
  }
  return 0;
}
