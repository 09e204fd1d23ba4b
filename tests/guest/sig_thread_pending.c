// rvjit-test: qemu
// rvjit-cflags: -pthread
// Signals aimed at one thread:
//  - tgkill (pthread_kill) of a thread blocked in read() on an empty pipe, handler without
//    SA_RESTART: only that thread's read fails with EINTR; another thread blocked in read() on
//    another pipe is not disturbed and still gets its data later;
//  - a thread-directed signal the target blocks stays pending for that thread only: sigpending
//    in the target shows it, in another thread it does not; when the target unblocks it, the
//    handler runs on the target;
//  - a process-directed signal that every thread blocks is pending in every thread's view
//    (shared pending set), and is delivered to the first thread that unblocks it.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static atomic_int ready;
static volatile pid_t handled_tid; /* volatile: written by the handler */
static atomic_int handled;
static void on_sig(int sig) {
  (void)sig;
  handled_tid = (pid_t)syscall(SYS_gettid);
  atomic_fetch_add(&handled, 1);
}

static int pipe_a[2], pipe_b[2];
struct result { ssize_t r; int err; pid_t tid; };

static void *reader(void *arg) {
  int fd = *(int *)arg;
  struct result *res = calloc(1, sizeof *res);
  char buf[16];
  res->tid = (pid_t)syscall(SYS_gettid);
  atomic_fetch_add(&ready, 1);
  res->r = read(fd, buf, sizeof buf);
  res->err = errno;
  return res;
}

static void eintr_only_target(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sig; /* no SA_RESTART */
  sigaction(SIGUSR1, &sa, NULL);
  pipe(pipe_a);
  pipe(pipe_b);
  pthread_t ta, tb;
  pthread_create(&ta, NULL, reader, &pipe_a[0]);
  pthread_create(&tb, NULL, reader, &pipe_b[0]);
  while (atomic_load(&ready) < 2) usleep(1000);
  usleep(50000); /* both are in read() now */
  pthread_kill(ta, SIGUSR1);
  struct result *ra, *rb;
  pthread_join(ta, (void **)&ra);
  usleep(50000);
  write(pipe_b[1], "data", 4);
  pthread_join(tb, (void **)&rb);
  printf("target's read: %zd (%s), handler on the target: %s\n", ra->r, ra->err == EINTR ? "EINTR" : strerror(ra->err),
         handled_tid == ra->tid ? "yes" : "NO");
  printf("other thread's read: %zd\n", rb->r);
}

/* ---- pending per thread ---- */
static atomic_int phase;
static int pending_seen_by_target, pending_seen_by_other;
static pid_t target_tid;

static void *blocking_target(void *arg) {
  (void)arg;
  sigset_t s, p;
  sigemptyset(&s);
  sigaddset(&s, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &s, NULL);
  target_tid = (pid_t)syscall(SYS_gettid);
  atomic_store(&phase, 1);
  while (atomic_load(&phase) != 2) usleep(1000);
  sigpending(&p);
  pending_seen_by_target = sigismember(&p, SIGUSR2);
  atomic_store(&phase, 3);
  while (atomic_load(&phase) != 4) usleep(1000);
  pthread_sigmask(SIG_UNBLOCK, &s, NULL); /* delivered here, on this thread */
  return NULL;
}

static void pending_per_thread(void) {
  signal(SIGUSR2, on_sig);
  atomic_store(&handled, 0);
  pthread_t t;
  pthread_create(&t, NULL, blocking_target, NULL);
  while (atomic_load(&phase) != 1) usleep(1000);
  pthread_kill(t, SIGUSR2);
  atomic_store(&phase, 2);
  while (atomic_load(&phase) != 3) usleep(1000);
  sigset_t p;
  sigpending(&p);
  pending_seen_by_other = sigismember(&p, SIGUSR2);
  int handled_before = atomic_load(&handled);
  atomic_store(&phase, 4);
  pthread_join(t, NULL);
  printf("thread-directed, blocked: pending in target %d, in main %d, handled before unblock %d, after %d on the target: %s\n",
         pending_seen_by_target, pending_seen_by_other, handled_before, (int)handled, handled_tid == target_tid ? "yes" : "NO");
}

/* ---- shared pending ---- */
static void *shared_view(void *arg) {
  (void)arg; /* inherits main's mask, which blocks SIGHUP */
  sigset_t p;
  sigpending(&p);
  return (void *)(long)sigismember(&p, SIGHUP);
}

static void shared_pending(void) {
  signal(SIGHUP, on_sig);
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &s, NULL);
  kill(getpid(), SIGHUP);
  pthread_t t;
  void *seen;
  pthread_create(&t, NULL, shared_view, NULL);
  pthread_join(t, &seen);
  sigset_t p;
  sigpending(&p);
  atomic_store(&handled, 0);
  handled_tid = 0;
  pthread_sigmask(SIG_UNBLOCK, &s, NULL);
  printf("process-directed, blocked everywhere: pending in another thread %ld, in main %d; delivered on unblock %d, to main: %s\n",
         (long)seen, sigismember(&p, SIGHUP), (int)handled, handled_tid == getpid() ? "yes" : "NO");
}

int main(void) {
  eintr_only_target();
  pending_per_thread();
  shared_pending();
  return 0;
}
