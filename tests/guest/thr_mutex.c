// rvjit-test: qemu
// rvjit-cflags: -pthread
// pthread mutexes of the three kinds. A normal mutex must make a non-atomic read-modify-write
// from four threads exact (run truly in parallel under rvjit, so a broken futex or a broken
// atomic shows up as a lost update); trylock reports EBUSY from another thread while held;
// timedlock on a held mutex times out after the deadline (FUTEX_WAIT_BITSET with an absolute
// CLOCK_REALTIME deadline). A recursive mutex counts its owner's locks and refuses other threads
// and unlocks by non-owners; an error-checking mutex reports EDEADLK on relock and EPERM on
// unlock by a non-owner or when unlocked.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

enum { THREADS = 4, ROUNDS = 50000 };

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;
static volatile long shadow; /* written inside the lock; must always agree with counter */

static void *count_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUNDS; i++) {
    pthread_mutex_lock(&counter_lock);
    long c = counter;       /* a deliberately split read-modify-write */
    shadow = c + 1;
    counter = shadow;
    pthread_mutex_unlock(&counter_lock);
  }
  return NULL;
}

static double now(clockid_t clk) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs fn(arg) on another thread and returns its int result. */
static int on_other_thread(void *(*fn)(void *), void *arg) {
  pthread_t t;
  void *ret;
  pthread_create(&t, NULL, fn, arg);
  pthread_join(t, &ret);
  return (int)(long)ret;
}

static void *try_lock(void *m) { int r = pthread_mutex_trylock(m); if (r == 0) pthread_mutex_unlock(m); return (void *)(long)r; }
static void *unlock(void *m) { return (void *)(long)pthread_mutex_unlock(m); }

static void *timed_lock(void *m) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 100 * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
  double t0 = now(CLOCK_MONOTONIC);
  int r = pthread_mutex_timedlock(m, &deadline);
  double waited = now(CLOCK_MONOTONIC) - t0;
  /* 95 ms rather than 100: CLOCK_REALTIME and CLOCK_MONOTONIC are read at different instants. */
  if (r == ETIMEDOUT && waited < 0.095) return (void *)-1L;
  return (void *)(long)r;
}

static void normal_mutex(void) {
  pthread_t t[THREADS];
  for (int i = 0; i < THREADS; i++) pthread_create(&t[i], NULL, count_worker, NULL);
  for (int i = 0; i < THREADS; i++) pthread_join(t[i], NULL);
  CHECK(counter == (long)THREADS * ROUNDS);
  printf("normal mutex: counter %ld (expected %ld)\n", counter, (long)THREADS * ROUNDS);

  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  CHECK(pthread_mutex_lock(&m) == 0);
  CHECK(on_other_thread(try_lock, &m) == EBUSY);
  CHECK(on_other_thread(timed_lock, &m) == ETIMEDOUT);
  CHECK(pthread_mutex_unlock(&m) == 0);
  CHECK(on_other_thread(try_lock, &m) == 0);
  CHECK(on_other_thread(timed_lock, &m) == 0);
  printf("normal mutex: trylock EBUSY while held, timedlock ETIMEDOUT after its deadline\n");
}

static void recursive_mutex(void) {
  pthread_mutexattr_t a;
  pthread_mutex_t m;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&m, &a);
  CHECK(pthread_mutex_lock(&m) == 0);
  CHECK(pthread_mutex_lock(&m) == 0);
  CHECK(pthread_mutex_trylock(&m) == 0);
  CHECK(on_other_thread(try_lock, &m) == EBUSY);
  CHECK(on_other_thread(unlock, &m) == EPERM);
  CHECK(pthread_mutex_unlock(&m) == 0);
  CHECK(pthread_mutex_unlock(&m) == 0);
  CHECK(on_other_thread(try_lock, &m) == EBUSY); /* still held once */
  CHECK(pthread_mutex_unlock(&m) == 0);
  CHECK(on_other_thread(try_lock, &m) == 0);
  CHECK(pthread_mutex_unlock(&m) == EPERM);      /* not held at all */
  pthread_mutex_destroy(&m);
  printf("recursive mutex: three locks need three unlocks; other threads get EBUSY/EPERM\n");
}

static void errorcheck_mutex(void) {
  pthread_mutexattr_t a;
  pthread_mutex_t m;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&m, &a);
  CHECK(pthread_mutex_lock(&m) == 0);
  CHECK(pthread_mutex_lock(&m) == EDEADLK);
  CHECK(on_other_thread(unlock, &m) == EPERM);
  CHECK(on_other_thread(try_lock, &m) == EBUSY);
  CHECK(pthread_mutex_unlock(&m) == 0);
  CHECK(pthread_mutex_unlock(&m) == EPERM);
  pthread_mutex_destroy(&m);
  printf("errorcheck mutex: relock EDEADLK, foreign or double unlock EPERM\n");
}

int main(void) {
  normal_mutex();
  recursive_mutex();
  errorcheck_mutex();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
