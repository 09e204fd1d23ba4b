// rvjit-test: qemu
// Error cases where rvjit answered differently from Linux (found by the syscall fuzzer,
// compared with qemu-riscv64, which agrees with Linux on each of them):
//  - pread/pwrite whose range ends beyond the largest file offset: EINVAL (rvjit wrote);
//  - mlockall without MCL_CURRENT/MCL_FUTURE or with unknown flags: EINVAL (rvjit: 0; qemu drops
//    unknown flags before passing the rest on, so only flags it cannot rescue are here);
//  - mprotect with PROT_GROWSUP (no mapping grows up on riscv64): EINVAL (rvjit: 0 / ENOMEM);
//  - wait4(INT_MIN): ESRCH before anything else (rvjit: EFAULT on a bad status pointer);
//  - epoll_ctl reads the event first, even for an invalid op: EFAULT (rvjit: EINVAL);
//  - sched_setaffinity with an empty mask: EINVAL (rvjit: 0);
//  - a blocking write into a pipe interrupted by a signal after a partial write returns the
//    bytes written (rvjit returned EINTR, losing them).
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

static void on_alarm(int sig) { (void)sig; }

static char big[196608];

int main(void) {
  char buf[128] = "data";
  int fd = open("/proc/self/exe", O_RDONLY);
  SHOW(pread(fd, buf, 87, INT64_MAX));
  SHOW(pread(fd, buf, 1, INT64_MAX));
  SHOW(pread(fd, buf, 0, INT64_MAX));
  int p[2];
  pipe(p);
  int w = memfd_create("w", 0);
  SHOW(pwrite(w, buf, 87, INT64_MAX));
  SHOW(lseek(w, 0, SEEK_END));

  SHOW(mlockall(0x10));
  SHOW(mlockall(0));
  SHOW(mlockall(MCL_ONFAULT));

  char *m = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  SHOW(mprotect(m, 4096, PROT_READ | PROT_GROWSUP));
  SHOW(mprotect(m, 4096, PROT_READ | PROT_GROWSUP | PROT_GROWSDOWN));
  SHOW(mprotect(m, 0x4000000000000000UL, PROT_READ | PROT_GROWSUP | PROT_GROWSDOWN));
  SHOW(mprotect(m, 4096, PROT_READ));

  SHOW(syscall(SYS_wait4, INT_MIN, (void *)8, 0, 0));
  SHOW(syscall(SYS_wait4, INT_MIN, 0, 0, 0));

  int ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN};
  SHOW(epoll_ctl(ep, -1, p[0], (struct epoll_event *)8));
  SHOW(epoll_ctl(ep, 99, p[0], &ev));
  SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], (struct epoll_event *)8));
  SHOW(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], (struct epoll_event *)8));

  uint64_t none = 0, all = ~0ULL;
  SHOW(syscall(SYS_sched_setaffinity, 0, 0, &all));
  SHOW(syscall(SYS_sched_setaffinity, 0, 8, &none));
  SHOW(syscall(SYS_sched_setaffinity, 0, 8, &all));

  /* a pipe made non-blocking and back: the write fills it, blocks, and the signal ends it */
  int q[2];
  pipe2(q, O_NONBLOCK);
  fcntl(q[1], F_SETFL, 0);
  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, 0);
  struct itimerval it = {{0, 0}, {0, 200000}};
  setitimer(ITIMER_REAL, &it, 0);
  long n = write(q[1], big, sizeof big);
  printf("interrupted pipe write: %s\n", n == fcntl(q[1], F_GETPIPE_SZ) ? "the pipe's size" : n < 0 ? strerrorname_np(errno) : "other");
  return 0;
}
