// rvjit-test: qemu
// rvjit-expect-status: 143
// rvjit-expect-stderr: ^rvjit: program terminated by SIGTERM[^\n]*\n$
// A program that sends itself SIGTERM with the default disposition dies of it: exit status
// 128+15 as the shell reports it, output written before is kept, nothing after the kill runs,
// and rvjit says so in one line on stderr.
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
  printf("sending SIGTERM to myself\n");
  fflush(stdout);
  kill(getpid(), SIGTERM);
  printf("still alive after SIGTERM\n");
  return 0;
}
