// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: first call 42\nmunmap = 0\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]+\n$
// Code that has run is unmapped; calling it again must fault (SIGSEGV) rather than run the cached
// translation of a page that no longer exists.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  uint32_t code[] = {0x02a00513u /* li a0, 42 */, 0x00008067u /* ret */};
  uint8_t *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) return 1;
  memcpy(p, code, sizeof code);
  __builtin___clear_cache((char *)p, (char *)p + sizeof code);
  long (*f)(void) = (long (*)(void))p;
  printf("first call %ld\n", f());
  printf("munmap = %d\n", munmap(p, 4096));
  fflush(stdout);
  printf("second call %ld\n", f());
  return 0;
}
