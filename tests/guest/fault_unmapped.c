// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: neighbours readable: 1 3\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]*123\n$
// A hole punched with munmap in the middle of a three-page mapping: the pages on both sides stay
// readable, and reading at offset 0x123 of the hole is a SIGSEGV naming that exact address.
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
  volatile char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  p[0] = 1;
  p[2 * 4096] = 3;
  if (munmap((char *)p + 4096, 4096)) return 2;
  printf("neighbours readable: %d %d\n", p[0], p[2 * 4096]);
  fflush(stdout);
  printf("hole: %d\n", p[4096 + 0x123]);
  return 0;
}
