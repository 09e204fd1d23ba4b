// rvjit-test: expect
// rvjit-expect-status: 132
// rvjit-expect-stdout: code at 0x20000000\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGILL \(Illegal instruction\) at pc 0x2000000a\n$
// An illegal instruction after a compressed one, at a known address: the message must give the
// pc of the illegal instruction itself (0x2000000a), not of its block or of the next instruction.
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

int main(void) {
  static const uint16_t code[] = {
    0x0513, 0x0010, /* 0x00: li a0, 1 (32-bit) */
    0x0513, 0x0015, /* 0x04: addi a0, a0, 1 */
    0x0505,         /* 0x08: c.addi a0, 1 */
    0xffff, 0xffff, /* 0x0a: all ones: a reserved (>= 48-bit) encoding */
    0x8082,         /* 0x0e: c.jr ra */
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
