// rvjit-test: qemu
// rvjit-cflags: -pthread
// A descriptor closed by one thread while another thread's system call is using it (Linux's
// fdget/fdput: the call keeps the open file until it returns):
//  - a thread blocked in read() on a pipe goes on waiting after another thread closes that fd and
//    a new pipe takes the fd number, and receives the byte written to the old pipe afterwards;
//  - poll() of an fd another thread closes reports POLLNVAL when its timeout ends, and select()
//    counts it as ready (Linux looks each fd up again at every pass);
//  - one thread polls an epoll set and a poll() set over and over while another creates, watches,
//    writes and closes pipes as fast as it can: neither call ever fails (an entry whose file is
//    closed simply goes away, a closed fd in poll() is POLLNVAL).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <unistd.h>

static int blocked_fd;
static char got[8];
static ssize_t got_n;

static void *blocked_reader(void *arg) {
  (void)arg;
  got_n = read(blocked_fd, got, sizeof got);
  return NULL;
}

static void *close_later(void *arg) {
  (void)arg;
  usleep(50000);
  close(blocked_fd);
  return NULL;
}

static int ep;
static volatile int churning = 1;
static int churn_fds[2] = {-1, -1};
static long epoll_failures, poll_failures, epoll_calls;

static void *poller(void *arg) {
  (void)arg;
  struct epoll_event out[8];
  while (churning) {
    if (epoll_wait(ep, out, 8, 0) < 0) epoll_failures++;
    struct pollfd pf[2] = {{.fd = churn_fds[0], .events = POLLIN}, {.fd = churn_fds[1], .events = POLLOUT}};
    if (poll(pf, 2, 0) < 0) poll_failures++;
    epoll_calls++;
  }
  return NULL;
}

int main(void) {
  signal(SIGPIPE, SIG_IGN);

  int p[2];
  pipe(p);
  blocked_fd = p[0];
  pthread_t r;
  pthread_create(&r, NULL, blocked_reader, NULL);
  usleep(100000); // the reader is in read() by now
  close(p[0]);
  int q[2];
  pipe(q);
  printf("new pipe reuses the closed fd number: %s\n", q[0] == p[0] ? "yes" : "no");
  ssize_t w = write(p[1], "x", 1);
  printf("write to the old pipe while its reader waits: %zd\n", w);
  pthread_join(r, NULL);
  printf("blocked read after close: %zd '%.*s'\n", got_n, got_n > 0 ? (int)got_n : 0, got);
  w = write(p[1], "y", 1);
  printf("write once the last reader has gone: %zd (%s)\n", w, w < 0 ? strerror(errno) : "-");
  write(q[1], "z", 1);
  char c = 0;
  printf("the new pipe works: %zd '%c'\n", read(q[0], &c, 1), c);
  close(p[1]);
  close(q[0]);
  close(q[1]);

  // poll() on a pipe that another thread closes: nothing wakes it, but the pass it makes when
  // its timeout ends looks the fd up again and finds it closed.
  pipe(p);
  blocked_fd = p[0];
  pthread_t closer;
  pthread_create(&closer, NULL, close_later, NULL);
  struct pollfd pf = {.fd = p[0], .events = POLLIN};
  int n = poll(&pf, 1, 300);
  pthread_join(closer, NULL);
  printf("poll of an fd closed meanwhile: %d, revents %#x\n", n, pf.revents);
  close(p[1]);

  // select() the same way: Linux counts a descriptor closed during the call as ready.
  pipe(p);
  blocked_fd = p[0];
  pthread_create(&closer, NULL, close_later, NULL);
  fd_set rs;
  FD_ZERO(&rs);
  FD_SET(p[0], &rs);
  struct timeval tv = {0, 300000};
  n = select(p[0] + 1, &rs, NULL, NULL, &tv);
  pthread_join(closer, NULL);
  printf("select of an fd closed meanwhile: %d, in the set: %d\n", n, FD_ISSET(p[0], &rs) != 0);
  close(p[1]);

  ep = epoll_create1(0);
  pthread_t pt;
  pthread_create(&pt, NULL, poller, NULL);
  int rounds = 3000, added = 0;
  for (int i = 0; i < rounds; i++) {
    int f[2];
    if (pipe2(f, O_NONBLOCK) < 0) break;
    churn_fds[0] = f[0];
    churn_fds[1] = f[1];
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.fd = f[0]};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, f[0], &ev) == 0) added++;
    ev.data.fd = f[1];
    epoll_ctl(ep, EPOLL_CTL_ADD, f[1], &ev);
    write(f[1], "w", 1);
    close(f[0]);
    close(f[1]);
  }
  churning = 0;
  pthread_join(pt, NULL);
  printf("pipes watched and closed: %d of %d\n", added, rounds);
  printf("epoll_wait failures: %ld, poll failures: %ld, poller ran: %s\n", epoll_failures, poll_failures,
         epoll_calls > 0 ? "yes" : "no");
  struct epoll_event out[8];
  printf("entries left once every watched file is closed: %d\n", epoll_wait(ep, out, 8, 0));
  return 0;
}
