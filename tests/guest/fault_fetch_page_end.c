// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: code at 0x20000ff8\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x20001000, address 0x20001000\n$
// Execution runs off the end of an executable page into an unmapped one: the instruction fetch
// at the first address of the next page faults, and pc and address are both that address.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  static const uint32_t code[] = {0x00100513u /* li a0, 1 */, 0x00150513u /* addi a0, a0, 1 */};
  uint8_t *p = mmap((void *)0x20000000, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p != (uint8_t *)0x20000000) return 1;
  munmap(p + 4096, 4096);
  memcpy(p + 4096 - sizeof code, code, sizeof code);
  __builtin___clear_cache((char *)p, (char *)p + 4096);
  printf("code at %p\n", (void *)(p + 4096 - sizeof code));
  fflush(stdout);
  ((void (*)(void))(p + 4096 - sizeof code))();
  printf("returned\n");
  return 0;
}
