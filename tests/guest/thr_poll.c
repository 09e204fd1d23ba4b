// rvjit-test: qemu
// rvjit-cflags: -pthread
// poll, select, ppoll and pselect on pipes, with timeouts and with data written by another
// thread while the caller waits:
//  - nothing ready: poll(100 ms) returns 0 no sooner than 100 ms; timeout 0 returns at once;
//  - another thread writes after 50 ms: poll / select / ppoll / pselect return 1 with the read
//    end ready, well before their 10 s timeout;
//  - the write end is writable at once (POLLOUT), a closed write end gives POLLHUP, an invalid
//    descriptor gives POLLNVAL;
//  - select updates its timeval with the time left (Linux does);
//  - pselect and ppoll with a signal mask: SIGUSR1, blocked outside the call, is let in during
//    it and interrupts it (EINTR, handler ran once), and is blocked again afterwards.
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct later { int fd; long ms; pthread_t target; int sig; };
static void *act_later(void *arg) {
  struct later *l = arg;
  usleep(l->ms * 1000);
  if (l->sig) pthread_kill(l->target, l->sig);
  else write(l->fd, "x", 1);
  return NULL;
}
static pthread_t start(struct later *l) {
  pthread_t t;
  pthread_create(&t, NULL, act_later, l);
  return t;
}

static volatile int handled;
static void on_usr1(int sig) { (void)sig; handled++; }

int main(void) {
  int p[2];
  pipe(p);
  struct pollfd pf = {p[0], POLLIN, 0};
  double t0 = mono();
  int r = poll(&pf, 1, 100);
  printf("poll, nothing ready, 100 ms: %d, not early: %s\n", r, mono() - t0 >= 0.099 ? "yes" : "NO");
  t0 = mono();
  r = poll(&pf, 1, 0);
  printf("poll, timeout 0: %d, quick: %s\n", r, mono() - t0 < 1.0 ? "yes" : "no");

  char c;
  struct later w = {p[1], 50, 0, 0};
  pthread_t t = start(&w);
  t0 = mono();
  r = poll(&pf, 1, 10000);
  double waited = mono() - t0;
  pthread_join(t, NULL);
  printf("poll, written by a thread after 50 ms: %d, revents POLLIN %d, woke promptly: %s\n", r, !!(pf.revents & POLLIN),
         waited < 5.0 ? "yes" : "NO");
  read(p[0], &c, 1);

  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  struct timeval tv = {10, 0};
  t = start(&w);
  r = select(p[0] + 1, &rs, NULL, NULL, &tv);
  pthread_join(t, NULL);
  printf("select, written by a thread: %d, fd set %d, timeval decreased: %s\n", r, FD_ISSET(p[0], &rs),
         tv.tv_sec < 10 && tv.tv_sec >= 5 ? "yes" : "NO");
  read(p[0], &c, 1);

  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  tv = (struct timeval){0, 100000};
  t0 = mono();
  r = select(p[0] + 1, &rs, NULL, NULL, &tv);
  printf("select, nothing ready, 100 ms: %d, not early: %s, timeval now zero: %s\n", r, mono() - t0 >= 0.099 ? "yes" : "NO",
         tv.tv_sec == 0 && tv.tv_usec == 0 ? "yes" : "NO");

  struct timespec ten = {10, 0};
  t = start(&w);
  r = ppoll(&pf, 1, &ten, NULL);
  pthread_join(t, NULL);
  printf("ppoll, written by a thread: %d, POLLIN %d\n", r, !!(pf.revents & POLLIN));
  read(p[0], &c, 1);

  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  t = start(&w);
  r = pselect(p[0] + 1, &rs, NULL, NULL, &ten, NULL);
  pthread_join(t, NULL);
  printf("pselect, written by a thread: %d, fd set %d\n", r, FD_ISSET(p[0], &rs));
  read(p[0], &c, 1);

  struct pollfd out = {p[1], POLLOUT, 0};
  r = poll(&out, 1, 0);
  printf("write end: %d, POLLOUT %d\n", r, !!(out.revents & POLLOUT));
  struct pollfd bad = {999, POLLIN, 0};
  r = poll(&bad, 1, 0);
  printf("invalid descriptor: %d, POLLNVAL %d\n", r, !!(bad.revents & POLLNVAL));

  /* Signal masks during the wait. */
  signal(SIGUSR1, on_usr1);
  sigset_t usr1, none;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&none);
  pthread_sigmask(SIG_BLOCK, &usr1, NULL);
  struct later s = {0, 50, pthread_self(), SIGUSR1};
  t = start(&s);
  errno = 0;
  r = ppoll(&pf, 1, &ten, &none);
  int e = errno;
  pthread_join(t, NULL);
  sigset_t cur;
  pthread_sigmask(SIG_BLOCK, NULL, &cur);
  printf("ppoll with SIGUSR1 let in: %d %s, handler ran %d, blocked again: %d\n", r, strerrorname_np(e), handled, sigismember(&cur, SIGUSR1));
  handled = 0;
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  t = start(&s);
  errno = 0;
  r = pselect(p[0] + 1, &rs, NULL, NULL, &ten, &none);
  e = errno;
  pthread_join(t, NULL);
  pthread_sigmask(SIG_BLOCK, NULL, &cur);
  printf("pselect with SIGUSR1 let in: %d %s, handler ran %d, blocked again: %d\n", r, strerrorname_np(e), handled, sigismember(&cur, SIGUSR1));

  close(p[1]);
  r = poll(&pf, 1, 1000);
  printf("write end closed: %d, POLLHUP %d\n", r, !!(pf.revents & POLLHUP));
  return 0;
}
