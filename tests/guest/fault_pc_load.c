// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: code at 0x20000000\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x2000000c, address 0x18\n$
// The fault message must name the exact faulting instruction, even when it sits in the middle of
// a translated block after other instructions: code is copied to a fixed address (0x20000000)
// so the expected pc is known, and the fourth instruction loads from address 0x18.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  static const uint32_t code[] = {
    0x00100513u, /* 0x00: li a0, 1 */
    0x00150513u, /* 0x04: addi a0, a0, 1 */
    0x00000593u, /* 0x08: li a1, 0 */
    0x0185b603u, /* 0x0c: ld a2, 24(a1)   <- faults, address 0x18 */
    0x00008067u, /* 0x10: ret */
  };
  uint8_t *p = mmap((void *)0x20000000, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  if (p != (uint8_t *)0x20000000) return 1;
  memcpy(p, code, sizeof code);
  __builtin___clear_cache((char *)p, (char *)p + sizeof code);
  printf("code at %p\n", (void *)p);
  fflush(stdout);
  ((void (*)(void))p)();
  printf("returned\n");
  return 0;
}
