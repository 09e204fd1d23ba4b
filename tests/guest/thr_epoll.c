// rvjit-test: qemu
// rvjit-cflags: -pthread
// epoll with pipes and threads: epoll_wait times out (0 events, not early); a pipe written by
// another thread after 50 ms wakes it with the registered data (u64 cookie); level-triggered
// readiness is reported again while data remains, edge-triggered (EPOLLET) only on new data;
// EPOLLONESHOT disarms until EPOLL_CTL_MOD; EPOLL_CTL_DEL removes; several pipes written by
// several threads are all reported; errors EEXIST / ENOENT / EBADF; epoll_pwait with a signal
// mask is interrupted by a signal let in by that mask.
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

static double mono(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct later { int fd; long ms; };
static void *write_later(void *arg) {
  struct later *l = arg;
  usleep(l->ms * 1000);
  write(l->fd, "abc", 3);
  return NULL;
}

static volatile int handled;
static void on_usr1(int sig) { (void)sig; handled++; }
static void *signal_later(void *arg) {
  usleep(50000);
  pthread_kill(*(pthread_t *)arg, SIGUSR1);
  return NULL;
}

int main(void) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  int p[2];
  pipe(p);
  struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 0x1122334455667788UL}, out[8];
  epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);

  double t0 = mono();
  int n = epoll_wait(ep, out, 8, 100);
  printf("nothing ready, 100 ms: %d, not early: %s\n", n, mono() - t0 >= 0.099 ? "yes" : "NO");

  struct later l = {p[1], 50};
  pthread_t t;
  pthread_create(&t, NULL, write_later, &l);
  t0 = mono();
  n = epoll_wait(ep, out, 8, 10000);
  double waited = mono() - t0;
  pthread_join(t, NULL);
  printf("written by a thread: %d event(s), EPOLLIN %d, cookie %s, promptly: %s\n", n, n > 0 && (out[0].events & EPOLLIN),
         n > 0 && out[0].data.u64 == 0x1122334455667788UL ? "right" : "WRONG", waited < 5.0 ? "yes" : "NO");
  n = epoll_wait(ep, out, 8, 0);
  printf("level-triggered, data still there: %d\n", n);

  ev.events = EPOLLIN | EPOLLET;
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
  n = epoll_wait(ep, out, 8, 0);
  int first = n;
  n = epoll_wait(ep, out, 8, 50);
  write(p[1], "d", 1);
  int after_write = epoll_wait(ep, out, 8, 1000);
  printf("edge-triggered: after MOD %d, again %d, after new data %d\n", first, n, after_write);
  char buf[16];
  read(p[0], buf, sizeof buf);

  ev.events = EPOLLIN | EPOLLONESHOT;
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
  write(p[1], "e", 1);
  int one = epoll_wait(ep, out, 8, 1000);
  int two = epoll_wait(ep, out, 8, 50);
  epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev);
  int three = epoll_wait(ep, out, 8, 1000);
  printf("oneshot: %d, then %d, re-armed %d\n", one, two, three);
  read(p[0], buf, sizeof buf);

  errno = 0;
  int r = epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
  printf("add twice: %d %s\n", r, strerrorname_np(errno));
  epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
  errno = 0;
  r = epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
  printf("delete twice: %d %s\n", r, strerrorname_np(errno));
  errno = 0;
  r = epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev);
  printf("add a bad descriptor: %d %s\n", r, strerrorname_np(errno));
  write(p[1], "f", 1);
  n = epoll_wait(ep, out, 8, 50);
  printf("after delete, data ready: %d events\n", n);
  read(p[0], buf, sizeof buf);

  enum { PIPES = 4 };
  int ps[PIPES][2];
  struct later ls[PIPES];
  pthread_t ts[PIPES];
  for (int i = 0; i < PIPES; i++) {
    pipe(ps[i]);
    struct epoll_event e = {.events = EPOLLIN, .data.u32 = 100 + i};
    epoll_ctl(ep, EPOLL_CTL_ADD, ps[i][0], &e);
    ls[i] = (struct later){ps[i][1], 20 + 10 * i};
    pthread_create(&ts[i], NULL, write_later, &ls[i]);
  }
  for (int i = 0; i < PIPES; i++) pthread_join(ts[i], NULL);
  n = epoll_wait(ep, out, 8, 1000);
  unsigned seen = 0;
  for (int i = 0; i < n; i++) seen |= 1u << (out[i].data.u32 - 100);
  printf("four pipes written by four threads: %d events, all seen: %s\n", n, seen == 15 ? "yes" : "NO");

  signal(SIGUSR1, on_usr1);
  sigset_t usr1, none;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  sigemptyset(&none);
  pthread_sigmask(SIG_BLOCK, &usr1, NULL);
  int empty = epoll_create1(0);
  pthread_t self = pthread_self();
  pthread_create(&t, NULL, signal_later, &self);
  errno = 0;
  r = epoll_pwait(empty, out, 8, 10000, &none);
  int e = errno;
  pthread_join(t, NULL);
  printf("epoll_pwait with SIGUSR1 let in: %d %s, handler ran %d\n", r, strerrorname_np(e), handled);
  return 0;
}
