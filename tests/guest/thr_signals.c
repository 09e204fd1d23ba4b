// rvjit-test: qemu
// rvjit-cflags: -pthread
// Signals and threads.
// 1. pthread_kill to each of four threads (two spinning in a loop without system calls, two
//    blocked in a futex wait): the handler records pthread_self() and gettid(), which must be
//    the target's.
// 2. A process-directed signal (kill) while every thread but one blocks it with
//    pthread_sigmask: the handler must run on that one thread (which spins without syscalls),
//    never on the sender.
// 3. A dedicated sigwait thread: all threads block SIGUSR1, the main thread sends it with kill
//    20 times (waiting for each to be consumed); the sigwait thread must receive all 20.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

static int failures;
#define CHECK(c) do { if (!(c)) { printf("FAIL line %d: %s\n", __LINE__, #c); failures++; } } while (0)

static pid_t gettid_(void) { return (pid_t)syscall(SYS_gettid); }

/* ---- 1: thread-directed ---- */
enum { T = 4 };
static pthread_t handled_on[T];
static pid_t handled_tid[T];
static pid_t own_tid[T];
static atomic_int handled[T];
static atomic_int ready;
static volatile int stop;
static __thread int my_index = -1;

static void record_self(int sig) {
  (void)sig;
  int i = my_index;
  if (i < 0) return; /* the main thread: should never happen */
  handled_on[i] = pthread_self();
  handled_tid[i] = gettid_();
  atomic_fetch_add(&handled[i], 1);
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;

static void *target(void *arg) {
  my_index = (int)(long)arg;
  own_tid[my_index] = gettid_();
  atomic_fetch_add(&ready, 1);
  if (my_index & 1) {
    while (!stop) {}
  } else {
    pthread_mutex_lock(&m);
    while (!stop) pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
  }
  return NULL;
}

static void thread_directed(void) {
  pthread_t t[T];
  signal(SIGUSR1, record_self);
  for (long i = 0; i < T; i++) pthread_create(&t[i], NULL, target, (void *)i);
  while (atomic_load(&ready) < T) usleep(1000);
  usleep(20000);
  for (int i = 0; i < T; i++) CHECK(pthread_kill(t[i], SIGUSR1) == 0);
  for (int tries = 0; tries < 5000; tries++) {
    int all = 1;
    for (int i = 0; i < T; i++) if (!atomic_load(&handled[i])) all = 0;
    if (all) break;
    usleep(1000);
  }
  pthread_mutex_lock(&m);
  stop = 1;
  pthread_cond_broadcast(&cv);
  pthread_mutex_unlock(&m);
  int right = 0;
  for (int i = 0; i < T; i++) {
    pthread_join(t[i], NULL);
    if (handled[i] == 1 && pthread_equal(handled_on[i], t[i]) && handled_tid[i] == own_tid[i]) right++;
  }
  CHECK(right == T);
  printf("pthread_kill: %d of %d handlers ran once on their target thread\n", right, T);
}

/* ---- 2: process-directed, routed to the one thread that does not block it ---- */
static atomic_int routed_count;
static pthread_t routed_to;
static void routed(int sig) {
  (void)sig;
  routed_to = pthread_self();
  atomic_fetch_add(&routed_count, 1);
}
static volatile int stop2;
static void *unblocked_spinner(void *arg) {
  (void)arg;
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  atomic_fetch_add(&ready, 1);
  while (!stop2) {}
  return NULL;
}
static void *blocked_waiter(void *arg) {
  (void)arg; /* inherits the blocked mask from main */
  atomic_fetch_add(&ready, 1);
  while (!stop2) usleep(1000);
  return NULL;
}

static void process_directed(void) {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  signal(SIGUSR2, routed);
  pthread_sigmask(SIG_BLOCK, &s, NULL); /* inherited by the threads created next */
  atomic_store(&ready, 0);
  pthread_t w1, w2, spin;
  pthread_create(&w1, NULL, blocked_waiter, NULL);
  pthread_create(&spin, NULL, unblocked_spinner, NULL);
  pthread_create(&w2, NULL, blocked_waiter, NULL);
  while (atomic_load(&ready) < 3) usleep(1000);
  int sent = 0;
  for (int i = 0; i < 10; i++) {
    int before = atomic_load(&routed_count);
    kill(getpid(), SIGUSR2);
    sent++;
    for (int tries = 0; tries < 5000 && atomic_load(&routed_count) == before; tries++) usleep(1000);
  }
  stop2 = 1;
  pthread_join(w1, NULL);
  pthread_join(w2, NULL);
  pthread_join(spin, NULL);
  CHECK(routed_count == sent);
  CHECK(pthread_equal(routed_to, spin));
  sigset_t pend;
  sigpending(&pend);
  CHECK(!sigismember(&pend, SIGUSR2));
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  printf("kill with all but one thread blocking: %d of %d handled, on the unblocked thread: %s\n", (int)routed_count, sent,
         pthread_equal(routed_to, spin) ? "yes" : "NO");
}

/* ---- 3: sigwait thread ---- */
static atomic_int waited;
static void *sigwaiter(void *arg) {
  sigset_t *set = arg;
  for (int i = 0; i < 20; i++) {
    int sig = 0;
    if (sigwait(set, &sig) == 0 && sig == SIGUSR1) atomic_fetch_add(&waited, 1);
  }
  return NULL;
}

static void sigwait_thread(void) {
  static sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  pthread_t w;
  pthread_create(&w, NULL, sigwaiter, &set);
  for (int i = 0; i < 20; i++) {
    kill(getpid(), SIGUSR1);
    /* standard signals do not queue: wait until this one is consumed before the next */
    for (int tries = 0; tries < 2000 && atomic_load(&waited) <= i; tries++) usleep(500);
  }
  pthread_join(w, NULL);
  CHECK(waited == 20);
  printf("sigwait thread: received %d of 20\n", (int)waited);
}

int main(void) {
  thread_directed();
  process_directed();
  sigwait_thread();
  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
