// rvjit-test: qemu
// rvjit-cflags: -pthread
// Blocking calls interrupted by a handled signal, with and without SA_RESTART. A helper thread
// sends SIGUSR1 to the main thread while it is blocked, then (later) makes the call's condition
// true. Linux:
//   read() on a pipe and sem_wait (a futex wait without timeout): with SA_RESTART the call
//     continues and returns the data; without it, -1/EINTR;
//   poll, select, epoll_wait, nanosleep: never restarted after a handler (EINTR even with
//     SA_RESTART);
//   read() and a signal whose disposition is SIG_IGN: not interrupted at all.
// The same for read() with the signal coming from setitimer (SIGALRM, process-directed).
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static atomic_int handled;
static void on_sig(int sig) { (void)sig; atomic_fetch_add(&handled, 1); }

static void install(int sig, void (*h)(int), int flags) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = h;
  sa.sa_flags = flags;
  sigaction(sig, &sa, NULL);
}

static int fds[2];
static sem_t sem;
static pthread_t main_thread;

enum call { READ, SEM_WAIT, POLL, SELECT, EPOLL, NANOSLEEP };
static const char *const NAMES[] = {"read", "sem_wait", "poll", "select", "epoll_wait", "nanosleep"};

/* Helper: interrupt main at 80 ms, satisfy its call at 200 ms. */
static void *helper(void *arg) {
  enum call c = (enum call)(long)arg;
  usleep(80000);
  pthread_kill(main_thread, SIGUSR1);
  usleep(120000);
  if (c == SEM_WAIT) sem_post(&sem);
  else write(fds[1], "data", 4);
  return NULL;
}

static void run(enum call c, int flags) {
  pipe(fds);
  sem_init(&sem, 0, 0);
  install(SIGUSR1, on_sig, flags);
  atomic_store(&handled, 0);
  pthread_t h;
  pthread_create(&h, NULL, helper, (void *)(long)c);
  char buf[16];
  long r = 0;
  errno = 0;
  switch (c) {
  case READ: r = read(fds[0], buf, sizeof buf); break;
  case SEM_WAIT: r = sem_wait(&sem); break;
  case POLL: { struct pollfd p = {fds[0], POLLIN, 0}; r = poll(&p, 1, 10000); break; }
  case SELECT: { fd_set s; FD_ZERO(&s); FD_SET(fds[0], &s); struct timeval tv = {10, 0}; r = select(fds[0] + 1, &s, NULL, NULL, &tv); break; }
  case EPOLL: {
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, fds[0], &ev);
    r = epoll_wait(ep, &out, 1, 10000);
    close(ep);
    break;
  }
  case NANOSLEEP: { struct timespec ts = {0, 400000000L}; r = nanosleep(&ts, &ts); break; }
  }
  int e = errno;
  pthread_join(h, NULL);
  printf("%-10s %-12s: %ld%s%s, handler ran %d time(s)\n", NAMES[c], flags & SA_RESTART ? "SA_RESTART" : "no restart", r,
         r < 0 ? " " : "", r < 0 ? strerrorname_np(e) : "", (int)handled);
  close(fds[0]);
  close(fds[1]);
  sem_destroy(&sem);
}

/* A SIGALRM from an interval timer interrupting read(). */
static void timer_read(int flags) {
  pipe(fds);
  install(SIGALRM, on_sig, flags);
  atomic_store(&handled, 0);
  pthread_t h;
  pthread_create(&h, NULL, helper, (void *)(long)READ); /* its SIGUSR1 is ignored below */
  /* Armed after pthread_create, which under load took qemu-riscv64 longer than the 50 ms, so
     that the alarm came before the read and did not interrupt it. */
  struct itimerval it = {{0, 0}, {0, 50000}};
  setitimer(ITIMER_REAL, &it, NULL);
  char buf[16];
  errno = 0;
  long r = read(fds[0], buf, sizeof buf);
  int e = errno;
  pthread_join(h, NULL);
  printf("read after SIGALRM %-12s: %ld%s%s, handler ran %d time(s)\n", flags & SA_RESTART ? "SA_RESTART" : "no restart", r,
         r < 0 ? " " : "", r < 0 ? strerrorname_np(e) : "", (int)handled);
  close(fds[0]);
  close(fds[1]);
}

int main(void) {
  main_thread = pthread_self();
  for (enum call c = READ; c <= NANOSLEEP; c++) {
    run(c, SA_RESTART);
    run(c, 0);
  }
  /* An ignored signal does not interrupt anything. */
  pipe(fds);
  signal(SIGUSR1, SIG_IGN);
  pthread_t h;
  pthread_create(&h, NULL, helper, (void *)(long)READ);
  char buf[16];
  long r = read(fds[0], buf, sizeof buf);
  pthread_join(h, NULL);
  printf("read with SIGUSR1 ignored: %ld\n", r);
  close(fds[0]);
  close(fds[1]);
  timer_read(SA_RESTART);
  timer_read(0);
  return 0;
}
