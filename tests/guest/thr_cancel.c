// rvjit-test: qemu
// rvjit-cflags: -pthread
// pthread_cancel of threads blocked at cancellation points: read() on an empty pipe, sleep()
// (nanosleep), pthread_cond_wait (a futex wait; the cleanup handler must get the mutex back),
// a thread that disabled cancellation until it reaches pthread_testcancel, and asynchronous
// cancellation of a thread spinning in a loop without calls. glibc sends
// SIGCANCEL (signal 32) with tgkill; its handler unwinds the thread through the signal frame
// (libgcc recognises the sigreturn trampoline by its instructions) running the cleanup handlers,
// so this exercises frame layout, the trampoline and unwinding. Joins must return
// PTHREAD_CANCELED and every cleanup handler must have run exactly once.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

static atomic_int cleanups;
static atomic_int started;
static void cleanup(void *arg) { (void)arg; atomic_fetch_add(&cleanups, 1); }

static int pipefd[2];
static void *blocked_in_read(void *arg) {
  (void)arg;
  char c;
  pthread_cleanup_push(cleanup, NULL);
  atomic_fetch_add(&started, 1);
  for (;;) read(pipefd[0], &c, 1); /* nothing is ever written */
  pthread_cleanup_pop(0);
  return NULL;
}

static void *blocked_in_sleep(void *arg) {
  (void)arg;
  pthread_cleanup_push(cleanup, NULL);
  atomic_fetch_add(&started, 1);
  for (;;) sleep(100);
  pthread_cleanup_pop(0);
  return NULL;
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static void unlock_and_count(void *arg) {
  /* A cancelled pthread_cond_wait re-acquires the mutex before running cleanup handlers. */
  CHECK(pthread_mutex_trylock(arg) == EBUSY);
  pthread_mutex_unlock(arg);
  atomic_fetch_add(&cleanups, 1);
}
static void *blocked_in_cond_wait(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  pthread_cleanup_push(unlock_and_count, &m);
  atomic_fetch_add(&started, 1);
  for (;;) pthread_cond_wait(&cv, &m);
  pthread_cleanup_pop(0);
  return NULL;
}

static atomic_int may_continue;
static atomic_int reached_testcancel;
static void *deferred_by_state(void *arg) {
  (void)arg;
  int old;
  pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old);
  pthread_cleanup_push(cleanup, NULL);
  atomic_fetch_add(&started, 1);
  while (!atomic_load(&may_continue)) usleep(1000); /* usleep is a cancellation point, but disabled */
  pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, &old);
  atomic_store(&reached_testcancel, 1);
  pthread_testcancel();
  atomic_store(&reached_testcancel, 2); /* must not get here */
  pthread_cleanup_pop(0);
  return NULL;
}

/* Asynchronous cancellation of a thread in a hot loop that makes no calls at all: the signal
   must interrupt translated code, and unwinding starts at an arbitrary pc in the loop. */
static volatile long spins;
static void *async_hot_loop(void *arg) {
  (void)arg;
  int old;
  pthread_cleanup_push(cleanup, NULL);
  pthread_setcanceltype(PTHREAD_CANCEL_ASYNCHRONOUS, &old);
  atomic_fetch_add(&started, 1);
  for (;;) spins++;
  pthread_cleanup_pop(0);
  return NULL;
}

static void cancel_one(void *(*body)(void *), const char *what) {
  pthread_t t;
  void *ret = NULL;
  int before = atomic_load(&cleanups), start = atomic_load(&started);
  pipe(pipefd);
  pthread_create(&t, NULL, body, NULL);
  while (atomic_load(&started) == start) usleep(1000);
  usleep(20000); /* let it block in the call */
  CHECK(pthread_cancel(t) == 0);
  if (body == deferred_by_state) {
    usleep(50000);
    CHECK(pthread_tryjoin_np(t, NULL) == EBUSY); /* still running: cancellation is disabled */
    atomic_store(&may_continue, 1);
  }
  CHECK(pthread_join(t, &ret) == 0);
  CHECK(ret == PTHREAD_CANCELED);
  CHECK(atomic_load(&cleanups) == before + 1);
  close(pipefd[0]);
  close(pipefd[1]);
  printf("cancel in %-18s: %s, cleanup ran %d time(s)\n", what, ret == PTHREAD_CANCELED ? "PTHREAD_CANCELED" : "NOT CANCELED",
         atomic_load(&cleanups) - before);
}

int main(void) {
  cancel_one(blocked_in_read, "read()");
  cancel_one(blocked_in_sleep, "sleep()");
  cancel_one(blocked_in_cond_wait, "pthread_cond_wait");
  cancel_one(deferred_by_state, "testcancel");
  cancel_one(async_hot_loop, "an async hot loop");
  CHECK(reached_testcancel == 1);
  /* The mutex the cond-wait thread held is free again. */
  CHECK(pthread_mutex_trylock(&m) == 0);
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
