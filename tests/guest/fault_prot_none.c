// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: first page writable: 5\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]*ff8\n$
// A mapped page with PROT_NONE: it exists (mmap succeeded, mprotect works on it) but any access
// faults. The 8-byte load at offset 0xff8 of the page must report that address.
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
  volatile char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  if (mprotect((char *)p + 4096, 4096, PROT_NONE)) return 2;
  p[0] = 5;
  printf("first page writable: %d\n", p[0]);
  fflush(stdout);
  printf("%ld\n", *(volatile long *)(p + 4096 + 0xff8));
  return 0;
}
