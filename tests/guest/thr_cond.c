// rvjit-test: qemu
// rvjit-cflags: -pthread
// Condition variables: a bounded queue with two producers and two consumers (signal), a gate
// opened with broadcast that all waiters must pass, pthread_cond_timedwait timing out on both
// CLOCK_REALTIME and CLOCK_MONOTONIC (not before its deadline), and a timed wait that is
// signalled well before its deadline and returns 0.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

/* ---- bounded queue ---- */
enum { CAP = 8, ITEMS = 20000, PRODUCERS = 2, CONSUMERS = 2 };
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER, not_full = PTHREAD_COND_INITIALIZER;
static long queue[CAP];
static int head, count, done_producers;
static long consumed_sum[CONSUMERS], consumed_n[CONSUMERS];

static void *producer(void *arg) {
  long base = (long)arg;
  for (long i = 1; i <= ITEMS / PRODUCERS; i++) {
    pthread_mutex_lock(&qlock);
    while (count == CAP) pthread_cond_wait(&not_full, &qlock);
    queue[(head + count++) % CAP] = base + i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&qlock);
  }
  pthread_mutex_lock(&qlock);
  done_producers++;
  pthread_cond_broadcast(&not_empty); /* consumers must see the end even if the queue is empty */
  pthread_mutex_unlock(&qlock);
  return NULL;
}

static void *consumer(void *arg) {
  int me = (int)(long)arg;
  for (;;) {
    pthread_mutex_lock(&qlock);
    while (count == 0 && done_producers < PRODUCERS) pthread_cond_wait(&not_empty, &qlock);
    if (count == 0) { pthread_mutex_unlock(&qlock); return NULL; }
    long v = queue[head];
    head = (head + 1) % CAP;
    count--;
    pthread_cond_signal(&not_full);
    pthread_mutex_unlock(&qlock);
    consumed_sum[me] += v;
    consumed_n[me]++;
  }
}

static void bounded_queue(void) {
  pthread_t p[PRODUCERS], c[CONSUMERS];
  for (long i = 0; i < CONSUMERS; i++) pthread_create(&c[i], NULL, consumer, (void *)i);
  for (long i = 0; i < PRODUCERS; i++) pthread_create(&p[i], NULL, producer, (void *)(i * 1000000));
  for (int i = 0; i < PRODUCERS; i++) pthread_join(p[i], NULL);
  for (int i = 0; i < CONSUMERS; i++) pthread_join(c[i], NULL);
  long n = 0, sum = 0, want = 0;
  for (int i = 0; i < CONSUMERS; i++) { n += consumed_n[i]; sum += consumed_sum[i]; }
  for (long i = 0; i < PRODUCERS; i++) want += (ITEMS / PRODUCERS) * (i * 1000000) + (long)(ITEMS / PRODUCERS) * (ITEMS / PRODUCERS + 1) / 2;
  CHECK(n == ITEMS);
  CHECK(sum == want);
  printf("bounded queue: %ld items, sum %s\n", n, sum == want ? "right" : "WRONG");
}

/* ---- broadcast gate ---- */
enum { WAITERS = 6 };
static pthread_mutex_t glock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate = PTHREAD_COND_INITIALIZER, arrived_cv = PTHREAD_COND_INITIALIZER;
static int open_gate, arrived, passed;

static void *gate_waiter(void *arg) {
  (void)arg;
  pthread_mutex_lock(&glock);
  arrived++;
  pthread_cond_signal(&arrived_cv);
  while (!open_gate) pthread_cond_wait(&gate, &glock);
  passed++;
  pthread_mutex_unlock(&glock);
  return NULL;
}

static void broadcast_gate(void) {
  pthread_t t[WAITERS];
  for (int i = 0; i < WAITERS; i++) pthread_create(&t[i], NULL, gate_waiter, NULL);
  pthread_mutex_lock(&glock);
  while (arrived < WAITERS) pthread_cond_wait(&arrived_cv, &glock);
  /* Everyone is waiting (or about to, under the lock): one broadcast must release them all. */
  open_gate = 1;
  pthread_cond_broadcast(&gate);
  pthread_mutex_unlock(&glock);
  for (int i = 0; i < WAITERS; i++) pthread_join(t[i], NULL);
  CHECK(passed == WAITERS);
  printf("broadcast: %d of %d waiters passed\n", passed, WAITERS);
}

/* ---- timed waits ---- */
static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct timespec in_ms(clockid_t clk, long ms) {
  struct timespec ts;
  clock_gettime(clk, &ts);
  ts.tv_sec += ms / 1000;
  ts.tv_nsec += (ms % 1000) * 1000000L;
  if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
  return ts;
}

static void timed_out(clockid_t clk, const char *name) {
  pthread_condattr_t a;
  pthread_cond_t cv;
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_condattr_init(&a);
  pthread_condattr_setclock(&a, clk);
  pthread_cond_init(&cv, &a);
  pthread_mutex_lock(&m);
  struct timespec deadline = in_ms(clk, 150);
  double t0 = mono();
  int r = pthread_cond_timedwait(&cv, &m, &deadline);
  double waited = mono() - t0;
  struct timespec after;
  clock_gettime(clk, &after);
  CHECK(r == ETIMEDOUT);
  /* Not before the deadline, on the clock the deadline is measured on. */
  CHECK(after.tv_sec > deadline.tv_sec || (after.tv_sec == deadline.tv_sec && after.tv_nsec >= deadline.tv_nsec));
  CHECK(waited < 5.0);
  /* The mutex is held again after a timeout. */
  CHECK(pthread_mutex_trylock(&m) == EBUSY);
  pthread_mutex_unlock(&m);
  printf("timedwait on %s: %s, not before the deadline\n", name, r == ETIMEDOUT ? "ETIMEDOUT" : "WRONG");
}

static pthread_mutex_t slock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t scv = PTHREAD_COND_INITIALIZER;
static int signalled;

static void *late_signaller(void *arg) {
  (void)arg;
  struct timespec d = {0, 50 * 1000000L};
  nanosleep(&d, NULL);
  pthread_mutex_lock(&slock);
  signalled = 1;
  pthread_cond_signal(&scv);
  pthread_mutex_unlock(&slock);
  return NULL;
}

static void signalled_before_deadline(void) {
  pthread_t t;
  pthread_mutex_lock(&slock);
  pthread_create(&t, NULL, late_signaller, NULL);
  struct timespec deadline = in_ms(CLOCK_REALTIME, 20000);
  double t0 = mono();
  int r = 0;
  while (!signalled && r == 0) r = pthread_cond_timedwait(&scv, &slock, &deadline);
  double waited = mono() - t0;
  pthread_mutex_unlock(&slock);
  pthread_join(t, NULL);
  CHECK(r == 0 && signalled);
  CHECK(waited < 10.0);
  printf("timedwait signalled before its deadline: %s\n", r == 0 ? "0" : "WRONG");
}

int main(void) {
  bounded_queue();
  broadcast_gate();
  timed_out(CLOCK_REALTIME, "CLOCK_REALTIME");
  timed_out(CLOCK_MONOTONIC, "CLOCK_MONOTONIC");
  signalled_before_deadline();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
