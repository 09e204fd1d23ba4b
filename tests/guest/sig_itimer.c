// rvjit-test: qemu
// Interval timers (setitimer/getitimer, ITIMER_REAL): a periodic 10 ms timer delivers SIGALRM
// again and again (20 signals collected with sigsuspend, no sooner than 190 ms in all);
// getitimer reports the interval and a remaining value no larger than it; setitimer returns the
// old setting; disarming stops the signals; a one-shot timer fires exactly once; alarm()
// returns the seconds left on the previous alarm and alarm(0) cancels it.
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void) {
  signal(SIGALRM, on_alarm);
  sigset_t alrm, old, wait_mask;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  sigprocmask(SIG_BLOCK, &alrm, &old); /* no lost wake-ups between the check and sigsuspend */
  wait_mask = old;
  sigdelset(&wait_mask, SIGALRM);

  struct itimerval it = {{0, 10000}, {0, 10000}}, cur, prev;
  double t0 = mono();
  setitimer(ITIMER_REAL, &it, NULL);
  getitimer(ITIMER_REAL, &cur);
  printf("getitimer: interval %ld us, remaining within it: %s\n", (long)cur.it_interval.tv_usec,
         cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 10000 && cur.it_value.tv_usec > 0 ? "yes" : "NO");
  while (alarms < 20) sigsuspend(&wait_mask);
  double took = mono() - t0;
  struct itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, &prev);
  printf("periodic 10 ms: %d signals, not early: %s; old setting returned: interval %ld us\n", alarms,
         took >= 0.19 ? "yes" : "NO", (long)prev.it_interval.tv_usec);
  int before = alarms;
  sigprocmask(SIG_SETMASK, &old, NULL);
  usleep(100000);
  printf("after disarming: %d more signals\n", alarms - before);
  getitimer(ITIMER_REAL, &cur);
  printf("getitimer when disarmed: %ld %ld\n", (long)(cur.it_value.tv_sec + cur.it_value.tv_usec), (long)cur.it_interval.tv_usec);

  alarms = 0;
  struct itimerval once = {{0, 0}, {0, 30000}};
  setitimer(ITIMER_REAL, &once, NULL);
  usleep(150000);
  usleep(50000);
  printf("one-shot 30 ms: %d signal(s)\n", alarms);

  alarm(100);
  unsigned left = alarm(5);
  unsigned left2 = alarm(0);
  printf("alarm(100) then alarm(5) returned %u, alarm(0) returned %u\n", left, left2);
  return 0;
}
