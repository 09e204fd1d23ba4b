// rvjit-test: qemu
// rvjit-cflags: -pthread
// Thread creation and ending: 200 create/join cycles passing a value out through the exit
// status, 50 detached threads counted with an atomic (the process must not wait for them, and
// their worker slots must be reused), threads alive at the same time have distinct gettid()
// values but the same getpid(), a thread's return value versus pthread_exit's, joining oneself
// (EDEADLK), pthread_tryjoin_np on a running thread (EBUSY), a small explicit stack size, and
// sched_yield: two threads alternating through a shared turn variable 2000 times.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

static void *triple(void *arg) { return (void *)((long)arg * 3); }
static void *via_exit(void *arg) { pthread_exit((void *)((long)arg + 1)); }

static void create_join_cycles(void) {
  long sum = 0;
  for (long i = 0; i < 200; i++) {
    pthread_t t;
    void *ret;
    CHECK(pthread_create(&t, NULL, (i & 1) ? via_exit : triple, (void *)i) == 0);
    CHECK(pthread_join(t, &ret) == 0);
    sum += (long)ret;
  }
  long want = 0;
  for (long i = 0; i < 200; i++) want += (i & 1) ? i + 1 : i * 3;
  CHECK(sum == want);
  printf("200 create/join cycles: sum %ld (expected %ld)\n", sum, want);
}

static atomic_int detached_done;
static void *detached_body(void *arg) {
  (void)arg;
  for (volatile int k = 0; k < 1000; k++) {}
  atomic_fetch_add(&detached_done, 1);
  return NULL;
}

static void detached(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  for (int i = 0; i < 50; i++) {
    pthread_t t;
    if (i & 1) CHECK(pthread_create(&t, &a, detached_body, NULL) == 0);
    else {
      CHECK(pthread_create(&t, NULL, detached_body, NULL) == 0);
      CHECK(pthread_detach(t) == 0);
    }
  }
  for (int spins = 0; atomic_load(&detached_done) < 50 && spins < 100000; spins++) usleep(100);
  CHECK(detached_done == 50);
  printf("50 detached threads: %d finished\n", (int)detached_done);
}

enum { T = 6 };
static pthread_barrier_t alive;
static pid_t tids[T], pids[T];
static void *report_ids(void *arg) {
  int me = (int)(long)arg;
  tids[me] = (pid_t)syscall(SYS_gettid);
  pids[me] = getpid();
  pthread_barrier_wait(&alive); /* all alive at once, so no tid can have been reused */
  return NULL;
}

static void ids(void) {
  pthread_t t[T];
  pthread_barrier_init(&alive, NULL, T + 1);
  for (long i = 0; i < T; i++) pthread_create(&t[i], NULL, report_ids, (void *)i);
  pthread_barrier_wait(&alive);
  for (int i = 0; i < T; i++) pthread_join(t[i], NULL);
  pid_t me = (pid_t)syscall(SYS_gettid);
  CHECK(me == getpid()); /* the main thread's tid is the pid */
  int distinct = 1;
  for (int i = 0; i < T; i++) {
    CHECK(pids[i] == getpid());
    if (tids[i] == me || tids[i] <= 0) distinct = 0;
    for (int j = i + 1; j < T; j++) if (tids[i] == tids[j]) distinct = 0;
  }
  CHECK(distinct);
  printf("gettid: %s for %d live threads, getpid shared\n", distinct ? "distinct" : "NOT DISTINCT", T + 1);
}

static volatile int stop_spinning;
static void *spin_until_told(void *arg) { (void)arg; while (!stop_spinning) sched_yield(); return (void *)7L; }

static void join_errors(void) {
  CHECK(pthread_join(pthread_self(), NULL) == EDEADLK);
  pthread_t t;
  pthread_create(&t, NULL, spin_until_told, NULL);
  CHECK(pthread_tryjoin_np(t, NULL) == EBUSY);
  stop_spinning = 1;
  void *ret;
  CHECK(pthread_join(t, &ret) == 0 && ret == (void *)7L);
  printf("join self EDEADLK, tryjoin on a running thread EBUSY\n");
}

static void *use_stack(void *arg) {
  (void)arg;
  volatile char buf[48 * 1024];
  memset((char *)buf, 1, sizeof buf);
  long s = 0;
  for (size_t i = 0; i < sizeof buf; i += 512) s += buf[i];
  return (void *)s;
}

static void small_stack(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  CHECK(pthread_attr_setstacksize(&a, 64 * 1024) == 0);
  pthread_t t;
  void *ret;
  CHECK(pthread_create(&t, &a, use_stack, NULL) == 0);
  pthread_join(t, &ret);
  CHECK((long)ret == 96);
  printf("64 KiB stack: %ld\n", (long)ret);
}

/* Strict alternation: each thread waits for its turn, yielding. Needs the other to run. */
enum { TURNS = 2000 };
static atomic_int turn;
static void *alternate(void *arg) {
  int me = (int)(long)arg;
  for (int i = 0; i < TURNS; i++) {
    while (atomic_load(&turn) != me) sched_yield();
    atomic_store(&turn, 1 - me);
  }
  return NULL;
}

static void yielding(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, alternate, (void *)0L);
  pthread_create(&b, NULL, alternate, (void *)1L);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  CHECK(sched_yield() == 0);
  printf("sched_yield alternation: %d turns each, turn back to %d\n", TURNS, (int)turn);
}

int main(void) {
  create_join_cycles();
  detached();
  ids();
  join_errors();
  small_stack();
  yielding();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
