// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: before munmap: 42\nmunmap: 0\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]+\n$
// Memory that was mapped, written and read (so any translation of this loop has accessed it) is
// unmapped; the next read must fault with SIGSEGV rather than see the old data.
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
  volatile int *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  p[10] = 42;
  printf("before munmap: %d\n", p[10]);
  printf("munmap: %d\n", munmap((void *)p, 4096));
  fflush(stdout);
  printf("after munmap: %d\n", p[10]);
  return 0;
}
