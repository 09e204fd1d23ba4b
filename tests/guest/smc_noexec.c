// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: calling code in a page without PROT_EXEC\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]+\n$
// Valid instructions in a readable, writable but not executable page: jumping there is an
// instruction-fetch page fault, so the program dies with SIGSEGV (128+11) even though the bytes
// would decode fine. (A translator that only checks that the page is mapped runs them.)
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  uint32_t code[] = {0x02a00513u /* li a0, 42 */, 0x00008067u /* ret */};
  uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  memcpy(p, code, sizeof code);
  __builtin___clear_cache((char *)p, (char *)p + sizeof code);
  printf("calling code in a page without PROT_EXEC\n");
  fflush(stdout);
  long r = ((long (*)(void))p)();
  printf("returned %ld\n", r);
  return 0;
}
