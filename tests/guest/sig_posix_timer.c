// rvjit-test: qemu
// rvjit-cflags: -pthread
// POSIX timers: timer_create on CLOCK_MONOTONIC with SIGEV_SIGNAL (si_code SI_TIMER, the
// sigev_value, periodic 5 ms until 10 signals), timer_gettime counting down, timer_getoverrun
// and si_overrun while the signal is blocked (one signal stands for many expirations),
// SIGEV_THREAD_ID aimed at a chosen thread (the handler runs on that thread), an absolute
// one-shot (TIMER_ABSTIME), SIGEV_THREAD (glibc runs the function on a helper thread), and
// timer_delete (no more signals).
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif

static atomic_int count;
static volatile int last_code, last_value;
static volatile pid_t handler_tid;
static void on_timer(int sig, siginfo_t *si, void *uc) {
  (void)sig;
  (void)uc;
  last_code = si->si_code;
  last_value = si->si_value.sival_int;
  handler_tid = (pid_t)syscall(SYS_gettid);
  atomic_fetch_add(&count, 1);
}

static timer_t make(int notify, int sig, int value, pid_t tid) {
  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = notify;
  ev.sigev_signo = sig;
  ev.sigev_value.sival_int = value;
  if (notify == SIGEV_THREAD_ID) ev.sigev_notify_thread_id = tid;
  timer_t t;
  if (timer_create(CLOCK_MONOTONIC, &ev, &t)) perror("timer_create");
  return t;
}

static void arm(timer_t t, long first_ns, long interval_ns, int flags) {
  struct itimerspec its = {{interval_ns / 1000000000L, interval_ns % 1000000000L}, {first_ns / 1000000000L, first_ns % 1000000000L}};
  timer_settime(t, flags, &its, NULL);
}

static void wait_for(int n) {
  for (int i = 0; i < 5000 && atomic_load(&count) < n; i++) usleep(1000);
}

static atomic_int stop_target;
static pid_t target_tid;
static void *target(void *a) {
  target_tid = (pid_t)syscall(SYS_gettid);
  while (!atomic_load(&stop_target)) usleep(1000);
  return a;
}

static atomic_int thread_calls;
static volatile int thread_value;
static void timer_thread_fn(union sigval v) {
  thread_value = v.sival_int;
  atomic_fetch_add(&thread_calls, 1);
}

int main(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_timer;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGRTMIN, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);

  timer_t periodic = make(SIGEV_SIGNAL, SIGRTMIN, 77, 0);
  arm(periodic, 5000000, 5000000, 0);
  struct itimerspec left;
  timer_gettime(periodic, &left);
  printf("timer_gettime: interval %ld ns, remaining within it: %s\n", left.it_interval.tv_nsec,
         left.it_value.tv_sec == 0 && left.it_value.tv_nsec > 0 && left.it_value.tv_nsec <= 5000000 ? "yes" : "NO");
  wait_for(10);
  printf("SIGEV_SIGNAL periodic: at least 10 signals: %s, si_code %s, value %d\n", atomic_load(&count) >= 10 ? "yes" : "NO",
         last_code == SI_TIMER ? "SI_TIMER" : "other", last_value);

  /* Overruns: block the signal for ~100 ms (about 20 expirations); one signal is pending. */
  sigset_t rt;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN);
  sigprocmask(SIG_BLOCK, &rt, NULL);
  usleep(20000); /* a signal that was already queued stays queued; take it first */
  siginfo_t si;
  struct timespec zero = {0, 0};
  while (sigtimedwait(&rt, &si, &zero) > 0) {}
  usleep(100000);
  int r = sigwaitinfo(&rt, &si);
  int overrun = timer_getoverrun(periodic);
  printf("blocked for 100 ms: one signal %s, si_overrun >= 5: %s, timer_getoverrun >= 5: %s\n", r == SIGRTMIN ? "yes" : "NO",
         si.si_overrun >= 5 ? "yes" : "NO", overrun >= 5 ? "yes" : "NO");
  timer_delete(periodic);
  while (sigtimedwait(&rt, &si, &zero) > 0) {}
  sigprocmask(SIG_UNBLOCK, &rt, NULL);
  int c = atomic_load(&count);
  usleep(50000);
  printf("after timer_delete: %d more signals\n", atomic_load(&count) - c);

  /* SIGEV_THREAD_ID: the signal goes to the chosen thread even though main does not block it. */
  pthread_t th;
  pthread_create(&th, NULL, target, NULL);
  while (!target_tid) usleep(1000);
  atomic_store(&count, 0);
  timer_t directed = make(SIGEV_THREAD_ID, SIGUSR1, 5, target_tid);
  arm(directed, 2000000, 2000000, 0);
  wait_for(5);
  timer_delete(directed);
  printf("SIGEV_THREAD_ID: handler on the target thread: %s\n", handler_tid == target_tid ? "yes" : "NO");
  atomic_store(&stop_target, 1);
  pthread_join(th, NULL);

  /* An absolute one-shot 30 ms ahead. */
  atomic_store(&count, 0);
  timer_t abs_timer = make(SIGEV_SIGNAL, SIGRTMIN, 9, 0);
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long when = now.tv_nsec + 30000000L;
  struct itimerspec its = {{0, 0}, {now.tv_sec + when / 1000000000L, when % 1000000000L}};
  timer_settime(abs_timer, TIMER_ABSTIME, &its, NULL);
  wait_for(1);
  usleep(50000);
  printf("TIMER_ABSTIME one-shot: %d signal(s), value %d\n", atomic_load(&count), last_value);
  timer_delete(abs_timer);

  struct sigevent ev;
  memset(&ev, 0, sizeof ev);
  ev.sigev_notify = SIGEV_THREAD;
  ev.sigev_notify_function = timer_thread_fn;
  ev.sigev_value.sival_int = 123;
  timer_t tt;
  timer_create(CLOCK_MONOTONIC, &ev, &tt);
  arm(tt, 5000000, 5000000, 0);
  for (int i = 0; i < 5000 && atomic_load(&thread_calls) < 5; i++) usleep(1000);
  timer_delete(tt);
  printf("SIGEV_THREAD: at least 5 calls: %s, value %d\n", atomic_load(&thread_calls) >= 5 ? "yes" : "NO", thread_value);
  return 0;
}
