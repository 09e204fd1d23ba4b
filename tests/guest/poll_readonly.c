// rvjit-test: qemu
// ppoll and poll on a pollfd array the kernel may read but not write (a read-only page, the
// program's own code): EFAULT, and the memory is left alone. rvjit used to store revents into
// it regardless (found by the syscall fuzzer: the stores patched the code of a signal handler).
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "common.h"

static int victim_code(int x) { return x * 3 + 1; }

int main(void) {
  int p[2];
  SHOW(pipe(p));
  SHOW(write(p[1], "x", 1));
  struct pollfd *ro = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ro[0] = (struct pollfd){.fd = p[0], .events = POLLIN};
  ro[1] = (struct pollfd){.fd = p[1], .events = POLLOUT};
  SHOW(mprotect(ro, 4096, PROT_READ));
  struct timespec zero = {0, 0};
  SHOW(ppoll(ro, 2, &zero, 0));
  SHOW(poll(ro, 2, 0));
  printf("revents after: %d %d\n", ro[0].revents, ro[1].revents);

  /* the same on code: the function must still compute the same thing afterwards */
  uint8_t before[16], *code = (uint8_t *)(uintptr_t)&victim_code;
  memcpy(before, code, sizeof before);
  SHOW(ppoll((struct pollfd *)code, 2, &zero, 0));
  printf("code unchanged: %d, victim_code(5) = %d\n", !memcmp(before, code, sizeof before), victim_code(5));

  /* writable: the results arrive */
  struct pollfd ok[2] = {{.fd = p[0], .events = POLLIN}, {.fd = p[1], .events = POLLOUT}};
  SHOW(ppoll(ok, 2, &zero, 0));
  printf("revents: %#x %#x\n", ok[0].revents, ok[1].revents);
  return 0;
}
