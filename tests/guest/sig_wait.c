// rvjit-test: qemu
// rvjit-cflags: -pthread
// Waiting for signals.
//  - sigwaitinfo takes a pending blocked signal without running its handler (si_code SI_TKILL
//    from raise);
//  - sigtimedwait: a zero timeout polls (EAGAIN at once), a 100 ms timeout expires (EAGAIN, not
//    early), a signal sent by another thread after 50 ms ends the wait with its siginfo, and a
//    different, handled signal interrupts it (EINTR);
//  - queued real-time signals come out of sigwaitinfo in order with their values, lowest
//    signal number first;
//  - sigsuspend: waits with a temporary mask until a handler runs (-1/EINTR), then the old mask
//    is back; with the signal already pending it returns at once.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int handled;
static void on_sig(int sig) { (void)sig; handled++; }

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct delayed { pthread_t target; int sig; long ms; int use_kill; };
static void *send_later(void *arg) {
  struct delayed *d = arg;
  usleep(d->ms * 1000);
  if (d->use_kill) kill(getpid(), d->sig);
  else pthread_kill(d->target, d->sig);
  return NULL;
}
static pthread_t later(int sig, long ms, int use_kill) {
  static struct delayed d[8];
  static int n;
  struct delayed *p = &d[n++ & 7];
  *p = (struct delayed){pthread_self(), sig, ms, use_kill};
  pthread_t t;
  pthread_create(&t, NULL, send_later, p);
  return t;
}

static const char *err(int r) { return r >= 0 ? "" : strerrorname_np(errno); }
static const char *code_name(int c) { return c == SI_USER ? "SI_USER" : c == SI_TKILL ? "SI_TKILL" : c == SI_QUEUE ? "SI_QUEUE" : "other"; }

int main(void) {
  signal(SIGUSR1, on_sig);
  signal(SIGUSR2, on_sig);
  sigset_t set, old;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR1);
  sigprocmask(SIG_BLOCK, &set, &old);

  raise(SIGUSR1);
  siginfo_t si;
  int r = sigwaitinfo(&set, &si);
  /* raise() sends with tgkill (SI_TKILL); glibc's sigtimedwait reports SI_TKILL as SI_USER. */
  printf("sigwaitinfo: %d, si_code %s, handler ran %d\n", r, code_name(si.si_code), handled);

  struct timespec zero = {0, 0}, tenth = {0, 100000000L};
  double t0 = mono();
  r = sigtimedwait(&set, &si, &zero);
  printf("sigtimedwait, zero timeout: %d %s, quick: %s\n", r, err(r), mono() - t0 < 1.0 ? "yes" : "no");
  t0 = mono();
  r = sigtimedwait(&set, &si, &tenth);
  double waited = mono() - t0;
  printf("sigtimedwait, 100 ms: %d %s, not early: %s\n", r, err(r), waited >= 0.099 ? "yes" : "NO");

  /* kill() is process-directed and every thread blocks SIGUSR1: Linux wakes the thread waiting
     for it in sigtimedwait (it unblocks the waited set while it sleeps). */
  pthread_t t = later(SIGUSR1, 50, 1);
  struct timespec ten = {10, 0};
  memset(&si, 0, sizeof si);
  t0 = mono();
  r = sigtimedwait(&set, &si, &ten);
  waited = mono() - t0;
  pthread_join(t, NULL);
  printf("sigtimedwait, kill from another thread: %d, si_code %s, si_pid ours %d, woken promptly: %s\n", r, code_name(si.si_code),
         si.si_pid == getpid(), waited < 5.0 ? "yes" : "NO (waited for the timeout)");

  handled = 0;
  t = later(SIGUSR2, 50, 0);
  r = sigtimedwait(&set, &si, &ten);
  pthread_join(t, NULL);
  printf("sigtimedwait interrupted by a handled SIGUSR2: %d %s, handler ran %d\n", r, err(r), handled);

  sigset_t rt;
  sigemptyset(&rt);
  sigaddset(&rt, SIGRTMIN + 4);
  sigaddset(&rt, SIGRTMIN + 1);
  sigprocmask(SIG_BLOCK, &rt, NULL);
  for (int i = 1; i <= 3; i++) {
    sigqueue(getpid(), SIGRTMIN + 4, (union sigval){.sival_int = 40 + i});
    sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = 10 + i});
  }
  printf("queued RT signals:");
  for (int i = 0; i < 6; i++) {
    r = sigwaitinfo(&rt, &si);
    printf(" RTMIN+%d(%d)", r - SIGRTMIN, si.si_value.sival_int);
  }
  printf("\n");

  handled = 0;
  t = later(SIGUSR1, 50, 1);
  sigset_t none;
  sigemptyset(&none);
  r = sigsuspend(&none);
  int e = errno;
  pthread_join(t, NULL);
  sigset_t cur;
  sigprocmask(SIG_BLOCK, NULL, &cur);
  printf("sigsuspend: %d %s, handler ran %d, SIGUSR1 blocked again after: %d\n", r, strerrorname_np(e), handled, sigismember(&cur, SIGUSR1));

  handled = 0;
  raise(SIGUSR1);
  t0 = mono();
  r = sigsuspend(&none);
  printf("sigsuspend with SIGUSR1 already pending: %d, handler ran %d, quick: %s\n", r, handled, mono() - t0 < 1.0 ? "yes" : "no");
  sigprocmask(SIG_SETMASK, &old, NULL);
  return 0;
}
