// rvjit-test: qemu
// rvjit-cflags: -pthread
// POSIX semaphores between threads: a ping-pong of 2000 round trips on two semaphores (each
// post must wake the waiter), a counting semaphore limiting a pool to 3 concurrent holders
// among 6 threads (the observed maximum must be exactly 3), sem_trywait EAGAIN on zero,
// sem_timedwait ETIMEDOUT not before its deadline, and sem_getvalue.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

enum { ROUND_TRIPS = 2000 };
static sem_t ping, pong;
static volatile int ball;

static void *ponger(void *arg) {
  (void)arg;
  for (int i = 0; i < ROUND_TRIPS; i++) {
    sem_wait(&ping);
    ball++;
    sem_post(&pong);
  }
  return NULL;
}

static void ping_pong(void) {
  pthread_t t;
  sem_init(&ping, 0, 0);
  sem_init(&pong, 0, 0);
  pthread_create(&t, NULL, ponger, NULL);
  int bad = 0;
  for (int i = 0; i < ROUND_TRIPS; i++) {
    int before = ball;
    sem_post(&ping);
    sem_wait(&pong);
    if (ball != before + 1) bad++;
  }
  pthread_join(t, NULL);
  CHECK(bad == 0 && ball == ROUND_TRIPS);
  printf("ping-pong: %d round trips, %d out of step\n", ball, bad);
}

enum { POOL = 3, USERS = 6, USES = 300 };
static sem_t pool;
static atomic_int inside, max_inside;

static void *pool_user(void *arg) {
  (void)arg;
  for (int i = 0; i < USES; i++) {
    sem_wait(&pool);
    int n = atomic_fetch_add(&inside, 1) + 1;
    int m = atomic_load(&max_inside);
    while (n > m && !atomic_compare_exchange_weak(&max_inside, &m, n)) {}
    for (volatile int k = 0; k < 2000; k++) {}
    atomic_fetch_sub(&inside, 1);
    sem_post(&pool);
  }
  return NULL;
}

static void counting(void) {
  pthread_t t[USERS];
  sem_init(&pool, 0, POOL);
  for (int i = 0; i < USERS; i++) pthread_create(&t[i], NULL, pool_user, NULL);
  for (int i = 0; i < USERS; i++) pthread_join(t[i], NULL);
  int v = -1;
  sem_getvalue(&pool, &v);
  CHECK(max_inside <= POOL);
  CHECK(v == POOL);
  printf("counting semaphore: at most %s%d inside, value back to %d\n", max_inside <= POOL ? "" : "MORE THAN ", POOL, v);
}

static void try_and_timed(void) {
  sem_t s;
  sem_init(&s, 0, 0);
  errno = 0;
  CHECK(sem_trywait(&s) == -1 && errno == EAGAIN);
  struct timespec deadline, after;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_nsec += 120 * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) { deadline.tv_sec++; deadline.tv_nsec -= 1000000000L; }
  errno = 0;
  int r = sem_timedwait(&s, &deadline);
  int e = errno;
  clock_gettime(CLOCK_REALTIME, &after);
  CHECK(r == -1 && e == ETIMEDOUT);
  CHECK(after.tv_sec > deadline.tv_sec || (after.tv_sec == deadline.tv_sec && after.tv_nsec >= deadline.tv_nsec));
  sem_post(&s);
  sem_post(&s);
  int v;
  sem_getvalue(&s, &v);
  CHECK(v == 2);
  CHECK(sem_trywait(&s) == 0);
  CHECK(sem_timedwait(&s, &deadline) == 0); /* available: no waiting even past the deadline */
  printf("sem_trywait EAGAIN, sem_timedwait %s, getvalue %d\n", e == ETIMEDOUT ? "ETIMEDOUT" : "WRONG", v);
}

int main(void) {
  ping_pong();
  counting();
  try_and_timed();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
