// rvjit-test: qemu
// Sleeps interrupted by a handled signal (SIGALRM from a 100 ms one-shot itimer):
//  - nanosleep(2 s) fails with EINTR after about 100 ms and writes the remaining time (between
//    1.5 and 2 s) to its second argument, also with SA_RESTART on the handler (Linux never
//    restarts nanosleep after a handler);
//  - clock_nanosleep with a relative time returns EINTR (as its result, not in errno) and the
//    remaining time; with TIMER_ABSTIME it returns EINTR and leaves the remainder untouched;
//  - an uninterrupted nanosleep returns 0 and does not run short.
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static void arm_100ms(void) {
  struct itimerval it = {{0, 0}, {0, 100000}};
  setitimer(ITIMER_REAL, &it, NULL);
}

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double secs(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }

static void with_flags(int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm;
  sa.sa_flags = flags;
  sigaction(SIGALRM, &sa, NULL);
  alarms = 0;
  struct timespec req = {2, 0}, rem = {0, 0};
  // t0 before arming: taken after, a delay in between (a loaded machine, or the first, cold call
  // of clock_gettime) makes an on-time alarm look early.
  double t0 = mono();
  arm_100ms();
  errno = 0;
  int r = nanosleep(&req, &rem);
  int e = errno;
  double slept = mono() - t0;
  printf("nanosleep(2 s) %-10s: %d %s after at least 100 ms: %s, remaining in (1.5, 2] s: %s, handler ran %d\n",
         flags ? "SA_RESTART" : "plain", r, strerrorname_np(e), slept >= 0.099 && slept < 1.5 ? "yes" : "NO",
         secs(rem) > 1.5 && secs(rem) <= 2.0 ? "yes" : "NO", alarms);
}

int main(void) {
  with_flags(SA_RESTART);
  with_flags(0);

  struct timespec req = {2, 0}, rem = {0, 0};
  arm_100ms();
  int r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, &rem);
  printf("clock_nanosleep relative: returns %s, remaining in (1.5, 2] s: %s\n", r == EINTR ? "EINTR" : "other",
         secs(rem) > 1.5 && secs(rem) <= 2.0 ? "yes" : "NO");

  struct timespec deadline;
  clock_gettime(CLOCK_MONOTONIC, &deadline);
  deadline.tv_sec += 2;
  rem = (struct timespec){7, 7};
  arm_100ms();
  r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, &rem);
  printf("clock_nanosleep absolute: returns %s, remainder untouched: %s\n", r == EINTR ? "EINTR" : "other",
         rem.tv_sec == 7 && rem.tv_nsec == 7 ? "yes" : "NO");

  struct timespec short_req = {0, 150000000L};
  double t0 = mono();
  r = nanosleep(&short_req, NULL);
  printf("nanosleep(150 ms) undisturbed: %d, not short: %s\n", r, mono() - t0 >= 0.149 ? "yes" : "NO");
  return 0;
}
