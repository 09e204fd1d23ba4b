// rvjit-test: qemu
// rvjit-cflags: -pthread
// C11 atomics from eight threads at once: fetch_add on 64-, 32-, 16- and 8-bit objects (the
// sub-word ones are LR/SC loops on the containing word, so neighbours in the same word must not
// be disturbed), compare-exchange increment loops, exchange used as a lock, atomic_flag
// spinlock protecting plain data, fetch_or/fetch_xor on per-thread bits, and release/acquire
// message passing (data written before a release store must be visible after the acquire load
// that sees it). Totals must be exact.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

/* N is odd and not a multiple of 256, so wrapped sub-word totals and toggled bits are not 0. */
enum { T = 8, N = 20003 };

static atomic_long add64;
static atomic_int add32;
static struct { _Atomic uint16_t a; _Atomic uint8_t b, c; } sub; /* packed in one word */
static atomic_long cas64;
static atomic_int xchg_lock;
static long xchg_protected;
static atomic_flag spin = ATOMIC_FLAG_INIT;
static long spin_protected[4];
static atomic_ulong bits, toggles;

static pthread_barrier_t start;

static void *hammer(void *arg) {
  int me = (int)(long)arg;
  pthread_barrier_wait(&start);
  for (int i = 0; i < N; i++) {
    atomic_fetch_add_explicit(&add64, 3, memory_order_relaxed);
    atomic_fetch_add(&add32, 1);
    atomic_fetch_add(&sub.a, 1);  /* wraps at 65536 */
    atomic_fetch_add(&sub.b, 1);  /* wraps at 256 */
    atomic_fetch_sub(&sub.c, 1);
    long old = atomic_load_explicit(&cas64, memory_order_relaxed);
    while (!atomic_compare_exchange_weak(&cas64, &old, old + 2)) {}
    if ((i & 7) == 0) {
      while (atomic_exchange_explicit(&xchg_lock, 1, memory_order_acquire)) {}
      xchg_protected = xchg_protected + 1;
      atomic_store_explicit(&xchg_lock, 0, memory_order_release);
      while (atomic_flag_test_and_set_explicit(&spin, memory_order_acquire)) {}
      for (int k = 0; k < 4; k++) spin_protected[k] = spin_protected[k] + k;
      atomic_flag_clear_explicit(&spin, memory_order_release);
    }
    atomic_fetch_or(&bits, 1UL << me);
    atomic_fetch_xor(&toggles, 1UL << (me * 4 + (i & 3)));
  }
  return NULL;
}

/* ---- release/acquire message passing ---- */
enum { MESSAGES = 20000 };
static long payload[4];
static atomic_long seq;
static atomic_long acked;

static void *sender(void *arg) {
  (void)arg;
  for (long m = 1; m <= MESSAGES; m++) {
    while (atomic_load_explicit(&acked, memory_order_acquire) != m - 1) {}
    for (int k = 0; k < 4; k++) payload[k] = m * (k + 1);
    atomic_store_explicit(&seq, m, memory_order_release);
  }
  return NULL;
}

static void *receiver(void *arg) {
  long *bad = arg;
  for (long m = 1; m <= MESSAGES; m++) {
    while (atomic_load_explicit(&seq, memory_order_acquire) != m) {}
    for (int k = 0; k < 4; k++) if (payload[k] != m * (k + 1)) (*bad)++;
    atomic_store_explicit(&acked, m, memory_order_release);
  }
  return NULL;
}

int main(void) {
  pthread_t t[T];
  pthread_barrier_init(&start, NULL, T);
  for (long i = 0; i < T; i++) pthread_create(&t[i], NULL, hammer, (void *)i);
  for (int i = 0; i < T; i++) pthread_join(t[i], NULL);
  long total = (long)T * N;
  CHECK(add64 == 3 * total);
  CHECK(add32 == total);
  CHECK(sub.a == (uint16_t)total);
  CHECK(sub.b == (uint8_t)total);
  CHECK(sub.c == (uint8_t)-total);
  CHECK(cas64 == 2 * total);
  long locked = (long)T * ((N + 7) / 8);
  CHECK(xchg_protected == locked);
  for (int k = 0; k < 4; k++) CHECK(spin_protected[k] == k * locked);
  CHECK(bits == (1UL << T) - 1);
  unsigned long want_toggles = 0; /* bit me*4+j toggled once per i < N with i%4 == j */
  for (int me = 0; me < T; me++)
    for (int j = 0; j < 4; j++) if (((N - j + 3) / 4) & 1) want_toggles |= 1UL << (me * 4 + j);
  CHECK(toggles == want_toggles);
  printf("fetch_add 64/32/16/8: %ld %d %u %u %u\n", (long)add64, (int)add32, (unsigned)sub.a, (unsigned)sub.b, (unsigned)sub.c);
  printf("cas %ld, xchg lock %ld, spinlock %ld, or 0x%lx, xor 0x%lx\n", (long)cas64, xchg_protected, spin_protected[3],
         (unsigned long)bits, (unsigned long)toggles);

  long bad = 0;
  pthread_t s, r;
  pthread_create(&r, NULL, receiver, &bad);
  pthread_create(&s, NULL, sender, NULL);
  pthread_join(s, NULL);
  pthread_join(r, NULL);
  CHECK(bad == 0);
  printf("release/acquire: %d messages, %ld stale payload words\n", MESSAGES, bad);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
