// rvjit-test: qemu
// flock() waiting for a lock held through another open file description of the same file (in
// this same process, which Linux treats as a conflict) ends with EINTR when a signal handler
// runs, as any interruptible wait. rvjit used to wait forever (found by the syscall fuzzer).
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/time.h>
#include <unistd.h>
#include "common.h"

static volatile sig_atomic_t alarms;
static void on_alarm(int sig) { (void)sig; alarms++; }

int main(void) {
  char name[] = "/tmp/rvjit-flock-XXXXXX";
  int a = mkstemp(name);
  int b = open(name, O_RDWR);
  unlink(name);
  struct sigaction sa = {.sa_handler = on_alarm};
  sigaction(SIGALRM, &sa, 0);
  SHOW(flock(a, LOCK_EX));
  SHOW(flock(b, LOCK_EX | LOCK_NB));
  struct itimerval it = {{0, 0}, {0, 100000}};
  setitimer(ITIMER_REAL, &it, 0);
  SHOW(flock(b, LOCK_EX));
  printf("alarms: %d\n", (int)alarms);
  SHOW(flock(a, LOCK_UN));
  SHOW(flock(b, LOCK_EX));
  return 0;
}
