// rvjit-test: qemu
// fork keeps the parent's non-blocking descriptors 0-2 non-blocking (O_NONBLOCK belongs to the
// open file description, shared with the child). rvjit used to lose it: Node makes a spawned
// process's descriptors 0-2 blocking, which changed the parent's description too, so the
// parent's next read of an empty pipe on descriptor 1 hung for good (found by the syscall
// fuzzer). alarm() turns a hang into a failure.
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "common.h"

int main(void) {
  alarm(20);
  int p[2];
  SHOW(pipe2(p, O_NONBLOCK));
  /* the read end becomes descriptor 0, the write end descriptor 1; the log goes to a copy of 1 */
  int out = dup(1);
  FILE *log = fdopen(out, "w");
  setvbuf(log, 0, _IONBF, 0);
  dup2(p[0], 0);
  dup2(p[1], 1);
  pid_t child = fork();
  if (child == 0) _exit(3);
  int st;
  waitpid(child, &st, 0);
  char buf[8];
  long r = read(0, buf, sizeof buf);
  fprintf(log, "after fork: read = %ld (%s), O_NONBLOCK on 0: %d, on 1: %d, child exit %d\n", r,
          r < 0 ? strerrorname_np(errno) : "data", !!(fcntl(0, F_GETFL) & O_NONBLOCK), !!(fcntl(1, F_GETFL) & O_NONBLOCK),
          WEXITSTATUS(st));
  return 0;
}
